import { createRoute, z } from '@hono/zod-openapi';
import { readRawMail } from '@sofortdesk/domain';
import { actorOf } from '../../context.ts';
import { bearerOrSession, problems, type Register } from '../support.ts';
import { mailMessageParams } from './params.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/messages/{mailMessageId}/raw',
  tags: ['Conversations'],
  summary: 'The e-mail behind a message, as it arrived (message/rfc822), for inspection',
  description:
    'A download: the raw message with every header and part, including attachments that were not stored.',
  security: bearerOrSession,
  request: { params: mailMessageParams },
  responses: {
    200: {
      description: 'The raw message',
      content: { 'message/rfc822': { schema: z.string().meta({ format: 'binary' }) } },
    },
    ...problems(401, 403, 404),
  },
});

export const register: Register = (app, { useCases, webchat }) =>
  app.openapi(route, async (c) => {
    const { mailMessageId } = c.req.valid('param');
    const { bytes } = await readRawMail({ ...useCases, blobs: webchat.blobs }, actorOf(c), mailMessageId);
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': 'message/rfc822',
      // Always a download: a browser must never render a customer's mail on our origin.
      'content-disposition': `attachment; filename="${mailMessageId}.eml"`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
    });
  });
