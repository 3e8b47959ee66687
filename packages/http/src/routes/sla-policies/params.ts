import { z } from '@hono/zod-openapi';
import type { SlaPolicyInput } from '@sofortdesk/domain';
import { idRef, type slaPolicyRequest } from '@sofortdesk/protocol';

export const slaPolicyParams = z.object({ slaPolicyId: idRef });

/** The request as the domain takes it: a target left out is none (null). */
export const policyInput = (body: z.output<typeof slaPolicyRequest>): SlaPolicyInput => ({
  ...body,
  targets: {
    firstResponse: body.targets.firstResponse ?? null,
    nextResponse: body.targets.nextResponse ?? null,
    resolution: body.targets.resolution ?? null,
  },
});
