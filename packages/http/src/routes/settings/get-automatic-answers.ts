import { createRoute } from '@hono/zod-openapi';
import { getAutomaticAnswerSettings } from '@sofortdesk/domain';
import { automaticAnswerSettingsSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/settings/automatic-answers',
  tags: ['Settings'],
  summary: "The account's automatic answers: on or off, and their precision target (admins)",
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  responses: { 200: jsonResponse(automaticAnswerSettingsSchema, 'Settings'), ...problems(401, 403) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => c.json(await getAutomaticAnswerSettings(useCases, actorOf(c)), 200));
