import { z } from '@hono/zod-openapi';
import { idRef } from '@sofortdesk/protocol';

/** A web chat inbox: its own parameter name, because the routes that take it answer 404 for other channels. */
export const webchatInboxParams = z.object({
  webchatInboxId: idRef.meta({ description: 'The id of an inbox of channel webchat' }),
});
