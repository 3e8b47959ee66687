/** Knowledge gaps: recurring customer questions without a confident answer, and drafts made from them. */
import { z } from 'zod';
import { idRef, languageSchema as language } from './schemas.ts';

const id = z.string().max(64);

export const knowledgeGapQuery = z.object({
  days: z.coerce
    .number()
    .int()
    .min(1)
    .max(365)
    .default(90)
    .meta({ description: 'How far back to look, in days (conversations started since then)' }),
});

export const knowledgeGapSchema = z
  .object({
    id: id.meta({ description: 'Stable for the same questions' }),
    label: z.string().meta({ description: "The group's top words, as customers wrote them" }),
    count: z.number().int().meta({ description: 'How many conversations asked this' }),
    examples: z
      .array(z.object({ conversationId: id, text: z.string() }))
      .meta({ description: 'Up to 5 questions, the most typical first' }),
    conversationIds: z
      .array(id)
      .meta({ description: 'Every conversation of the group (at most 100): what a draft is made from' }),
  })
  .meta({ id: 'KnowledgeGap' });

export const knowledgeGapListSchema = z.object({ items: z.array(knowledgeGapSchema) });

export const draftFromGapRequest = z
  .strictObject({
    conversationIds: z.array(idRef).min(1).max(100),
    collectionId: idRef.optional().meta({
      description: 'Where the draft goes; default the collection "Entwürfe / Drafts" (made when missing)',
    }),
    language: language.optional().meta({ description: "Default: the conversations' language" }),
  })
  .meta({ id: 'DraftFromGapRequest' });
