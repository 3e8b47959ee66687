import { z } from '@hono/zod-openapi';
import { idRef } from '@sofortdesk/protocol';

export const contactParams = z.object({ contactId: idRef });
