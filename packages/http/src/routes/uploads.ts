/**
 * What the two upload routes (a widget visitor's, an agent's) share: the body is the file itself,
 * read with a size limit; its type is decided later from its content (the domain's checks).
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ProblemError } from '../problems.ts';

const UPLOAD_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'];
const binary = { schema: z.string().meta({ format: 'binary' }) };

export const filenameQuery = z.object({ filename: z.string().max(255).optional() });

/** The OpenAPI body of an upload: one of the accepted file types, as bytes. */
export const uploadBody = {
  required: true,
  description: 'The file',
  content: Object.fromEntries(UPLOAD_TYPES.map((type) => [type, binary])),
};

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
