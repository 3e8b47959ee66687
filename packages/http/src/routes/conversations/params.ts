import { z } from '@hono/zod-openapi';
import { idRef } from '@sofortdesk/protocol';

export const conversationParams = z.object({ conversationId: idRef });

/** A message that came as e-mail (or went out as one): its raw mail and HTML version. */
export const mailMessageParams = z.object({ mailMessageId: idRef });
