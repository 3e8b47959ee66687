import { z } from '@hono/zod-openapi';
import { idRef } from '@sofortdesk/protocol';

export const conversationParams = z.object({ conversationId: idRef });
