import { z } from '@hono/zod-openapi';
import { idRef } from '@sofortdesk/protocol';

export const inboxParams = z.object({ inboxId: idRef });
