/** Automatic answers: the account's settings and agents' suggestions with their feedback. */
import { z } from 'zod';
import { idRef, languageSchema as language } from './schemas.ts';

const id = z.string().max(64);
const probability = z
  .number()
  .min(0)
  .max(1)
  .meta({ description: 'Calibrated probability that it answers the question' });

export const automaticAnswerSettingsSchema = z
  .object({
    enabled: z
      .boolean()
      .meta({ description: 'Answer customers automatically when the engine is sure enough' }),
    precisionTarget: z
      .number()
      .min(0.5)
      .max(0.999)
      .meta({ description: 'Share of automatic answers that must be right (0.5 to 0.999; default 0.95)' }),
  })
  .meta({ id: 'AutomaticAnswerSettings' });

export const updateAutomaticAnswerSettingsRequest = z
  .strictObject({
    enabled: z.boolean(),
    precisionTarget: z.number().min(0.5).max(0.999).default(0.95),
  })
  .meta({ id: 'UpdateAutomaticAnswerSettingsRequest' });

export const conversationSuggestionsSchema = z
  .object({
    messageId: id
      .nullable()
      .meta({ description: "The customer's newest text message; null when there is none" }),
    question: z.string(),
    decision: z.enum(['answer', 'suggest', 'abstain']),
    reason: z.string().meta({
      description:
        "Why, in English (e.g. 'below-threshold', 'no-articles'; 'no-consent': the contact withdrew content-analysis, so nothing was searched)",
    }),
    suggestions: z
      .array(
        z.object({
          articleId: id,
          title: z.string(),
          language,
          probability,
          snippet: z.string(),
          visibility: z.enum(['draft', 'internal', 'public']),
          url: z
            .string()
            .nullable()
            .meta({ description: 'The article in the help centre (public articles only)' }),
        }),
      )
      .max(3),
  })
  .meta({ id: 'ConversationSuggestions' });

export const suggestionFeedbackRequest = z
  .strictObject({
    messageId: idRef,
    articleId: idRef,
    outcome: z.enum(['accepted', 'edited', 'rejected']),
  })
  .meta({ id: 'SuggestionFeedbackRequest' });
