import { z } from '@hono/zod-openapi';

export const conversationParams = z.object({ conversationId: z.string().max(64) });
