import { z } from '@hono/zod-openapi';
import { idRef } from '@sofortdesk/protocol';

export const cannedAnswerParams = z.object({ cannedAnswerId: idRef });
