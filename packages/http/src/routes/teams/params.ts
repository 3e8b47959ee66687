import { z } from '@hono/zod-openapi';
import { idRef } from '@sofortdesk/protocol';

export const teamParams = z.object({ teamId: idRef });
export const teamMemberParams = z.object({ teamId: idRef, agentId: idRef });
