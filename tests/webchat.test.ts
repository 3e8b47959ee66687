/**
 * The web chat channel end to end, on a real server, on each database: the admin's inbox settings and
 * identity secrets, visitor sessions (anonymous, resumed, verified by a signed identity token),
 * exactly-once posting, what a visitor may see (never notes, never another visitor's chat, their own
 * history of every channel only when verified), CORS by the inbox's origins, the visitors' WebSocket
 * (Origin check, live agent replies, typing), and file uploads checked by their content.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '@sofortdesk/testing';
import { call, isProblem, itemsOf, type CallResult } from './support/http.ts';
import { startServer } from '@sofortdesk/server';
import { startTestServer, testConfig, type TestServer } from './support/server.ts';
import { closeAllSockets, TestSocket } from './support/ws.ts';

const SITE = 'https://shop.example';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
const PDF = Buffer.from('%PDF-1.4\n%\u00e2\u00e3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');

interface VisitorFrame {
  type: string;
  cursor?: number;
  conversationId?: string;
  data?: any;
}

/** A visitor's WebSocket: frames buffered from the start, waited for with a timeout. */
class VisitorSocket {
  static readonly open = new Set<VisitorSocket>();
  readonly frames: VisitorFrame[] = [];
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse((data as Buffer).toString('utf8')) as VisitorFrame);
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on('close', () => {
      VisitorSocket.open.delete(this);
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on('error', () => undefined);
  }

  /** Opens the stream; resolves with the socket, or the HTTP status of a refused upgrade. */
  static connect(
    baseUrl: string,
    query: string,
    options: { origin?: string; protocols?: string[] } = {},
  ): Promise<VisitorSocket | number> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/v1/widget/realtime${query}`;
    const socket = new WebSocket(url, options.protocols ?? [], {
      handshakeTimeout: 5000,
      ...(options.origin !== undefined && { origin: options.origin }),
    });
    const client = new VisitorSocket(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => {
        VisitorSocket.open.add(client);
        resolve(client);
      });
      socket.once('unexpected-response', (request, response) => {
        request.destroy();
        resolve(response.statusCode ?? 0);
      });
      socket.once('error', reject);
    });
  }

  /** Waits until a frame satisfies the check; returns it. */
  async waitFor(check: (frame: VisitorFrame) => boolean, timeoutMs = 5000): Promise<VisitorFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(check);
      if (found) return found;
      if (this.socket.readyState === WebSocket.CLOSED) throw new Error('socket closed');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; frames: ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.terminate();
  }
}

describeEachDatabase('web chat channel', (database) => {
  let t: TestServer;
  /** Tenant a's web chat inbox and its first identity secret. */
  let inboxId: string;
  let secret: string;
  let n = 0;
  const unique = (prefix: string) => `${prefix}-${Date.now()}-${++n}`;

  beforeAll(async () => {
    t = await startTestServer(database);
    const created = await call(t.url, '/api/v1/inboxes', {
      token: t.a.adminToken,
      json: {
        name: 'Website',
        channel: 'webchat',
        language: 'de',
        agentIds: [t.a.agent.id],
        allowedOrigins: [`${SITE}/`, 'http://localhost:8080'],
        greeting: { de: 'Hallo! Wie können wir helfen?', en: 'Hi! How can we help?' },
        preChatForm: true,
      },
    });
    expect(created.status, created.text).toBe(201);
    inboxId = created.body.id;
    secret = created.body.identitySecret;
  });
  afterEach(async () => {
    for (const socket of VisitorSocket.open) socket.close();
    await closeAllSockets();
  });
  afterAll(async () => {
    await t?.close();
    await database.drop();
  });

  const widget = (path: string, options: Parameters<typeof call>[2] = {}) =>
    call(t.url, `/api/v1/widget/${inboxId}${path}`, options);

  async function anonymous(
    body: Record<string, unknown> = {},
  ): Promise<{ token: string; sessionId: string }> {
    const result = await widget('/sessions', { json: body });
    expect(result.status, result.text).toBe(201);
    return result.body as { token: string; sessionId: string };
  }

  function identityToken(
    claims: Record<string, unknown>,
    options: { key?: string; audience?: string; expiresIn?: string | number; alg?: string } = {},
  ): Promise<string> {
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: options.alg ?? 'HS256' })
      .setAudience(options.audience ?? inboxId)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '10m');
    return jwt.sign(new TextEncoder().encode(options.key ?? secret));
  }

  async function post(token: string, id: string, text: string, attachments?: string[]): Promise<CallResult> {
    return widget('/messages', { token, json: { id, text, ...(attachments && { attachments }) } });
  }

  async function messagesOf(token: string): Promise<{ id: string; text: string; conversationId: string }[]> {
    const result = await widget('/messages?limit=200', { token });
    expect(result.status, result.text).toBe(200);
    return itemsOf(result);
  }

  describe('the inbox and its settings', () => {
    it('creates a web chat inbox with settings, an embed snippet and an identity secret shown once', async () => {
      const read = await call(t.url, `/api/v1/inboxes/${inboxId}`, { token: t.a.adminToken });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        channel: 'webchat',
        webchat: {
          allowedOrigins: [SITE, 'http://localhost:8080'],
          greeting: { de: 'Hallo! Wie können wir helfen?', en: 'Hi! How can we help?' },
          preChatForm: true,
          embedSnippet: `<script src="${t.url}/widget.js" data-inbox="${inboxId}" async></script>`,
        },
      });
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      const settings = await call(t.url, `/api/v1/inboxes/${inboxId}/webchat`, { token: t.a.agentToken });
      expect(settings.status).toBe(200);
      expect(settings.body.secrets).toHaveLength(1);
      for (const path of [
        `/api/v1/inboxes/${inboxId}`,
        '/api/v1/inboxes',
        `/api/v1/inboxes/${inboxId}/webchat`,
      ]) {
        expect((await call(t.url, path, { token: t.a.adminToken })).text).not.toContain(secret);
      }
      // An api inbox is no web chat inbox; another account's is not found at all.
      expect(
        (await call(t.url, `/api/v1/inboxes/${t.a.inbox.id}/webchat`, { token: t.a.adminToken })).status,
      ).toBe(404);
      expect(
        (await call(t.url, `/api/v1/inboxes/${inboxId}/webchat`, { token: t.b.adminToken })).status,
      ).toBe(404);
      const invalid = await call(t.url, '/api/v1/inboxes', {
        token: t.a.adminToken,
        json: {
          name: 'x',
          channel: 'webchat',
          allowedOrigins: ['https://shop.example/path', 'javascript:x'],
        },
      });
      expect(invalid.status).toBe(422);
      expect((invalid.body.errors as { path: string }[]).map((e) => e.path)).toEqual([
        'json.allowedOrigins.0',
        'json.allowedOrigins.1',
      ]);
    });

    it('lets admins change the settings; agents may read but not change them', async () => {
      const other = await call(t.url, '/api/v1/inboxes', {
        token: t.a.adminToken,
        json: { name: 'Zweite Website', channel: 'webchat', agentIds: [t.a.agent.id] },
      });
      expect(other.status).toBe(201);
      const path = `/api/v1/inboxes/${other.body.id}/webchat`;
      const changed = await call(t.url, path, {
        method: 'PATCH',
        token: t.a.adminToken,
        json: { allowedOrigins: ['https://Blog.Example:8443/'], greeting: { en: 'Hello\u0000!' } },
      });
      expect(changed.status, changed.text).toBe(200);
      expect(changed.body).toMatchObject({
        allowedOrigins: ['https://blog.example:8443'],
        greeting: { de: null, en: 'Hello!' },
        preChatForm: false,
      });
      // An agent of the inbox sees its settings but may not change them.
      const ownPath = `/api/v1/inboxes/${inboxId}/webchat`;
      expect((await call(t.url, ownPath, { token: t.a.agentToken })).status).toBe(200);
      const forbidden = await call(t.url, ownPath, {
        method: 'PATCH',
        token: t.a.agentToken,
        json: { preChatForm: false },
      });
      expect(isProblem(forbidden, 403)).toBe(true);
      const rotate = await call(t.url, `${ownPath}/secrets`, { token: t.a.agentToken, json: {} });
      expect(rotate.status).toBe(403);
      // The widget's public view shows the greeting, nothing internal.
      const publicView = await call(t.url, `/api/v1/widget/${other.body.id}`);
      expect(publicView.body).toEqual({
        inboxId: other.body.id,
        name: 'Zweite Website',
        language: 'de',
        greeting: { de: null, en: 'Hello!' },
        preChatForm: false,
        proactiveRules: [],
        availability: null,
      });
      expect((await call(t.url, `/api/v1/widget/${t.a.inbox.id}`)).status).toBe(404);
    });
  });

  describe('sessions', () => {
    it('starts an anonymous session and resumes it with its token', async () => {
      const first = await widget('/sessions', { json: { name: 'Erika', email: 'Erika@Example.test' } });
      expect(first.status, first.text).toBe(201);
      expect(first.body).toMatchObject({
        token: expect.stringMatching(/^sdv_[0-9a-f]{64}$/),
        verified: false,
        contact: { name: 'Erika', email: 'erika@example.test' },
        widget: { inboxId, preChatForm: true, greeting: { de: 'Hallo! Wie können wir helfen?' } },
      });
      const resumed = await widget('/sessions', { json: { token: first.body.token } });
      expect(resumed.status).toBe(200);
      expect(resumed.body.sessionId).toBe(first.body.sessionId);
      // A token that is not (or no longer) valid starts a new session instead.
      const fresh = await widget('/sessions', { json: { token: 'sdv_0000' } });
      expect(fresh.status).toBe(201);
      expect(fresh.body.sessionId).not.toBe(first.body.sessionId);
      // The visitor endpoints need the token, for this very inbox.
      expect(isProblem(await widget('/messages'), 401)).toBe(true);
      expect((await widget('/messages', { token: 'sdv_nope' })).status).toBe(401);
      expect((await widget('/messages', { token: t.a.adminToken })).status).toBe(401);
      const elsewhere = await call(t.url, `/api/v1/widget/${t.a.inbox.id}/messages`, {
        token: first.body.token,
      });
      expect(elsewhere.status).toBe(401);
      // Nor does a visitor token open anything of the agents' API.
      expect((await call(t.url, '/api/v1/conversations', { token: first.body.token })).status).toBe(401);
    });

    it('binds a session to a customer verified by a signed identity token', async () => {
      const customer = unique('kunde');
      const identity = await identityToken({ sub: customer, email: `${customer}@example.test`, name: 'Max' });
      const verified = await widget('/sessions', { json: { identity } });
      expect(verified.status, verified.text).toBe(201);
      expect(verified.body).toMatchObject({
        verified: true,
        contact: { name: 'Max', email: `${customer}@example.test` },
      });
      // The same customer again: the same contact, a new session.
      const again = await widget('/sessions', { json: { identity } });
      expect(again.status).toBe(201);
      expect(again.body.sessionId).not.toBe(verified.body.sessionId);
      await post(verified.body.token, randomUUID(), 'Erste Frage');
      expect((await messagesOf(again.body.token)).map((m) => m.text)).toEqual(['Erste Frage']);
    });

    it('refuses identity tokens that are expired, for another inbox, or signed with a wrong secret', async () => {
      const sub = unique('kunde');
      const cases: [string, Promise<string>, string][] = [
        ['expired', identityToken({ sub }, { expiresIn: Math.floor(Date.now() / 1000) - 120 }), 'expired'],
        ['wrong audience', identityToken({ sub }, { audience: t.a.inbox.id }), 'not valid'],
        ['wrong secret', identityToken({ sub }, { key: 'f'.repeat(64) }), 'not valid'],
        ['no sub', identityToken({}), 'not valid'],
        ['HS512', identityToken({ sub }, { alg: 'HS512' }), 'not valid'],
        ['garbage', Promise.resolve('eyJ.nope.x'), 'not valid'],
      ];
      for (const [what, token, message] of cases) {
        const result = await widget('/sessions', { json: { identity: await token } });
        expect(result.status, what).toBe(401);
        expect(isProblem(result, 401), what).toBe(true);
        expect(result.body.title, what).toContain(message);
      }
      // Without exp a token is refused too.
      const endless = await new SignJWT({ sub })
        .setProtectedHeader({ alg: 'HS256' })
        .setAudience(inboxId)
        .sign(new TextEncoder().encode(secret));
      expect((await widget('/sessions', { json: { identity: endless } })).status).toBe(401);
    });

    it('accepts tokens of the previous secret after a rotation, and none after a revoking rotation', async () => {
      const created = await call(t.url, '/api/v1/inboxes', {
        token: t.a.adminToken,
        json: { name: 'Rotierend', channel: 'webchat' },
      });
      const id = created.body.id as string;
      const first = created.body.identitySecret as string;
      const session = async (key: string) =>
        (
          await call(t.url, `/api/v1/widget/${id}/sessions`, {
            json: { identity: await identityToken({ sub: 'rot' }, { key, audience: id }) },
          })
        ).status;
      const rotated = await call(t.url, `/api/v1/inboxes/${id}/webchat/secrets`, {
        token: t.a.adminToken,
        json: {},
      });
      expect(rotated.status, rotated.text).toBe(201);
      const second = rotated.body.secret as string;
      expect(second).toMatch(/^[0-9a-f]{64}$/);
      expect(rotated.body.secrets).toHaveLength(2);
      expect(await session(first)).toBe(201);
      expect(await session(second)).toBe(201);
      const settings = await call(t.url, `/api/v1/inboxes/${id}/webchat`, { token: t.a.adminToken });
      expect(settings.text).not.toContain(second);

      const revoking = await call(t.url, `/api/v1/inboxes/${id}/webchat/secrets`, {
        token: t.a.adminToken,
        json: { keepPrevious: false },
      });
      expect(revoking.body.secrets).toHaveLength(1);
      expect(await session(first)).toBe(401);
      expect(await session(second)).toBe(401);
      expect(await session(revoking.body.secret)).toBe(201);
    });

    it('moves what a browser wrote anonymously to the customer it then identifies as, with a new token', async () => {
      const visitor = await anonymous();
      expect((await post(visitor.token, 'a-1', 'Noch anonym')).status).toBe(201);
      const identity = await identityToken({ sub: unique('kunde') });
      const verified = await widget('/sessions', { json: { token: visitor.token, identity } });
      expect(verified.status).toBe(201);
      expect(verified.body.token).not.toBe(visitor.token);
      expect((await messagesOf(verified.body.token)).map((m) => m.text)).toEqual(['Noch anonym']);
      // The anonymous token is spent: it resumes nothing.
      expect((await widget('/messages', { token: visitor.token })).status).toBe(401);
    });
  });

  describe('messages', () => {
    it('stores a message exactly once per client id, even for concurrent retries', async () => {
      const visitor = await anonymous();
      const id = randomUUID();
      const first = await post(visitor.token, id, 'Wo ist mein Paket?');
      expect(first.status, first.text).toBe(201);
      expect(first.body).toMatchObject({ clientMessageId: id, text: 'Wo ist mein Paket?', direction: 'in' });
      const again = await post(visitor.token, id, 'Wo ist mein Paket?');
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      const racing = randomUUID();
      const results = await Promise.all(
        Array.from({ length: 5 }, () => post(visitor.token, racing, 'Hallo?')),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
      expect(new Set(results.map((r) => r.body.id as string)).size).toBe(1);
      expect((await messagesOf(visitor.token)).map((m) => m.text)).toEqual(['Wo ist mein Paket?', 'Hallo?']);
      // Another visitor's same client id is their own message.
      const other = await anonymous();
      const theirs = await post(other.token, id, 'Meins');
      expect(theirs.status).toBe(201);
      expect(theirs.body.id).not.toBe(first.body.id);
      // The agent sees one conversation with the two messages, sanitised input included.
      const conversation = await call(t.url, `/api/v1/conversations/${first.body.conversationId}/messages`, {
        token: t.a.agentToken,
      });
      expect(itemsOf<{ text: string }>(conversation).map((m) => m.text)).toEqual([
        'Wo ist mein Paket?',
        'Hallo?',
      ]);
      const dirty = await post(visitor.token, randomUUID(), 'a\u0000b\u0007c Mu\u0308ller');
      expect(dirty.body.text).toBe('abc Müller');
      expect((await post(visitor.token, 'x y', 'Hallo')).status).toBe(422);
      expect((await post(visitor.token, randomUUID(), '   ')).status).toBe(422);
    });

    it('never shows a visitor internal notes, only what was written to them', async () => {
      const visitor = await anonymous();
      const mine = await post(visitor.token, randomUUID(), 'Ich brauche Hilfe');
      const conversationId = mine.body.conversationId as string;
      const note = await call(t.url, `/api/v1/conversations/${conversationId}/messages`, {
        token: t.a.agentToken,
        json: { text: 'GEHEIM: Kunde ist schwierig', kind: 'note' },
      });
      expect(note.status).toBe(201);
      const reply = await call(t.url, `/api/v1/conversations/${conversationId}/messages`, {
        token: t.a.agentToken,
        json: { text: 'Gern, worum geht es?' },
      });
      expect(reply.status).toBe(201);
      const seen = await widget('/messages', { token: visitor.token });
      expect(itemsOf<{ text: string }>(seen).map((m) => m.text)).toEqual([
        'Ich brauche Hilfe',
        'Gern, worum geht es?',
      ]);
      expect(seen.text).not.toContain('GEHEIM');
      expect(seen.text).not.toContain(t.a.agent.id);
      expect(seen.body.items[1]).toMatchObject({
        direction: 'out',
        authorType: 'user',
        clientMessageId: null,
      });
    });

    it("keeps visitors apart: nobody sees another visitor's chat", async () => {
      const anna = await anonymous();
      const ben = await anonymous();
      await post(anna.token, randomUUID(), 'Annas Geheimnis');
      await post(ben.token, randomUUID(), 'Bens Frage');
      const annas = await messagesOf(anna.token);
      const bens = await messagesOf(ben.token);
      expect(annas.map((m) => m.text)).toEqual(['Annas Geheimnis']);
      expect(bens.map((m) => m.text)).toEqual(['Bens Frage']);
      expect(annas[0]!.conversationId).not.toBe(bens[0]!.conversationId);
    });

    it('shows a verified customer their history of every channel, and an unverified visitor none of it', async () => {
      const customer = unique('stamm');
      const email = `${customer}@example.test`;
      // The customer wrote through the company's app (API channel) before.
      const viaApp = await call(t.url, `/api/v1/inboxes/${t.a.inbox.id}/messages`, {
        token: t.a.adminToken,
        json: {
          externalId: unique('app'),
          contact: { identifier: customer, email },
          text: 'Per App gefragt',
        },
      });
      expect(viaApp.status).toBe(201);
      await call(t.url, `/api/v1/conversations/${viaApp.body.conversationId}/messages`, {
        token: t.a.adminToken,
        json: { text: 'Interne Notiz zur App', kind: 'note' },
      });
      // Someone who merely types that e-mail address into the pre-chat form sees nothing of it.
      const impostor = await anonymous({ email });
      await post(impostor.token, randomUUID(), 'Zeig mir alles');
      expect((await messagesOf(impostor.token)).map((m) => m.text)).toEqual(['Zeig mir alles']);
      // Verified by the company's backend (the same e-mail address), the customer sees their history.
      const identity = await identityToken({ sub: customer, email });
      const verified = await widget('/sessions', { json: { identity } });
      expect(verified.status).toBe(201);
      await post(verified.body.token, randomUUID(), 'Jetzt im Chat');
      const history = await messagesOf(verified.body.token);
      expect(history.map((m) => m.text)).toEqual(['Per App gefragt', 'Jetzt im Chat']);
      // The agent finds one contact, with both identities.
      const contact = await call(t.url, `/api/v1/contacts/${viaApp.body.contactId}`, {
        token: t.a.adminToken,
      });
      expect((contact.body.identities as { kind: string }[]).map((i) => i.kind).sort()).toEqual([
        'api',
        'email',
        'webchat',
      ]);
    });
  });

  describe('CORS', () => {
    it('answers a preflight from an allowed origin, and refuses any other', async () => {
      const preflight = (origin: string, path = '/messages') =>
        widget(path, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization, content-type',
          },
        });
      const allowed = await preflight(SITE);
      expect(allowed.status).toBe(204);
      expect(allowed.headers['access-control-allow-origin']).toBe(SITE);
      expect(allowed.headers['access-control-allow-headers']).toContain('authorization');
      expect(allowed.headers['access-control-allow-methods']).toContain('POST');
      const refused = await preflight('https://evil.example');
      expect(refused.status).toBe(403);
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
      expect((await preflight('https://shop.example.evil.example')).status).toBe(403);
      expect((await preflight('null')).status).toBe(403);
      // An inbox that is not a web chat inbox allows no origin.
      const api = await call(t.url, `/api/v1/widget/${t.a.inbox.id}/sessions`, {
        method: 'OPTIONS',
        headers: { origin: SITE, 'access-control-request-method': 'POST' },
      });
      expect(api.status).toBe(403);

      // The real requests: allowed with the header, refused from elsewhere; without Origin (no browser) as usual.
      const ok = await widget('/sessions', { json: {}, headers: { origin: SITE } });
      expect(ok.status).toBe(201);
      expect(ok.headers['access-control-allow-origin']).toBe(SITE);
      const evil = await widget('/sessions', { json: {}, headers: { origin: 'https://evil.example' } });
      expect(isProblem(evil, 403)).toBe(true);
      expect(evil.headers['access-control-allow-origin']).toBeUndefined();
      // The agents' API is unchanged: no CORS headers.
      const agents = await call(t.url, '/api/v1/inboxes', {
        token: t.a.adminToken,
        headers: { origin: SITE },
      });
      expect(agents.status).toBe(200);
      expect(agents.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('realtime', () => {
    it("checks the Origin and the token of a visitor's WebSocket", async () => {
      const visitor = await anonymous();
      expect(
        await VisitorSocket.connect(t.url, `?token=${visitor.token}`, { origin: 'https://evil.example' }),
      ).toBe(403);
      expect(await VisitorSocket.connect(t.url, '?token=sdv_wrong', { origin: SITE })).toBe(401);
      expect(await VisitorSocket.connect(t.url, '', { origin: SITE })).toBe(401);
      expect(await VisitorSocket.connect(t.url, `?token=${visitor.token}&after=x`, { origin: SITE })).toBe(
        400,
      );
      const socket = await VisitorSocket.connect(t.url, `?token=${visitor.token}`, { origin: SITE });
      expect(socket).toBeInstanceOf(VisitorSocket);
      await (socket as VisitorSocket).waitFor((frame) => frame.type === 'ready');
      // The token may also travel as a subprotocol, out of URLs and logs.
      const viaProtocol = await VisitorSocket.connect(t.url, '', {
        origin: SITE,
        protocols: ['sofortdesk-visitor', visitor.token],
      });
      expect(viaProtocol).toBeInstanceOf(VisitorSocket);
      expect((viaProtocol as VisitorSocket).socket.protocol).toBe('sofortdesk-visitor');
    });

    it("delivers an agent's reply within a second; never notes, never another visitor's events", async () => {
      const visitor = await anonymous();
      const other = await anonymous();
      const first = await post(visitor.token, randomUUID(), 'Hallo, jemand da?');
      const conversationId = first.body.conversationId as string;
      const socket = (await VisitorSocket.connect(t.url, `?token=${visitor.token}`, {
        origin: SITE,
      })) as VisitorSocket;
      const otherSocket = (await VisitorSocket.connect(t.url, `?token=${other.token}`, {
        origin: SITE,
      })) as VisitorSocket;
      const ready = await socket.waitFor((frame) => frame.type === 'ready');
      await otherSocket.waitFor((frame) => frame.type === 'ready');

      await call(t.url, `/api/v1/conversations/${conversationId}/messages`, {
        token: t.a.agentToken,
        json: { text: 'GEHEIME NOTIZ', kind: 'note' },
      });
      const typing = await call(t.url, `/api/v1/conversations/${conversationId}/typing`, {
        token: t.a.agentToken,
        json: { typing: true },
      });
      expect(typing.status).toBe(204);
      const typingFrame = await socket.waitFor((frame) => frame.type === 'typing');
      expect(typingFrame).toEqual({
        type: 'typing',
        conversationId,
        data: { authorType: 'user', typing: true },
      });

      const sent = Date.now();
      const reply = await call(t.url, `/api/v1/conversations/${conversationId}/messages`, {
        token: t.a.agentToken,
        json: { text: 'Ja, ich helfe gern.' },
      });
      expect(reply.status).toBe(201);
      const frame = await socket.waitFor(
        (f) => f.type === 'message.created' && f.data?.message?.id === reply.body.id,
        1000,
      );
      expect(Date.now() - sent).toBeLessThan(1000);
      expect(frame.cursor).toBeGreaterThan(ready.cursor!);
      expect(frame.data.message).toMatchObject({
        text: 'Ja, ich helfe gern.',
        direction: 'out',
        conversationId,
      });

      const resolved = await call(t.url, `/api/v1/conversations/${conversationId}`, {
        method: 'PATCH',
        token: t.a.agentToken,
        json: { status: 'resolved', priority: 'high' },
      });
      expect(resolved.status).toBe(200);
      const status = await socket.waitFor((f) => f.type === 'conversation.updated');
      expect(status.data).toEqual({ conversation: { id: conversationId, status: 'resolved' } });

      // The other visitor's own message reaches them; by then everything before it would have too.
      const theirs = await post(other.token, randomUUID(), 'Andere Frage');
      await otherSocket.waitFor((f) => f.type === 'message.created' && f.data.message.id === theirs.body.id);
      const everything = JSON.stringify([socket.frames, otherSocket.frames]);
      expect(everything).not.toContain('GEHEIME NOTIZ');
      expect(JSON.stringify(otherSocket.frames)).not.toContain(conversationId);
      expect(JSON.stringify(socket.frames)).not.toContain('Andere Frage');

      // Reconnecting with the last cursor replays what was missed, and only that.
      socket.close();
      const afterReply = frame.cursor!;
      const missed = await call(t.url, `/api/v1/conversations/${conversationId}/messages`, {
        token: t.a.agentToken,
        json: { text: 'Noch eine Sache.' },
      });
      const again = (await VisitorSocket.connect(t.url, `?token=${visitor.token}&after=${afterReply}`, {
        origin: SITE,
      })) as VisitorSocket;
      await again.waitFor((f) => f.type === 'ready');
      const texts = again.frames
        .filter((f) => f.type === 'message.created')
        .map((f) => f.data.message.text as string);
      expect(texts).toEqual(['Noch eine Sache.']);
      expect(missed.status).toBe(201);
    });

    it("shows agents a visitor's typing, live and not stored", async () => {
      const visitor = await anonymous();
      expect((await widget('/typing', { token: visitor.token, json: { typing: true } })).status).toBe(204);
      const first = await post(visitor.token, randomUUID(), 'Moment...');
      const agent = await TestSocket.connect(t.url, { token: t.a.agentToken, inboxId });
      await agent.takeUntil((frames) => frames.some((f) => f.type === 'ready'));
      expect((await widget('/typing', { token: visitor.token, json: { typing: true } })).status).toBe(204);
      const [typing] = await agent.takeUntil((frames) => frames.some((f) => f.type === 'typing'));
      expect(typing).toMatchObject({
        type: 'typing',
        inboxId,
        conversationId: first.body.conversationId,
        data: { authorType: 'contact', typing: true },
      });
      const events = await call(t.url, '/api/v1/events?after=0&limit=1000', { token: t.a.adminToken });
      expect(events.text).not.toContain('typing');
    });
  });

  describe('across processes', () => {
    // On PostgreSQL several processes share the work: typing is never stored, so it must cross
    // processes over the bus (NOTIFY) like the events do. SQLite runs in one process only.
    it.runIf(database.kind === 'postgres')(
      "brings another process's agent reply and typing to the visitor's stream",
      async () => {
        const second = await startServer(testConfig(database), { schema: database.schema });
        try {
          const visitor = await anonymous();
          const first = await post(visitor.token, randomUUID(), 'Hallo von Prozess eins');
          const conversationId = first.body.conversationId as string;
          const socket = (await VisitorSocket.connect(t.url, `?token=${visitor.token}`, {
            origin: SITE,
          })) as VisitorSocket;
          await socket.waitFor((f) => f.type === 'ready');
          const typing = await call(second.url, `/api/v1/conversations/${conversationId}/typing`, {
            token: t.a.agentToken,
            json: { typing: true },
          });
          expect(typing.status).toBe(204);
          await socket.waitFor((f) => f.type === 'typing' && f.data.typing === true, 2000);
          const reply = await call(second.url, `/api/v1/conversations/${conversationId}/messages`, {
            token: t.a.agentToken,
            json: { text: 'Antwort aus Prozess zwei' },
          });
          expect(reply.status).toBe(201);
          await socket.waitFor(
            (f) => f.type === 'message.created' && f.data.message.id === reply.body.id,
            2000,
          );
        } finally {
          await second.close();
        }
      },
    );
  });

  describe('attachments', () => {
    it('takes images and PDFs by their content, serves them safely, and lets only the uploader attach them', async () => {
      const visitor = await anonymous();
      const upload = (
        bytes: Buffer,
        query = '',
        token = visitor.token,
        contentType = 'application/octet-stream',
      ) => widget(`/attachments${query}`, { token, raw: bytes, contentType });
      const image = await upload(
        PNG,
        '?filename=../../Bildschirmfoto%20%C3%A4.png',
        visitor.token,
        'text/html',
      );
      expect(image.status, image.text).toBe(201);
      expect(image.body).toMatchObject({
        filename: 'Bildschirmfoto ä.png',
        contentType: 'image/png',
        size: PNG.length,
        url: `${t.url}/api/v1/attachments/${image.body.key}`,
      });
      expect(image.body.key).toMatch(/^[0-9a-f]{64}$/);
      const pdf = await upload(PDF, '?filename=Rechnung.pdf');
      expect(pdf.status).toBe(201);
      expect(pdf.body.contentType).toBe('application/pdf');

      // Whatever the name or header claim, HTML, SVG and empty files are refused.
      expect(
        (
          await upload(
            Buffer.from('<html><script>alert(1)</script>'),
            '?filename=x.png',
            visitor.token,
            'image/png',
          )
        ).status,
      ).toBe(422);
      expect((await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).status).toBe(422);
      expect((await upload(Buffer.alloc(0))).status).toBe(422);
      expect((await upload(Buffer.alloc(11 * 1024 * 1024, 0x89))).status).toBe(413);
      expect((await upload(PNG, '', 'sdv_wrong')).status).toBe(401);

      const served = await call(t.url, new URL(image.body.url).pathname);
      expect(served.status).toBe(200);
      expect(served.headers['content-type']).toBe('image/png');
      expect(served.headers['x-content-type-options']).toBe('nosniff');
      expect(served.headers['content-disposition']).toContain("filename*=UTF-8''Bildschirmfoto%20%C3%A4.png");
      expect(served.headers['cross-origin-resource-policy']).toBe('cross-origin');
      const servedPdf = await call(t.url, new URL(pdf.body.url).pathname);
      expect(servedPdf.headers['content-disposition']).toMatch(/^attachment;/);
      expect((await call(t.url, `/api/v1/attachments/${'0'.repeat(64)}`)).status).toBe(404);

      const sent = await post(visitor.token, randomUUID(), '', [image.body.key]);
      expect(sent.status, sent.text).toBe(201);
      expect(sent.body.attachments).toEqual([
        { filename: 'Bildschirmfoto ä.png', contentType: 'image/png', size: PNG.length, url: image.body.url },
      ]);
      const other = await anonymous();
      const stolen = await post(other.token, randomUUID(), 'Schau mal', [image.body.key]);
      expect(stolen.status).toBe(422);
    });
  });
  describe('proactive rules', () => {
    const rule = (id: string, changes: Record<string, unknown> = {}) => ({
      id,
      enabled: true,
      message: { de: 'Brauchen Sie Hilfe beim Bezahlen?', en: 'Need help with checkout?' },
      urlPattern: '/checkout*',
      minSecondsOnPage: 5,
      minVisits: null,
      event: null,
      ...changes,
    });

    it('replaces the whole list; the widget gets only the enabled rules and only what it needs', async () => {
      const path = `/api/v1/inboxes/${inboxId}/webchat`;
      const rules = [
        rule('checkout'),
        rule('big-cart', {
          urlPattern: null,
          minSecondsOnPage: null,
          event: { name: 'cart', minValue: 100 },
        }),
        rule('paused', { enabled: false, minVisits: 3 }),
      ];
      const changed = await call(t.url, path, {
        method: 'PATCH',
        token: t.a.adminToken,
        json: { proactiveRules: rules },
      });
      expect(changed.status, changed.text).toBe(200);
      expect(changed.body.proactiveRules).toEqual(rules);
      // Other settings stay as they were.
      expect(changed.body.preChatForm).toBe(true);
      const publicView = await widget('');
      expect(publicView.body.proactiveRules).toEqual(
        rules.slice(0, 2).map(({ enabled: _enabled, ...conditions }) => conditions),
      );
      // A change of another setting keeps the rules; an empty list removes them.
      await call(t.url, path, { method: 'PATCH', token: t.a.adminToken, json: { preChatForm: true } });
      expect((await call(t.url, path, { token: t.a.adminToken })).body.proactiveRules).toHaveLength(3);
      const cleared = await call(t.url, path, {
        method: 'PATCH',
        token: t.a.adminToken,
        json: { proactiveRules: [] },
      });
      expect(cleared.body.proactiveRules).toEqual([]);
      expect((await widget('')).body.proactiveRules).toEqual([]);
    });

    it('refuses bad rules with a 422 naming each field, and agents may not change them', async () => {
      const path = `/api/v1/inboxes/${inboxId}/webchat`;
      const bad = await call(t.url, path, {
        method: 'PATCH',
        token: t.a.adminToken,
        json: {
          proactiveRules: [
            rule('has space', { minSecondsOnPage: 3601 }),
            rule('ok', { minVisits: 0, message: { de: null, en: '  ' } }),
            rule('ok', { event: { name: '', minValue: null } }),
          ],
        },
      });
      expect(isProblem(bad, 422)).toBe(true);
      expect((bad.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
        'json.proactiveRules.0.id',
        'json.proactiveRules.0.minSecondsOnPage',
        'json.proactiveRules.1.message',
        'json.proactiveRules.1.minVisits',
        'json.proactiveRules.2.event.name',
      ]);
      const duplicate = await call(t.url, path, {
        method: 'PATCH',
        token: t.a.adminToken,
        json: { proactiveRules: [rule('same'), rule('same')] },
      });
      expect(isProblem(duplicate, 422)).toBe(true);
      expect(duplicate.body.errors).toEqual([
        { path: 'proactiveRules.1.id', message: 'is used by another rule' },
      ]);
      const tooMany = await call(t.url, path, {
        method: 'PATCH',
        token: t.a.adminToken,
        json: { proactiveRules: Array.from({ length: 21 }, (_, i) => rule(`r${i}`)) },
      });
      expect(isProblem(tooMany, 422)).toBe(true);
      const agent = await call(t.url, path, {
        method: 'PATCH',
        token: t.a.agentToken,
        json: { proactiveRules: [rule('x')] },
      });
      expect(isProblem(agent, 403)).toBe(true);
      const otherTenant = await call(t.url, path, {
        method: 'PATCH',
        token: t.b.adminToken,
        json: { proactiveRules: [rule('x')] },
      });
      expect(isProblem(otherTenant, 404)).toBe(true);
    });
  });

  describe('business hours', () => {
    const always = [{ from: '00:00', to: '24:00' }];
    const hours = (changes: Record<string, unknown> = {}) => ({
      timezone: 'Europe/Berlin',
      weekly: { mon: always, tue: always, wed: always, thu: always, fri: always, sat: always, sun: always },
      holidays: [],
      typicalReplyMinutes: 10,
      ...changes,
    });
    const put = (id: string, body: unknown, token = t.a.adminToken) =>
      call(t.url, `/api/v1/inboxes/${id}/business-hours`, { method: 'PUT', token, json: body });

    it('are set on any inbox, shown in the inbox, and removed with null', async () => {
      // The API channel's inbox too: business hours are not a web chat feature.
      const set = await put(t.a.inbox.id, {
        businessHours: hours({ holidays: ['2026-12-25', '2026-12-24'] }),
      });
      expect(set.status, set.text).toBe(200);
      expect(set.body.businessHours).toEqual(hours({ holidays: ['2026-12-24', '2026-12-25'] }));
      const read = await call(t.url, `/api/v1/inboxes/${t.a.inbox.id}`, { token: t.a.agentToken });
      expect(read.body.businessHours.timezone).toBe('Europe/Berlin');
      const removed = await put(t.a.inbox.id, { businessHours: null });
      expect(removed.status).toBe(200);
      expect(removed.body.businessHours).toBeNull();
    });

    it('tell the widget the expected reply time while open, and when the team is back while closed', async () => {
      expect((await put(inboxId, { businessHours: hours() })).status).toBe(200);
      const open = await widget('');
      expect(open.body.availability).toEqual({
        open: true,
        nextOpenAt: null,
        typicalReplyMinutes: 10,
        timezone: 'Europe/Berlin',
      });
      // Only Mondays 09:00 to 17:00 in Tokyo, and today is a holiday: closed now, back on a Monday.
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
      const mondays = hours({
        timezone: 'Asia/Tokyo',
        weekly: {
          mon: [{ from: '09:00', to: '17:00' }],
          tue: [],
          wed: [],
          thu: [],
          fri: [],
          sat: [],
          sun: [],
        },
        holidays: [today],
        typicalReplyMinutes: 30,
      });
      expect((await put(inboxId, { businessHours: mondays })).status).toBe(200);
      const closed = (await widget('')).body.availability;
      expect(closed).toMatchObject({ open: false, typicalReplyMinutes: 30, timezone: 'Asia/Tokyo' });
      const next = new Date(closed.nextOpenAt as string);
      expect(next.getTime()).toBeGreaterThan(Date.now());
      const local = new Intl.DateTimeFormat('en-US', {
        timeZone: 'Asia/Tokyo',
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(next);
      expect(local).toBe('Mon 09:00');
      // A session's widget view says the same.
      expect((await widget('/sessions', { json: {} })).body.widget.availability.open).toBe(false);
      await put(inboxId, { businessHours: null });
      expect((await widget('')).body.availability).toBeNull();
    });

    it('refuse unknown zones, backwards or overlapping intervals and impossible dates; only admins of the account', async () => {
      const bad = await put(inboxId, {
        businessHours: hours({
          timezone: 'Mars/Olympus_Mons',
          weekly: {
            ...hours().weekly,
            mon: [{ from: '17:00', to: '09:00' }],
            tue: [
              { from: '09:00', to: '12:00' },
              { from: '11:00', to: '13:00' },
            ],
          },
          holidays: ['2026-02-30'],
        }),
      });
      expect(isProblem(bad, 422)).toBe(true);
      expect((bad.body.errors as { path: string }[]).map((e) => e.path)).toEqual([
        'businessHours.timezone',
        'businessHours.weekly.mon.0',
        'businessHours.weekly.tue.1',
        'businessHours.holidays.0',
      ]);
      const shape = await put(inboxId, {
        businessHours: hours({
          weekly: { ...hours().weekly, wed: [{ from: '9:00', to: '25:00' }] },
          typicalReplyMinutes: 0,
        }),
      });
      expect(isProblem(shape, 422)).toBe(true);
      expect((shape.body.errors as { path: string }[]).map((e) => e.path)).toEqual([
        'json.businessHours.weekly.wed.0.from',
        'json.businessHours.weekly.wed.0.to',
        'json.businessHours.typicalReplyMinutes',
      ]);
      expect(isProblem(await put(inboxId, { businessHours: hours() }, t.a.agentToken), 403)).toBe(true);
      expect(isProblem(await put(inboxId, { businessHours: hours() }, t.b.adminToken), 404)).toBe(true);
    });
  });

  describe('pre-chat form', () => {
    it("stores name and e-mail on the visitor's contact, the e-mail as an identity mail later finds", async () => {
      const email = `${unique('vorab')}@example.test`;
      // The widget starts the session when the chat opens, and sends the form's answers on resuming it.
      const session = await anonymous();
      const resumed = await widget('/sessions', {
        json: { token: session.token, name: 'Paula Vorab', email: email.toUpperCase() },
      });
      expect(resumed.status, resumed.text).toBe(200);
      expect(resumed.body.contact).toEqual({ name: 'Paula Vorab', email });
      const first = await post(session.token, randomUUID(), 'Frage nach dem Formular');
      const conversation = await call(t.url, `/api/v1/conversations/${first.body.conversationId}`, {
        token: t.a.adminToken,
      });
      const contact = await call(t.url, `/api/v1/contacts/${conversation.body.contactId}`, {
        token: t.a.adminToken,
      });
      expect(contact.body).toMatchObject({ name: 'Paula Vorab', email });
      expect(contact.body.identities).toContainEqual(
        expect.objectContaining({ kind: 'email', value: email }),
      );
      // Her mail through another channel later lands on the same contact.
      const viaApp = await call(t.url, `/api/v1/inboxes/${t.a.inbox.id}/messages`, {
        token: t.a.adminToken,
        json: {
          externalId: unique('mail'),
          contact: { identifier: unique('app'), email },
          text: 'Per Mail nachgefragt',
        },
      });
      expect(viaApp.status, viaApp.text).toBe(201);
      expect(viaApp.body.contactId).toBe(conversation.body.contactId);
      // The anonymous session still sees only its web chat, never what came by the other channel.
      expect((await messagesOf(session.token)).map((m) => m.text)).toEqual(['Frage nach dem Formular']);
      // An invalid address is refused.
      const invalid = await widget('/sessions', { json: { token: session.token, email: 'nicht-gültig' } });
      expect(isProblem(invalid, 422)).toBe(true);
    });

    it("ends the form-filler's anonymous session once the real customer is verified with that e-mail", async () => {
      const customer = unique('echt');
      const email = `${customer}@example.test`;
      const impostor = await anonymous({ email });
      await post(impostor.token, randomUUID(), 'Ich bin es wirklich');
      const verified = await widget('/sessions', {
        json: { identity: await identityToken({ sub: customer, email }) },
      });
      expect(verified.status).toBe(201);
      await post(verified.body.token, randomUUID(), 'Meine private Frage');
      // The impostor's token no longer works; resuming with it starts a new, empty chat.
      expect((await widget('/messages?limit=10', { token: impostor.token })).status).toBe(401);
    });
  });

  describe('read receipts', () => {
    it('marks both ways, only forward, and tells the other side live', async () => {
      const visitor = await anonymous();
      const first = await post(visitor.token, randomUUID(), 'Hallo, gelesen?');
      const conversationId = first.body.conversationId as string;
      const agentSocket = await TestSocket.connect(t.url, { token: t.a.agentToken });
      await agentSocket.takeUntil((frames) => frames.some((f) => f.type === 'ready'));
      const visitorSocket = (await VisitorSocket.connect(t.url, '', {
        origin: SITE,
        protocols: ['sofortdesk-visitor', visitor.token],
      })) as VisitorSocket;
      await visitorSocket.waitFor((frame) => frame.type === 'ready');

      // The agent opens the conversation: the customer's widget hears it, without who read it.
      const byAgent = await call(t.url, `/api/v1/conversations/${conversationId}/read`, {
        method: 'POST',
        token: t.a.agentToken,
      });
      expect(byAgent.status, byAgent.text).toBe(200);
      expect(Date.parse(byAgent.body.agentLastReadAt)).toBeGreaterThanOrEqual(
        Date.parse(first.body.createdAt),
      );
      expect(byAgent.body.contactLastReadAt).toBeNull();
      const seen = await visitorSocket.waitFor((frame) => frame.type === 'conversation.read');
      expect(seen.data).toEqual({
        conversation: {
          id: conversationId,
          contactLastReadAt: null,
          agentLastReadAt: byAgent.body.agentLastReadAt,
        },
        reader: 'agent',
      });

      // After a reload the widget reads the mark with the history.
      const history = await widget('/messages?limit=10', { token: visitor.token });
      expect(history.body.readMarks).toEqual([
        { conversationId, agentLastReadAt: byAgent.body.agentLastReadAt },
      ]);
      expect(
        (await widget('/messages?limit=10', { token: (await anonymous()).token })).body.readMarks,
      ).toEqual([]);

      // The visitor reads the agent's reply: the agents hear it.
      await call(t.url, `/api/v1/conversations/${conversationId}/messages`, {
        token: t.a.agentToken,
        json: { text: 'Ja, gelesen.' },
      });
      const byVisitor = await widget('/read', { token: visitor.token, json: { conversationId } });
      expect(byVisitor.status, byVisitor.text).toBe(204);
      const [read] = (
        await agentSocket.takeUntil((frames) =>
          frames.some((f) => f.type === 'conversation.read' && f.data?.reader === 'contact'),
        )
      ).filter((f) => f.type === 'conversation.read' && f.data?.reader === 'contact');
      expect(read!.data.conversation).toMatchObject({
        id: conversationId,
        contactLastReadAt: expect.any(String),
      });
      const conversation = await call(t.url, `/api/v1/conversations/${conversationId}`, {
        token: t.a.agentToken,
      });
      expect(conversation.body.contactLastReadAt).toBe(read!.data.conversation.contactLastReadAt);

      // Marking again with nothing new written moves nothing and tells nobody.
      const markByAgent = () =>
        call(t.url, `/api/v1/conversations/${conversationId}/read`, {
          method: 'POST',
          token: t.a.agentToken,
        });
      const caughtUp = (await markByAgent()).body.agentLastReadAt as string; // past the agent's own reply
      await visitorSocket.waitFor(
        (frame) => frame.type === 'conversation.read' && frame.data.conversation.agentLastReadAt === caughtUp,
      );
      const frames = visitorSocket.frames.length;
      expect((await markByAgent()).body.agentLastReadAt).toBe(caughtUp);
      expect((await widget('/read', { token: visitor.token, json: { conversationId } })).status).toBe(204);
      const unchanged = await call(t.url, `/api/v1/conversations/${conversationId}`, {
        token: t.a.agentToken,
      });
      expect(unchanged.body.contactLastReadAt).toBe(read!.data.conversation.contactLastReadAt);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(visitorSocket.frames.length).toBe(frames);
    });

    it("refuses another visitor's, another account's and unknown conversations", async () => {
      const owner = await anonymous();
      const other = await anonymous();
      const first = await post(owner.token, randomUUID(), 'Meins');
      const conversationId = first.body.conversationId as string;
      expect(isProblem(await widget('/read', { token: other.token, json: { conversationId } }), 404)).toBe(
        true,
      );
      expect(
        isProblem(await widget('/read', { token: owner.token, json: { conversationId: 'nope' } }), 404),
      ).toBe(true);
      expect(isProblem(await widget('/read', { json: { conversationId } }), 401)).toBe(true);
      expect(isProblem(await widget('/read', { token: owner.token, json: {} }), 422)).toBe(true);
      const foreign = await call(t.url, `/api/v1/conversations/${conversationId}/read`, {
        method: 'POST',
        token: t.b.adminToken,
      });
      expect(isProblem(foreign, 404)).toBe(true);
    });
  });
});
