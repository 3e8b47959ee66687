/**
 * Proactive invitations of a web chat inbox: the admin's rules (replaced as a whole list) and the
 * part of an enabled rule the widget gets.
 */
import { z } from 'zod';
import { plainText, shortText } from './text.ts';

const ruleMessage = z
  .strictObject({ de: plainText(1000).nullable(), en: plainText(1000).nullable() })
  .refine((message) => Boolean(message.de?.trim() || message.en?.trim()), {
    message: 'needs a message in at least one language',
  });

const ruleConditions = {
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1 to 40 of A-Z a-z 0-9 _ -'),
  message: ruleMessage.meta({ description: "Shown as the team's message; the visitor's language first" }),
  urlPattern: z
    .string()
    .min(1)
    .max(500)
    .regex(/^[^\s]*$/, 'must not contain spaces')
    .nullable()
    .meta({
      description: 'Glob on location.pathname + location.search; * matches any run of characters',
    }),
  minSecondsOnPage: z.number().int().min(0).max(3600).nullable(),
  minVisits: z.number().int().min(1).max(1000).nullable(),
  event: z
    .strictObject({ name: shortText(64), minValue: z.number().finite().nullable() })
    .nullable()
    .meta({ description: 'A Sofortdesk.track(name, { value }) call of the page, value >= minValue' }),
};

export const proactiveRuleSchema = z.strictObject({ ...ruleConditions, enabled: z.boolean() }).meta({
  id: 'ProactiveRule',
  description:
    'Opens the widget with its message when every non-null condition holds; at most once per rule, visitor and day',
});

export const proactiveRulesInput = z.array(proactiveRuleSchema).max(20);

export const widgetProactiveRuleSchema = z
  .object({
    id: z.string(),
    message: z.object({ de: z.string().nullable(), en: z.string().nullable() }),
    urlPattern: z.string().nullable(),
    minSecondsOnPage: z.number().nullable(),
    minVisits: z.number().nullable(),
    event: z.object({ name: z.string(), minValue: z.number().nullable() }).nullable(),
  })
  .meta({ id: 'WidgetProactiveRule' });
