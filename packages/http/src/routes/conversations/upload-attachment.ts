import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { uploadAgentAttachment } from '@sofortdesk/domain';
import { storedAttachmentSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentStoredAttachment } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';
import { filenameQuery, readLimited, uploadBody } from '../uploads.ts';
import { conversationParams } from './params.ts';

/** Uploads carry bytes, not JSON: the body guard leaves them to this route. */
export const isAgentUpload = (c: Context) =>
  c.req.method === 'POST' && /^\/api\/v1\/conversations\/[^/]+\/attachments\/?$/.test(c.req.path);

export const route = createRoute({
  method: 'post',
  path: '/api/v1/conversations/{conversationId}/attachments',
  tags: ['Conversations'],
  summary: 'Upload an image (PNG, JPEG, GIF, WebP) or a PDF to send in a reply',
  description:
    'The body is the file itself. Its type is recognised by its content, whatever Content-Type or ' +
    "file name say, with the same checks as the widget's uploads. Name the answer's key in a reply " +
    "(attachments: [key]) to send it; only you can, and only in this conversation's inbox.",
  security: bearerOrSession,
  request: {
    params: conversationParams,
    query: filenameQuery,
    body: uploadBody,
  },
  responses: {
    201: jsonResponse(storedAttachmentSchema, 'Stored'),
    ...problems(401, 403, 404, 413, 422),
  },
});

export const register: Register = (app, { webchat }) =>
  app.openapi(route, async (c) => {
    const actor = actorOf(c);
    const { conversationId } = c.req.valid('param');
    const bytes = await readLimited(c, webchat.attachmentLimitBytes);
    const stored = await uploadAgentAttachment(webchat, actor, conversationId, {
      filename: c.req.valid('query').filename,
      bytes,
    });
    return c.json(presentStoredAttachment(stored, webchat.attachmentUrl(stored.key)), 201);
  });
