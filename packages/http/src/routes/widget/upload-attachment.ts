import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { uploadVisitorAttachment } from '@sofortdesk/domain';
import { storedAttachmentSchema } from '@sofortdesk/protocol';
import { presentStoredAttachment } from '../../presenters.ts';
import { jsonResponse, problems, visitorToken, type Register } from '../support.ts';
import { filenameQuery, readLimited, uploadBody } from '../uploads.ts';
import { visitorOf, webchatInboxParams } from './support.ts';

/** Uploads carry bytes, not JSON: the body guard leaves them to this route. */
export const isUpload = (c: Context) =>
  c.req.method === 'POST' && /^\/api\/v1\/widget\/[^/]+\/attachments\/?$/.test(c.req.path);

export const route = createRoute({
  method: 'post',
  path: '/api/v1/widget/{webchatInboxId}/attachments',
  tags: ['Widget'],
  summary: 'The visitor uploads an image (PNG, JPEG, GIF, WebP) or a PDF',
  description:
    'The body is the file itself. Its type is recognised by its content, whatever Content-Type or ' +
    "file name say. Name the answer's key in a message (attachments: [key]) to send it.",
  security: visitorToken,
  request: {
    params: webchatInboxParams,
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
    const visitor = await visitorOf(c, webchat, c.req.valid('param').webchatInboxId);
    const bytes = await readLimited(c, webchat.attachmentLimitBytes);
    const stored = await uploadVisitorAttachment(webchat, visitor, {
      filename: c.req.valid('query').filename,
      bytes,
    });
    return c.json(presentStoredAttachment(stored, webchat.attachmentUrl(stored.key)), 201);
  });
