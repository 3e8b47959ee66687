import { createRoute } from '@hono/zod-openapi';
import { updateAutomaticAnswerSettings } from '@sofortdesk/domain';
import { automaticAnswerSettingsSchema, updateAutomaticAnswerSettingsRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'put',
  path: '/api/v1/settings/automatic-answers',
  tags: ['Settings'],
  summary: 'Turn automatic answers on or off and set their precision target (admins)',
  description:
    'The knowledge base answers a customer on its own only when its calibrated probability reaches the ' +
    'threshold for this precision target; complaints and requests for a person are never answered.',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { body: jsonBody(updateAutomaticAnswerSettingsRequest) },
  responses: {
    200: jsonResponse(automaticAnswerSettingsSchema, 'Saved'),
    ...problems(400, 401, 403, 415, 422),
  },
});

export const register: Register = (app, { useCases, answering }) =>
  app.openapi(route, async (c) => {
    const settings = await updateAutomaticAnswerSettings(
      { ...useCases, answering },
      actorOf(c),
      c.req.valid('json'),
    );
    return c.json(settings, 200);
  });
