import { z } from '@hono/zod-openapi';
import { idRef } from '@sofortdesk/protocol';

export const routingRuleParams = z.object({ routingRuleId: idRef });
