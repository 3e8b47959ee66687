import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { uploadVisitorAttachment } from '@sofortdesk/domain';
import { storedAttachmentSchema } from '@sofortdesk/protocol';
import { ProblemError } from '../../problems.ts';
import { presentStoredAttachment } from '../../presenters.ts';
import { jsonResponse, problems, visitorToken, type Register } from '../support.ts';
import { visitorOf, webchatInboxParams } from './support.ts';

const UPLOAD_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'];
const binary = { schema: z.string().meta({ format: 'binary' }) };

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
    query: z.object({ filename: z.string().max(255).optional() }),
    body: {
      required: true,
      description: 'The file',
      content: Object.fromEntries(UPLOAD_TYPES.map((type) => [type, binary])),
    },
  },
  responses: {
    201: jsonResponse(storedAttachmentSchema, 'Stored'),
    ...problems(401, 403, 404, 413, 422),
  },
});

/** Reads the request body, refusing it (413) as soon as it grows beyond maxBytes. */
export async function readLimited(c: Context, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () =>
    new ProblemError({ status: 413, title: 'The file is too large', detail: `At most ${maxBytes} bytes.` });
  const length = c.req.header('content-length');
  if (length !== undefined && Number(length) > maxBytes) throw tooLarge();
  const body = c.req.raw.body;
  if (!body) return new Uint8Array();
  const reader: ReadableStreamDefaultReader<Uint8Array> = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

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
