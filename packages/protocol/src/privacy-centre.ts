/** The customer's privacy centre: the widget's one-time link for a verified visitor. */
import { z } from 'zod';

export const widgetPrivacyLinkRequest = z
  .strictObject({
    language: z
      .enum(['de', 'en'])
      .optional()
      .meta({ description: "The centre's language; the contact's own when left out" }),
  })
  .meta({ id: 'WidgetPrivacyLinkRequest' });

export const widgetPrivacyLinkSchema = z
  .object({
    url: z.string().meta({
      description: 'Opens the privacy centre signed in as the verified customer; works once',
    }),
    expiresAt: z.string().meta({ format: 'date-time' }),
  })
  .meta({ id: 'WidgetPrivacyLink' });
