import { createRoute } from '@hono/zod-openapi';
import { getWidgetInbox, inboxAvailability } from '@sofortdesk/domain';
import { widgetInboxSchema } from '@sofortdesk/protocol';
import { presentWidgetInbox } from '../../presenters.ts';
import { jsonResponse, noAuth, problems, type Register } from '../support.ts';
import { webchatInboxParams } from './support.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/widget/{webchatInboxId}',
  tags: ['Widget'],
  summary:
    "The widget's inbox: name, language, greeting, pre-chat form, proactive rules, availability (public)",
  description: 'For the widget to show before anyone writes, so no session is needed for a page view.',
  security: noAuth,
  request: { params: webchatInboxParams },
  responses: { 200: jsonResponse(widgetInboxSchema, 'The widget inbox'), ...problems(403, 404) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const inbox = await getWidgetInbox(useCases, c.req.valid('param').webchatInboxId);
    return c.json(presentWidgetInbox(inbox, inboxAvailability(useCases, inbox)), 200);
  });
