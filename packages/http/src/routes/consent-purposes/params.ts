import { z } from '@hono/zod-openapi';
import { idRef } from '@sofortdesk/protocol';

export const purposeParams = z.object({ purposeId: idRef });
