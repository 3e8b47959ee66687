import { createRoute, z } from '@hono/zod-openapi';
import { getErasureReceipt } from '@sofortdesk/domain';
import { erasureReceiptSchema, idRef } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentErasureReceipt } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/privacy/erasures/{receiptId}',
  tags: ['Privacy'],
  summary: 'An erasure receipt: status, times and counts, without personal data',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { params: z.object({ receiptId: idRef }) },
  responses: {
    200: jsonResponse(erasureReceiptSchema, 'The receipt'),
    ...problems(401, 403, 404),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const receipt = await getErasureReceipt(useCases, actorOf(c), c.req.valid('param').receiptId);
    return c.json(presentErasureReceipt(receipt), 200);
  });
