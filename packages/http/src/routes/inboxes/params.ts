import { z } from '@hono/zod-openapi';

export const inboxParams = z.object({ inboxId: z.string().max(64) });
