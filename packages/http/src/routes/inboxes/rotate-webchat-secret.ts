import { createRoute } from '@hono/zod-openapi';
import { rotateWebchatSecret } from '@sofortdesk/domain';
import { rotateWebchatSecretRequest, rotatedWebchatSecretSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';
import { webchatInboxParams } from './webchat-params.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/inboxes/{webchatInboxId}/webchat/secrets',
  tags: ['Widget'],
  summary: 'Make a new identity secret for a web chat inbox (admins); its value is shown only now',
  description:
    'The newest previous secret stays valid unless keepPrevious is false; older ones are revoked. ' +
    'Identity tokens signed with a revoked secret are refused.',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { params: webchatInboxParams, body: jsonBody(rotateWebchatSecretRequest) },
  responses: {
    201: jsonResponse(rotatedWebchatSecretSchema, 'The new secret'),
    ...problems(400, 401, 403, 404, 415, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const { secret, secrets } = await rotateWebchatSecret(
      useCases,
      actorOf(c),
      c.req.valid('param').webchatInboxId,
      c.req.valid('json'),
    );
    return c.json({ id: secret.id, secret: secret.secret, createdAt: secret.createdAt, secrets }, 201);
  });
