/**
 * A raw HTTP client for system tests, on node:http rather than fetch: it can send bytes that are
 * not valid UTF-8, any Content-Type (or none), a chunked body without Content-Length, cookies, and
 * can connect from another loopback address (localAddress) to look like a different host.
 */
import http from 'node:http';

export interface CallOptions {
  method?: string;
  token?: string;
  /** A Cookie header value, e.g. "sofortdesk_session=..." */
  cookie?: string;
  csrf?: string;
  /** Serialised as JSON with Content-Type application/json, unless raw is given. */
  json?: unknown;
  /** Sent as is; contentType is then whatever the caller says (undefined: no Content-Type). */
  raw?: string | Uint8Array;
  contentType?: string;
  /** Send the body in chunks without Content-Length (Transfer-Encoding: chunked). */
  chunked?: boolean;
  localAddress?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  body: any;
  contentType: string | undefined;
}

export function call(base: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const url = new URL(base);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  if (options.csrf !== undefined) headers['x-csrf-token'] = options.csrf;
  let payload: Buffer | undefined;
  if (options.raw !== undefined) {
    payload = Buffer.from(options.raw);
    if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  } else if (options.json !== undefined) {
    payload = Buffer.from(JSON.stringify(options.json), 'utf8');
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  if (payload && !options.chunked) headers['content-length'] = String(payload.length);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? (payload ? 'POST' : 'GET'),
        path,
        headers,
        localAddress: options.localAddress,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text,
            body,
            contentType: response.headers['content-type'],
          });
        });
      },
    );
    request.on('error', reject);
    if (payload && options.chunked) {
      for (let offset = 0; offset < payload.length; offset += 1024)
        request.write(payload.subarray(offset, offset + 1024));
      request.end();
    } else {
      request.end(payload);
    }
  });
}

/** The items of a list or page answer, typed as the caller expects them. */
export const itemsOf = <T = { id: string }>(result: CallResult): T[] => (result.body as { items: T[] }).items;

/** The "name=value" of a Set-Cookie header for this cookie, to send back as Cookie. */
export function cookieFrom(result: CallResult, name: string): string | undefined {
  const setCookie = result.headers['set-cookie'] ?? [];
  const line = setCookie.find((value) => value.startsWith(`${name}=`));
  return line?.split(';')[0];
}

/** Asserts the shape of an RFC 9457 problem answer; returns its body. */
export function isProblem(result: CallResult, status?: number): boolean {
  return (
    result.contentType === 'application/problem+json' &&
    typeof result.body?.title === 'string' &&
    result.body?.status === result.status &&
    (status === undefined || result.status === status)
  );
}
