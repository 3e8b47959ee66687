import { z } from '@hono/zod-openapi';

export const contactParams = z.object({ contactId: z.string().max(64) });
