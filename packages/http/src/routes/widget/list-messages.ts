import { createRoute } from '@hono/zod-openapi';
import { agentReadMarks, listVisitorMessages } from '@sofortdesk/domain';
import { paginationQuery, visitorMessagePageSchema } from '@sofortdesk/protocol';
import { presentVisitorMessage } from '../../presenters.ts';
import { jsonResponse, problems, visitorToken, type Register } from '../support.ts';
import { visitorOf, webchatInboxParams } from './support.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/widget/{webchatInboxId}/messages',
  tags: ['Widget'],
  summary: "The visitor's messages, oldest first",
  description:
    'Only what the customer may see (no internal notes, no system lines). Anonymous: this chat. ' +
    "Verified: the customer's messages of every channel. readMarks: until when an agent has read " +
    'the conversations of this page (read receipts).',
  security: visitorToken,
  request: { params: webchatInboxParams, query: paginationQuery },
  responses: {
    200: jsonResponse(visitorMessagePageSchema, 'A page'),
    ...problems(401, 403, 404, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const visitor = await visitorOf(c, useCases, c.req.valid('param').webchatInboxId);
    const page = await listVisitorMessages(useCases, visitor, c.req.valid('query'));
    const readMarks = await agentReadMarks(
      useCases,
      visitor,
      page.items.map((m) => m.conversationId),
    );
    return c.json(
      {
        items: page.items.map((m) => presentVisitorMessage(m, visitor)),
        nextCursor: page.nextCursor,
        readMarks,
      },
      200,
    );
  });
