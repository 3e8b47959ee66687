import { createRoute, z } from '@hono/zod-openapi';
import { setContactAttributes } from '@sofortdesk/domain';
import { contactAttributesSchema, setContactAttributesRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';
import { contactParams } from './params.ts';

export const route = createRoute({
  method: 'put',
  path: '/api/v1/contacts/{contactId}/attributes',
  tags: ['Contacts'],
  summary: "Set a contact's attributes that routing rules look at (e.g. vip), replacing them",
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin', 'agent'],
  request: { params: contactParams, body: jsonBody(setContactAttributesRequest) },
  responses: {
    200: jsonResponse(z.object({ attributes: contactAttributesSchema }), 'The attributes now'),
    ...problems(400, 401, 403, 404, 415, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const attributes = await setContactAttributes(
      useCases,
      actorOf(c),
      c.req.valid('param').contactId,
      c.req.valid('json').attributes,
    );
    return c.json({ attributes }, 200);
  });
