import { createRoute, z } from '@hono/zod-openapi';
import { readAttachment } from '@sofortdesk/domain';
import { noAuth, problems, type Register } from '../support.ts';

export const ATTACHMENTS_PREFIX = '/api/v1/attachments/';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/attachments/{attachmentKey}',
  tags: ['Widget'],
  summary: 'An uploaded file (public: its unguessable URL is the permission)',
  security: noAuth,
  request: {
    params: z.object({
      attachmentKey: z.string().max(128).meta({ description: "From the URL in a message's attachments" }),
    }),
  },
  responses: {
    200: {
      description: 'The file, as the type it was recognised as',
      content: Object.fromEntries(
        ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'].map((type) => [
          type,
          { schema: z.string().meta({ format: 'binary' }) },
        ]),
      ),
    },
    ...problems(404),
  },
});

/** RFC 6266: an ASCII fallback and the UTF-8 name. */
function disposition(kind: 'inline' | 'attachment', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export const register: Register = (app, { webchat }) =>
  app.openapi(route, async (c) => {
    const { attachment, bytes } = await readAttachment(webchat, c.req.valid('param').attachmentKey);
    // Images show in the widget; anything else (PDF) is downloaded, never rendered on our origin.
    const kind = attachment.contentType.startsWith('image/') ? 'inline' : 'attachment';
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': attachment.contentType,
      'content-disposition': disposition(kind, attachment.filename),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, max-age=31536000, immutable',
    });
  });
