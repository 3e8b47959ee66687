import { z } from '@hono/zod-openapi';
import { idRef } from '@sofortdesk/protocol';

export const inboxMemberParams = z.object({ inboxId: idRef, agentId: idRef });
