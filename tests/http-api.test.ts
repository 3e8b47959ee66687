/**
 * The REST API end to end, over real HTTP on both databases: agent sessions with CSRF protection,
 * the agent's daily work (read, reply, note, assign, status, snooze, merge, timeline), inbox
 * creation, the operational endpoints, and how every kind of bad request is answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { createTestDatabase, describeEachDatabase } from '@sofortdesk/testing';
import { call, cookieFrom, isProblem, itemsOf, type CallResult } from './support/http.ts';
import {
  isOperationalRoute,
  OPERATIONAL_ROUTES,
  operations,
  registeredRoutes,
  type OpenApiDocument,
} from './support/openapi.ts';
import { startTestServer, type TestServer } from './support/server.ts';

const PASSWORD = 'correct horse battery staple';
const SESSION = 'sofortdesk_session';
/** Control characters stored text must never contain (tab, LF and CR are kept). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

let sequence = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${++sequence}`;
const errorPaths = (result: CallResult): string[] =>
  ((result.body?.errors ?? []) as { path: string }[]).map((e) => e.path);

/** Whether this machine can connect from 127.0.0.x addresses other than 127.0.0.1 (Linux can; macOS cannot). */
async function loopbackAliases(): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      const socket = net.connect({ host: '127.0.0.1', port, localAddress: '127.0.0.23' });
      socket.on('connect', () => {
        socket.destroy();
        server.close(() => resolve(true));
      });
      socket.on('error', () => server.close(() => resolve(false)));
    });
  });
}
const canUseLoopbackAliases = await loopbackAliases();

describeEachDatabase('HTTP API', (database) => {
  let t: TestServer;

  beforeAll(async () => {
    // This server's login limit is roomy; the limit itself is tested on a server of its own below.
    t = await startTestServer(database, { SOFORTDESK_LOGIN_RATE_LIMIT: '1000' });
  });
  afterAll(async () => {
    await t?.close();
    await database.drop();
  });

  /** A customer's message through the API channel, as tenant a's admin; answers the created ids. */
  async function inbound(inboxId: string, contact: Record<string, string>, text: string) {
    const result = await call(t.url, `/api/v1/inboxes/${inboxId}/messages`, {
      token: t.a.adminToken,
      json: { externalId: unique('ext'), contact, text },
    });
    expect(result.status, result.text).toBe(201);
    return result.body as { messageId: string; conversationId: string; contactId: string };
  }

  async function createAgent(fields: Record<string, unknown>) {
    const result = await call(t.url, '/api/v1/agents', {
      token: t.a.adminToken,
      json: { name: 'Neu Agentin', ...fields },
    });
    expect(result.status, result.text).toBe(201);
    return result;
  }

  const login = (email: string, password: string) =>
    call(t.url, '/api/v1/auth/login', { json: { email, password } });

  async function session(email: string) {
    const result = await login(email, PASSWORD);
    expect(result.status, result.text).toBe(200);
    const cookie = cookieFrom(result, SESSION);
    expect(cookie).toBeDefined();
    return { cookie: cookie!, csrf: result.body.csrfToken as string, result };
  }

  type StoredMessage = {
    kind: string;
    direction: string;
    text: string;
    externalId: string | null;
    inboxId: string;
  };
  const messagesOf = async (conversationId: string) =>
    itemsOf<StoredMessage>(
      await call(t.url, `/api/v1/conversations/${conversationId}/messages`, { token: t.a.adminToken }),
    );

  describe('sessions', () => {
    let email: string;
    let agentId: string;
    let conversationId: string;

    beforeAll(async () => {
      email = unique('sven') + '@example.test';
      const created = await createAgent({
        email,
        name: 'Sven Session',
        password: PASSWORD,
        inboxIds: [t.a.inbox.id],
      });
      agentId = created.body.id;
      conversationId = (await inbound(t.a.inbox.id, { identifier: unique('c') }, 'Hallo Session'))
        .conversationId;
    });

    it('creates an agent with a password and never shows the password or its hash', async () => {
      const created = await createAgent({ email: unique('p') + '@example.test', password: PASSWORD });
      expect(Object.keys(created.body).sort()).toEqual([
        'createdAt',
        'email',
        'id',
        'language',
        'name',
        'role',
      ]);
      expect(created.body.role).toBe('agent');
      expect(created.text).not.toContain(PASSWORD);
      expect(created.text).not.toMatch(/argon2/);
      const list = await call(t.url, '/api/v1/agents', { token: t.a.adminToken });
      expect(list.text).not.toMatch(/argon2|password/i);
    });

    it('logs in with the password: an HttpOnly session cookie and a CSRF token', async () => {
      const { result, cookie, csrf } = await session(email);
      const line = (result.headers['set-cookie'] ?? []).find((value) => value.startsWith(`${SESSION}=`))!;
      expect(line).toMatch(/;\s*HttpOnly/i);
      expect(line).toMatch(/;\s*SameSite=Lax/i);
      expect(line).toMatch(/;\s*Path=\//i);
      expect(result.body.agent).toMatchObject({ id: agentId, email, role: 'agent' });
      expect(csrf).toMatch(/^[\w-]{24,}$/);
      expect(cookie.split('=')[1]).not.toContain(csrf);
      // The session is what the cookie carries: it identifies the agent.
      const me = await call(t.url, '/api/v1/me', { cookie });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ agent: { id: agentId }, inboxIds: [t.a.inbox.id], csrfToken: csrf });
      // E-mail addresses are matched trimmed and case-insensitively.
      expect((await login(`  ${email.toUpperCase()} `, PASSWORD)).status).toBe(200);
    });

    it('refuses a cookie-authenticated change without the right X-CSRF-Token (403), accepts it with', async () => {
      const { cookie, csrf } = await session(email);
      const other = await session(email);
      const before = (await messagesOf(conversationId)).length;
      const path = `/api/v1/conversations/${conversationId}/messages`;
      for (const token of [undefined, '', 'wrong', other.csrf, csrf.slice(0, -1)]) {
        const refused = await call(t.url, path, { cookie, csrf: token, json: { text: 'ohne CSRF' } });
        expect(refused.status, `X-CSRF-Token ${token}`).toBe(403);
        expect(isProblem(refused, 403)).toBe(true);
      }
      expect(await messagesOf(conversationId)).toHaveLength(before);
      // The same holds for PATCH.
      const patch = await call(t.url, `/api/v1/conversations/${conversationId}`, {
        method: 'PATCH',
        cookie,
        json: { priority: 'high' },
      });
      expect(patch.status).toBe(403);

      const accepted = await call(t.url, path, { cookie, csrf, json: { text: 'mit CSRF' } });
      expect(accepted.status, accepted.text).toBe(201);
      expect(accepted.body).toMatchObject({
        text: 'mit CSRF',
        authorType: 'user',
        authorId: agentId,
        kind: 'text',
      });
      expect(await messagesOf(conversationId)).toHaveLength(before + 1);
      // Reads need no CSRF token.
      expect((await call(t.url, path, { cookie })).status).toBe(200);
    });

    it('needs no CSRF token with a Bearer token', async () => {
      const result = await call(t.url, `/api/v1/conversations/${conversationId}/messages`, {
        token: t.a.agentToken,
        json: { text: 'per Token' },
      });
      expect(result.status, result.text).toBe(201);
    });

    it('answers 401 for a wrong password or an unknown e-mail, and sets no cookie', async () => {
      for (const attempt of [
        login(email, 'wrong password!'),
        login(unique('nobody') + '@example.test', PASSWORD),
        login(email, ''),
      ]) {
        const result = await attempt;
        expect(result.status).toBe(401);
        expect(isProblem(result, 401)).toBe(true);
        expect(cookieFrom(result, SESSION)).toBeUndefined();
      }
      // An agent without a password (the fixtures' agent) cannot log in at all.
      expect((await login(t.a.agent.email, PASSWORD)).status).toBe(401);
    });

    it('answers 401 without credentials and for a bad Bearer token or session cookie', async () => {
      for (const options of [
        {},
        { token: 'sdt_not-a-token' },
        { cookie: `${SESSION}=sds_forged` },
        { headers: { authorization: 'Basic YTpi' } },
      ]) {
        const result = await call(t.url, '/api/v1/conversations', options);
        expect(result.status, JSON.stringify(options)).toBe(401);
        expect(isProblem(result, 401)).toBe(true);
      }
    });

    it('logs out: the session is gone, the cookie is cleared', async () => {
      const { cookie, csrf } = await session(email);
      // Logging out is a change too: without the CSRF token a foreign page cannot end the session.
      expect((await call(t.url, '/api/v1/auth/logout', { method: 'POST', cookie })).status).toBe(403);
      expect((await call(t.url, '/api/v1/me', { cookie })).status).toBe(200);

      const out = await call(t.url, '/api/v1/auth/logout', { method: 'POST', cookie, csrf });
      expect(out.status).toBe(204);
      const cleared = (out.headers['set-cookie'] ?? []).find((value) => value.startsWith(`${SESSION}=`));
      expect(cleared).toMatch(/Max-Age=0/i);
      // The old cookie no longer opens anything, even with its CSRF token.
      expect((await call(t.url, '/api/v1/me', { cookie })).status).toBe(401);
      const change = await call(t.url, `/api/v1/conversations/${conversationId}/messages`, {
        cookie,
        csrf,
        json: { text: 'x' },
      });
      expect(change.status).toBe(401);
    });
  });

  describe('agents at work', () => {
    let conversationId: string;
    let otherConversationId: string;

    beforeAll(async () => {
      conversationId = (await inbound(t.a.inbox.id, { identifier: unique('c') }, 'Mein Paket fehlt'))
        .conversationId;
      otherConversationId = (await inbound(t.a.otherInbox.id, { identifier: unique('c') }, 'Rückruf bitte'))
        .conversationId;
    });

    const patch = (id: string, json: unknown, token = t.a.agentToken) =>
      call(t.url, `/api/v1/conversations/${id}`, { method: 'PATCH', token, json });

    it('lists and reads the conversations of their own inboxes only', async () => {
      const list = await call(t.url, '/api/v1/conversations?limit=200', { token: t.a.agentToken });
      expect(list.status).toBe(200);
      const ids = itemsOf<{ id: string }>(list).map((c) => c.id);
      expect(ids).toContain(conversationId);
      expect(ids).not.toContain(otherConversationId);
      expect(itemsOf<{ inboxId: string }>(list).every((c) => c.inboxId === t.a.inbox.id)).toBe(true);

      const one = await call(t.url, `/api/v1/conversations/${conversationId}`, { token: t.a.agentToken });
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({
        id: conversationId,
        inboxId: t.a.inbox.id,
        status: 'open',
        assigneeId: null,
      });

      const filtered = await call(t.url, `/api/v1/conversations?inboxId=${t.a.otherInbox.id}`, {
        token: t.a.agentToken,
      });
      expect(filtered.body.items).toEqual([]);
      const inboxes = await call(t.url, '/api/v1/inboxes', { token: t.a.agentToken });
      expect(itemsOf<{ id: string }>(inboxes).map((i) => i.id)).toEqual([t.a.inbox.id]);
      // The admin sees both.
      const all = await call(t.url, '/api/v1/conversations?limit=200', { token: t.a.adminToken });
      expect(itemsOf<{ id: string }>(all).map((c) => c.id)).toEqual(
        expect.arrayContaining([conversationId, otherConversationId]),
      );
    });

    it('gets 404 for everything in an inbox they are not a member of, and changes nothing', async () => {
      const before = await call(t.url, `/api/v1/conversations/${otherConversationId}`, {
        token: t.a.adminToken,
      });
      const attempts = [
        call(t.url, `/api/v1/conversations/${otherConversationId}`, { token: t.a.agentToken }),
        call(t.url, `/api/v1/conversations/${otherConversationId}/messages`, { token: t.a.agentToken }),
        call(t.url, `/api/v1/conversations/${otherConversationId}/messages`, {
          token: t.a.agentToken,
          json: { text: 'x' },
        }),
        call(t.url, `/api/v1/conversations/${otherConversationId}/messages`, {
          token: t.a.agentToken,
          json: { text: 'x', kind: 'note' },
        }),
        patch(otherConversationId, { status: 'resolved', priority: 'urgent' }),
        call(t.url, `/api/v1/inboxes/${t.a.otherInbox.id}`, { token: t.a.agentToken }),
      ];
      for (const result of await Promise.all(attempts)) {
        expect(result.status, result.text).toBe(404);
        expect(isProblem(result, 404)).toBe(true);
      }
      const after = await call(t.url, `/api/v1/conversations/${otherConversationId}`, {
        token: t.a.adminToken,
      });
      expect(after.body).toEqual(before.body);
      expect(await messagesOf(otherConversationId)).toHaveLength(1);
    });

    it('replies to the customer and writes internal notes', async () => {
      const reply = await call(t.url, `/api/v1/conversations/${conversationId}/messages`, {
        token: t.a.agentToken,
        json: { text: 'Wir kümmern uns darum.' },
      });
      expect(reply.status, reply.text).toBe(201);
      expect(reply.body).toMatchObject({
        conversationId,
        inboxId: t.a.inbox.id,
        direction: 'out',
        kind: 'text',
        authorType: 'user',
        authorId: t.a.agent.id,
        text: 'Wir kümmern uns darum.',
      });
      const afterReply = await call(t.url, `/api/v1/conversations/${conversationId}`, {
        token: t.a.agentToken,
      });
      expect(afterReply.body.lastMessageAt).toBe(reply.body.createdAt);

      const note = await call(t.url, `/api/v1/conversations/${conversationId}/messages`, {
        token: t.a.agentToken,
        json: { text: 'Kunde ist VIP', kind: 'note' },
      });
      expect(note.status).toBe(201);
      expect(note.body).toMatchObject({ kind: 'note', direction: 'out', authorId: t.a.agent.id });
      // A note is internal: the conversation's last customer-visible activity stays the reply.
      const afterNote = await call(t.url, `/api/v1/conversations/${conversationId}`, {
        token: t.a.agentToken,
      });
      expect(afterNote.body.lastMessageAt).toBe(reply.body.createdAt);

      const messages = await messagesOf(conversationId);
      expect(messages.map((m) => [m.kind, m.direction, m.text])).toEqual([
        ['text', 'in', 'Mein Paket fehlt'],
        ['text', 'out', 'Wir kümmern uns darum.'],
        ['note', 'out', 'Kunde ist VIP'],
      ]);

      const empty = await call(t.url, `/api/v1/conversations/${conversationId}/messages`, {
        token: t.a.agentToken,
        json: { text: '  \u0000 ' },
      });
      expect(empty.status).toBe(422);
      expect(errorPaths(empty)).toContain('text');
      const badKind = await call(t.url, `/api/v1/conversations/${conversationId}/messages`, {
        token: t.a.agentToken,
        json: { text: 'x', kind: 'event' },
      });
      expect(badKind.status).toBe(422);
      expect(errorPaths(badKind)).toContain('json.kind');
    });

    it('assigns the conversation to an agent of the inbox, and unassigns it', async () => {
      const assigned = await patch(conversationId, { assigneeId: t.a.agent.id });
      expect(assigned.status, assigned.text).toBe(200);
      expect(assigned.body.assigneeId).toBe(t.a.agent.id);
      const mine = await call(t.url, `/api/v1/conversations?assigneeId=${t.a.agent.id}`, {
        token: t.a.agentToken,
      });
      expect(itemsOf<{ id: string }>(mine).map((c) => c.id)).toContain(conversationId);
      const unassignedList = await call(t.url, '/api/v1/conversations?assigneeId=none&limit=200', {
        token: t.a.agentToken,
      });
      expect(itemsOf<{ id: string }>(unassignedList).map((c) => c.id)).not.toContain(conversationId);

      // Someone who does not work in this inbox, or nobody at all, cannot be the assignee.
      const outsider = await createAgent({ email: unique('outsider') + '@example.test' });
      for (const assigneeId of [outsider.body.id, t.b.agent.id, 'no-such-agent']) {
        const refused = await patch(conversationId, { assigneeId });
        expect(refused.status, assigneeId).toBe(422);
        expect(errorPaths(refused)).toEqual(['assigneeId']);
      }
      expect(
        (await call(t.url, `/api/v1/conversations/${conversationId}`, { token: t.a.agentToken })).body
          .assigneeId,
      ).toBe(t.a.agent.id);

      const unassigned = await patch(conversationId, { assigneeId: null });
      expect(unassigned.status).toBe(200);
      expect(unassigned.body.assigneeId).toBeNull();
    });

    it('changes the status', async () => {
      for (const status of ['pending', 'resolved', 'open'] as const) {
        const result = await patch(conversationId, { status });
        expect(result.status, result.text).toBe(200);
        expect(result.body.status).toBe(status);
        expect(
          (await call(t.url, `/api/v1/conversations/${conversationId}`, { token: t.a.agentToken })).body
            .status,
        ).toBe(status);
      }
      const invalid = await patch(conversationId, { status: 'closed' });
      expect(invalid.status).toBe(422);
      expect(errorPaths(invalid)).toEqual(['json.status']);
    });

    it('snoozes only until a moment in the future (422 otherwise)', async () => {
      const until = new Date(Date.now() + 3_600_000).toISOString();
      const snoozed = await patch(conversationId, { status: 'snoozed', snoozedUntil: until });
      expect(snoozed.status, snoozed.text).toBe(200);
      expect(snoozed.body).toMatchObject({ status: 'snoozed', snoozedUntil: until });

      const refusals: [unknown, string][] = [
        [{ status: 'snoozed', snoozedUntil: new Date(Date.now() - 60_000).toISOString() }, 'snoozedUntil'],
        [{ status: 'snoozed', snoozedUntil: null }, 'snoozedUntil'],
        [{ status: 'snoozed' }, 'snoozedUntil'],
        [{ status: 'snoozed', snoozedUntil: 'tomorrow' }, 'json.snoozedUntil'],
        [{ status: 'snoozed', snoozedUntil: '9999-12-31T23:59:59-14:00' }, 'snoozedUntil'],
        [{ status: 'open', snoozedUntil: until }, 'snoozedUntil'],
      ];
      for (const [json, path] of refusals) {
        const result = await patch(conversationId, json);
        expect(result.status, JSON.stringify(json) + result.text).toBe(422);
        expect(isProblem(result, 422)).toBe(true);
        expect(errorPaths(result)).toContain(path);
      }
      // Still snoozed as before.
      expect(
        (await call(t.url, `/api/v1/conversations/${conversationId}`, { token: t.a.agentToken })).body,
      ).toMatchObject({
        status: 'snoozed',
        snoozedUntil: until,
      });
      const reopened = await patch(conversationId, { status: 'open' });
      expect(reopened.body).toMatchObject({ status: 'open', snoozedUntil: null });
      // An open conversation needs a time to be snoozed.
      expect((await patch(conversationId, { status: 'snoozed' })).status).toBe(422);
    });

    it('merges two contacts; the timeline then spans both inboxes', async () => {
      const tag = unique('merge');
      const target = await inbound(
        t.a.inbox.id,
        { identifier: `${tag}-app`, email: `${tag}@example.test` },
        'Erste Nachricht per App',
      );
      const source = await inbound(
        t.a.otherInbox.id,
        { identifier: `${tag}-tel`, name: 'Erika Muster', phone: '+49 30 555 123' },
        'Zweite Nachricht per Telefon',
      );
      expect(source.contactId).not.toBe(target.contactId);

      const merged = await call(t.url, `/api/v1/contacts/${target.contactId}/merge`, {
        token: t.a.agentToken,
        json: { sourceContactId: source.contactId },
      });
      expect(merged.status, merged.text).toBe(200);
      // The target keeps its id and e-mail, and gains what only the source knew.
      expect(merged.body).toMatchObject({
        id: target.contactId,
        email: `${tag}@example.test`,
        name: 'Erika Muster',
        phone: '+4930555123',
      });

      expect(
        (await call(t.url, `/api/v1/contacts/${source.contactId}`, { token: t.a.adminToken })).status,
      ).toBe(404);
      const detail = await call(t.url, `/api/v1/contacts/${target.contactId}`, { token: t.a.adminToken });
      expect(
        (detail.body.identities as { kind: string; value: string }[])
          .map((i) => `${i.kind}:${i.value}`)
          .sort(),
      ).toEqual(
        [
          `api:${t.a.inbox.id}:${tag}-app`,
          `api:${t.a.otherInbox.id}:${tag}-tel`,
          `email:${tag}@example.test`,
          'phone:+4930555123',
        ].sort(),
      );
      const moved = await call(t.url, `/api/v1/conversations/${source.conversationId}`, {
        token: t.a.adminToken,
      });
      expect(moved.body.contactId).toBe(target.contactId);

      // The admin's timeline has both channels, oldest first.
      const timeline = await call(t.url, `/api/v1/contacts/${target.contactId}/timeline`, {
        token: t.a.adminToken,
      });
      expect(timeline.status).toBe(200);
      expect(itemsOf<{ text: string; inboxId: string }>(timeline).map((m) => [m.inboxId, m.text])).toEqual([
        [t.a.inbox.id, 'Erste Nachricht per App'],
        [t.a.otherInbox.id, 'Zweite Nachricht per Telefon'],
      ]);
      // The agent sees the part of it in the inbox they work in.
      const agentTimeline = await call(t.url, `/api/v1/contacts/${target.contactId}/timeline`, {
        token: t.a.agentToken,
      });
      expect(itemsOf<{ text: string }>(agentTimeline).map((m) => m.text)).toEqual([
        'Erste Nachricht per App',
      ]);

      // The source's identities now lead to the merged contact.
      const again = await inbound(t.a.otherInbox.id, { identifier: `${tag}-tel` }, 'Dritte Nachricht');
      expect(again.contactId).toBe(target.contactId);
      expect(again.conversationId).toBe(source.conversationId);

      const self = await call(t.url, `/api/v1/contacts/${target.contactId}/merge`, {
        token: t.a.agentToken,
        json: { sourceContactId: target.contactId },
      });
      expect(self.status).toBe(422);
      expect(errorPaths(self)).toEqual(['sourceContactId']);
      const gone = await call(t.url, `/api/v1/contacts/${target.contactId}/merge`, {
        token: t.a.agentToken,
        json: { sourceContactId: source.contactId },
      });
      expect(gone.status).toBe(404);
    });
  });

  describe('inboxes', () => {
    it('lets an admin create an api inbox; the webhook secret is shown once, and only with a webhook URL', async () => {
      const plain = await call(t.url, '/api/v1/inboxes', {
        token: t.a.adminToken,
        json: { name: 'Shop-App', channel: 'api' },
      });
      expect(plain.status, plain.text).toBe(201);
      expect(plain.body).toMatchObject({
        name: 'Shop-App',
        channel: 'api',
        language: 'de',
        webhookSecret: null,
      });

      const hooked = await call(t.url, '/api/v1/inboxes', {
        token: t.a.adminToken,
        json: {
          name: 'Telefonanlage',
          channel: 'api',
          language: 'en',
          webhookUrl: 'https://example.test/hook',
          agentIds: [t.a.agent.id],
        },
      });
      expect(hooked.status, hooked.text).toBe(201);
      expect(hooked.body.webhookSecret).toMatch(/^[0-9a-f]{64}$/);
      expect(hooked.body.language).toBe('en');

      const read = await call(t.url, `/api/v1/inboxes/${hooked.body.id}`, { token: t.a.adminToken });
      expect(read.status).toBe(200);
      expect(read.body).not.toHaveProperty('webhookSecret');
      const list = await call(t.url, '/api/v1/inboxes', { token: t.a.adminToken });
      expect(itemsOf<{ id: string }>(list).map((i) => i.id)).toEqual(
        expect.arrayContaining([plain.body.id, hooked.body.id]),
      );
      expect(list.text).not.toContain(hooked.body.webhookSecret);

      // agentIds made the agent a member: a fresh token of theirs sees the new inbox.
      const token = await call(t.url, '/api/v1/tokens', { token: t.a.agentToken, json: { name: 'frisch' } });
      expect(token.status).toBe(201);
      expect(
        (await call(t.url, `/api/v1/inboxes/${hooked.body.id}`, { token: token.body.token })).status,
      ).toBe(200);
      expect(
        (await call(t.url, `/api/v1/inboxes/${plain.body.id}`, { token: token.body.token })).status,
      ).toBe(404);
    });

    it('forbids agents to create inboxes (403) and rejects invalid ones (422)', async () => {
      const before = (await call(t.url, '/api/v1/inboxes', { token: t.a.adminToken })).body.items.length;
      const forbidden = await call(t.url, '/api/v1/inboxes', {
        token: t.a.agentToken,
        json: { name: 'Meins', channel: 'api' },
      });
      expect(forbidden.status).toBe(403);
      expect(isProblem(forbidden, 403)).toBe(true);
      const invalid = await call(t.url, '/api/v1/inboxes', {
        token: t.a.adminToken,
        json: { name: '', channel: 'fax', webhookUrl: 'ftp://example.test/x' },
      });
      expect(invalid.status).toBe(422);
      expect(errorPaths(invalid)).toEqual(
        expect.arrayContaining(['json.name', 'json.channel', 'json.webhookUrl']),
      );
      expect((await call(t.url, '/api/v1/inboxes', { token: t.a.adminToken })).body.items).toHaveLength(
        before,
      );
    });
  });

  describe('operational endpoints', () => {
    it('answers /healthz and /readyz', async () => {
      const health = await call(t.url, '/healthz');
      expect([health.status, health.body]).toEqual([200, { status: 'ok' }]);
      const ready = await call(t.url, '/readyz');
      expect([ready.status, ready.body]).toEqual([200, { status: 'ready' }]);
    });

    it('serves Prometheus metrics, labelled by route pattern rather than by ids', async () => {
      await inbound(t.a.inbox.id, { identifier: unique('metrics') }, 'für die Metriken');
      const metrics = await call(t.url, '/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.contentType).toMatch(/^text\/plain/);
      expect(metrics.text).toMatch(/^# TYPE sofortdesk_http_request_duration_seconds histogram$/m);
      expect(metrics.text).toMatch(/^# TYPE sofortdesk_inbound_messages_total counter$/m);
      expect(metrics.text).toMatch(/^sofortdesk_inbound_messages_total [1-9]\d*$/m);
      expect(metrics.text).toMatch(/route="\/api\/v1\/inboxes\/:inboxId\/messages"/);
      expect(metrics.text).not.toContain(t.a.inbox.id);
    });

    it('describes the API as OpenAPI 3.1.0, with every route the app serves', async () => {
      const response = await call(t.url, '/api/openapi.json');
      expect(response.status).toBe(200);
      expect(response.contentType).toMatch(/^application\/json/);
      const doc = response.body as OpenApiDocument;
      expect(doc.openapi).toBe('3.1.0');
      const documented = operations(doc)
        .map((op) => op.label)
        .sort();
      const served = registeredRoutes(t.server.app);
      for (const route of OPERATIONAL_ROUTES) expect(served).toContain(route);
      expect(documented).toEqual(served.filter((route) => !isOperationalRoute(route)));
      expect(documented.length).toBeGreaterThan(15);
      // Every documented operation says what it answers, errors as problem documents.
      for (const op of operations(doc)) {
        const responses = doc.paths[op.path]![op.method].responses as Record<string, any>;
        for (const [status, response] of Object.entries(responses)) {
          if (Number(status) >= 400)
            expect(Object.keys(response.content ?? {}), `${op.label} ${status}`).toEqual([
              'application/problem+json',
            ]);
        }
      }
    });

    it('serves the API documentation as HTML', async () => {
      const docs = await call(t.url, '/api/docs');
      expect(docs.status).toBe(200);
      expect(docs.contentType).toMatch(/^text\/html/);
      expect(docs.text).toMatch(/swagger/i);
      expect(docs.text).toContain('/api/openapi.json');
      // Its assets come from this server (a self-hosted install may have no internet).
      const scripts = [...docs.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
      expect(scripts.length).toBeGreaterThan(0);
      for (const asset of scripts) {
        expect(asset.startsWith('/'), asset).toBe(true);
        expect((await call(t.url, asset)).status, asset).toBe(200);
      }
    });
  });

  describe('problem documents and input hygiene', () => {
    let conversationId: string;
    beforeAll(async () => {
      conversationId = (await inbound(t.a.inbox.id, { identifier: unique('c') }, 'Hallo')).conversationId;
    });
    const replyPath = () => `/api/v1/conversations/${conversationId}/messages`;

    it('names every failing field in a 422 problem document', async () => {
      const wrongType = await call(t.url, replyPath(), { token: t.a.adminToken, json: { text: 42 } });
      expect(wrongType.status).toBe(422);
      expect(wrongType.contentType).toBe('application/problem+json');
      expect(wrongType.body).toMatchObject({
        type: expect.stringMatching(/^https:\/\//),
        title: expect.any(String),
        status: 422,
        instance: replyPath(),
      });
      expect(errorPaths(wrongType)).toEqual(['json.text']);

      const several = await call(t.url, '/api/v1/agents', {
        token: t.a.adminToken,
        json: { email: 'kein-at', name: 7, role: 'boss' },
      });
      expect(errorPaths(several).sort()).toEqual(['json.email', 'json.name', 'json.role']);

      const query = await call(t.url, '/api/v1/conversations?status=closed&limit=0', {
        token: t.a.adminToken,
      });
      expect(query.status).toBe(422);
      expect(errorPaths(query).sort()).toEqual(['query.limit', 'query.status']);

      const param = await call(t.url, `/api/v1/conversations/${'x'.repeat(65)}`, { token: t.a.adminToken });
      expect(param.status).toBe(422);
      expect(errorPaths(param)).toEqual(['param.conversationId']);
    });

    it('rejects unknown body fields (422) rather than dropping them', async () => {
      const result = await call(t.url, replyPath(), {
        token: t.a.adminToken,
        json: { text: 'Hallo', sendAt: 'never' },
      });
      expect(result.status).toBe(422);
      expect(result.body.errors).toEqual([
        expect.objectContaining({ path: 'json', message: expect.stringContaining('sendAt') }),
      ]);
      const nested = await call(t.url, `/api/v1/inboxes/${t.a.inbox.id}/messages`, {
        token: t.a.adminToken,
        json: { externalId: unique('e'), contact: { identifier: 'x', vip: true }, text: 'Hallo' },
      });
      expect(nested.status).toBe(422);
      expect(errorPaths(nested)).toEqual(['json.contact']);
    });

    it('answers malformed JSON with 400, a non-JSON content type with 415, invalid UTF-8 with 400', async () => {
      const before = (await messagesOf(conversationId)).length;
      for (const raw of ['{"text": "Hallo"', '{text: "Hallo"}', '{"text":"Hallo"} {}', '']) {
        const result = await call(t.url, replyPath(), {
          token: t.a.adminToken,
          raw,
          contentType: 'application/json',
        });
        // An empty body is not JSON either; hono's own validator reports it as 400 as well.
        expect(result.status, raw).toBe(400);
        expect(isProblem(result, 400)).toBe(true);
      }
      for (const contentType of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
      ]) {
        const result = await call(t.url, replyPath(), {
          token: t.a.adminToken,
          raw: '{"text":"Hallo"}',
          contentType,
        });
        expect(result.status, contentType).toBe(415);
        expect(isProblem(result, 415)).toBe(true);
      }
      const invalidUtf8 = Buffer.concat([
        Buffer.from('{"text":"Gr'),
        Buffer.from([0xfc]),
        Buffer.from('n"}'),
      ]);
      const latin1 = await call(t.url, replyPath(), {
        token: t.a.adminToken,
        raw: invalidUtf8,
        contentType: 'application/json',
      });
      expect(latin1.status).toBe(400);
      expect(isProblem(latin1, 400)).toBe(true);
      const surrogate = Buffer.concat([
        Buffer.from('{"text":"'),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from('"}'),
      ]);
      expect(
        (
          await call(t.url, replyPath(), {
            token: t.a.adminToken,
            raw: surrogate,
            contentType: 'application/json',
          })
        ).status,
      ).toBe(400);
      // None of it was stored.
      expect(await messagesOf(conversationId)).toHaveLength(before);
      // Valid UTF-8 of any script is fine.
      const ok = await call(t.url, replyPath(), {
        token: t.a.adminToken,
        raw: Buffer.from('{"text":"Grün 💚 ✓"}'),
        contentType: 'application/json; charset=utf-8',
      });
      expect(ok.status).toBe(201);
      expect(ok.body.text).toBe('Grün 💚 ✓');
    });

    it('strips NUL and other control characters from stored text, keeping tabs and line breaks', async () => {
      const reply = await call(t.url, replyPath(), {
        token: t.a.adminToken,
        json: { text: 'Hal\u0000lo\u0007 Welt\u001b[31m!\u007f\tTab\r\nZeile' },
      });
      expect(reply.status, reply.text).toBe(201);
      expect(reply.body.text).toBe('Hallo Welt[31m!\tTab\r\nZeile');

      const tag = unique('nul');
      const incoming = await call(t.url, `/api/v1/inboxes/${t.a.inbox.id}/messages`, {
        token: t.a.adminToken,
        json: {
          externalId: `${tag}\u0000`,
          contact: { identifier: `${tag}\u0001`, name: 'Er\u0000ika\u0008' },
          text: '\u0000Bitte\u0000 melden',
        },
      });
      expect(incoming.status, incoming.text).toBe(201);
      const contact = await call(t.url, `/api/v1/contacts/${incoming.body.contactId}`, {
        token: t.a.adminToken,
      });
      expect(contact.body.name).toBe('Erika');
      expect((contact.body.identities as { value: string }[]).map((i) => i.value)).toContain(
        `${t.a.inbox.id}:${tag}`,
      );

      const stored = [
        ...(await messagesOf(conversationId)),
        ...(await messagesOf(incoming.body.conversationId)),
      ];
      expect(stored.map((m) => m.text)).toEqual(
        expect.arrayContaining(['Hallo Welt[31m!\tTab\r\nZeile', 'Bitte melden']),
      );
      for (const message of stored) {
        expect(message.text).not.toMatch(FORBIDDEN_CONTROL);
        expect(message.externalId ?? '').not.toMatch(FORBIDDEN_CONTROL);
      }
      expect(stored.find((m) => m.text === 'Bitte melden')?.externalId).toBe(tag);
    });

    it('answers an id with control characters 422, never 500 (PostgreSQL cannot compare NUL)', async () => {
      const results = await Promise.all([
        call(t.url, '/api/v1/conversations/a%00b', { token: t.a.adminToken }),
        call(t.url, '/api/v1/contacts/a%00b/timeline', { token: t.a.adminToken }),
        call(t.url, '/api/v1/conversations?inboxId=a%00b', { token: t.a.adminToken }),
        call(t.url, `/api/v1/conversations/${conversationId}`, {
          method: 'PATCH',
          token: t.a.adminToken,
          json: { assigneeId: 'a\u0000' },
        }),
        call(t.url, '/api/v1/teams', {
          token: t.a.adminToken,
          json: { name: 'Team', memberIds: ['\u0000'] },
        }),
        call(t.url, '/api/v1/inboxes', {
          token: t.a.adminToken,
          json: { name: 'x', channel: 'api', webhookUrl: 'https://example.test/a\u0000b' },
        }),
        call(t.url, '/api/v1/auth/login', { json: { email: 'a\u0000@example.test', password: 'x' } }),
      ]);
      for (const result of results) {
        expect(result.status, result.text).toBe(422);
        expect(isProblem(result, 422)).toBe(true);
        expect(result.body.errors[0].message).toMatch(/control characters/);
      }
      // A search for text with control characters finds what the cleaned text would.
      const search = await call(t.url, '/api/v1/contacts?q=Er%00ika', { token: t.a.adminToken });
      expect(search.status).toBe(200);
      expect(itemsOf<{ name: string }>(search).map((c) => c.name)).toContain('Erika');
    });

    it('answers a forged page cursor 422', async () => {
      const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      for (const cursor of [
        'not-base64-json',
        forge(['gestern', 'x']),
        forge(['2024-01-01T00:00:00.000Z', 'a\u0000']),
        forge([1, 2]),
        forge({}),
      ]) {
        const result = await call(t.url, `/api/v1/contacts?cursor=${cursor}`, { token: t.a.adminToken });
        expect(result.status, cursor).toBe(422);
        expect(errorPaths(result)).toEqual(['cursor']);
      }
      // A cursor the API gave out works.
      const first = await call(t.url, '/api/v1/contacts?limit=1', { token: t.a.adminToken });
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const next = await call(t.url, `/api/v1/contacts?limit=1&cursor=${first.body.nextCursor}`, {
        token: t.a.adminToken,
      });
      expect(next.status).toBe(200);
      expect(next.body.items[0].id).not.toBe(first.body.items[0].id);
    });

    it('answers an unknown endpoint 404 as a problem document', async () => {
      const result = await call(t.url, '/api/v1/nothing-here', { token: t.a.adminToken });
      expect(result.status).toBe(404);
      expect(isProblem(result, 404)).toBe(true);
    });
  });

  describe('limits, on a server with a small login limit and body limit', () => {
    const limitsDatabase = createTestDatabase(database.kind);
    let strict: TestServer;
    const LIMIT = 3;

    beforeAll(async () => {
      strict = await startTestServer(limitsDatabase, {
        SOFORTDESK_LOGIN_RATE_LIMIT: String(LIMIT),
        SOFORTDESK_BODY_LIMIT_BYTES: '2048',
      });
    });
    afterAll(async () => {
      await strict?.close();
      await limitsDatabase.drop();
    });

    async function strictAgent(): Promise<string> {
      const email = unique('limit') + '@example.test';
      const created = await call(strict.url, '/api/v1/agents', {
        token: strict.a.adminToken,
        json: { email, name: 'Lima', password: PASSWORD, inboxIds: [strict.a.inbox.id] },
      });
      expect(created.status, created.text).toBe(201);
      return email;
    }

    it('answers 429 with Retry-After after too many login attempts, even with the right password', async () => {
      const email = await strictAgent();
      for (let attempt = 1; attempt <= LIMIT; attempt++) {
        const result = await call(strict.url, '/api/v1/auth/login', {
          json: { email, password: 'wrong password!' },
        });
        expect(result.status, `attempt ${attempt}`).toBe(401);
      }
      for (const password of ['wrong password!', PASSWORD]) {
        const limited = await call(strict.url, '/api/v1/auth/login', { json: { email, password } });
        expect(limited.status).toBe(429);
        expect(isProblem(limited, 429)).toBe(true);
        const retryAfter = Number(limited.headers['retry-after']);
        expect(Number.isInteger(retryAfter)).toBe(true);
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(60);
        expect(cookieFrom(limited, SESSION)).toBeUndefined();
      }
    });

    it.skipIf(!canUseLoopbackAliases)(
      'limits attempts per account across client addresses, however the e-mail is spelled',
      async () => {
        const email = await strictAgent();
        const spellings = [email, ` ${email}`, `${email.toUpperCase()} `, `  ${email}  `, `   ${email}`];
        const statuses: number[] = [];
        for (const [i, spelling] of spellings.entries()) {
          const result = await call(strict.url, '/api/v1/auth/login', {
            json: { email: spelling, password: 'wrong password!' },
            localAddress: `127.0.0.${100 + i}`,
          });
          statuses.push(result.status);
        }
        expect(statuses).toEqual([401, 401, 401, 429, 429]);
        // Another account from yet another address is not affected.
        const other = await strictAgent();
        const fine = await call(strict.url, '/api/v1/auth/login', {
          json: { email: other, password: PASSWORD },
          localAddress: '127.0.0.120',
        });
        expect(fine.status).toBe(200);
      },
    );

    it('answers 413 for a body over SOFORTDESK_BODY_LIMIT_BYTES, declared or chunked', async () => {
      const conversation = await call(strict.url, `/api/v1/inboxes/${strict.a.inbox.id}/messages`, {
        token: strict.a.adminToken,
        json: { externalId: 'limit-1', contact: { identifier: 'u' }, text: 'Hallo' },
      });
      expect(conversation.status).toBe(201);
      const path = `/api/v1/conversations/${conversation.body.conversationId}/messages`;
      const fits = await call(strict.url, path, {
        token: strict.a.adminToken,
        json: { text: 'x'.repeat(1900) },
      });
      expect(fits.status, fits.text).toBe(201);
      for (const chunked of [false, true]) {
        const tooLarge = await call(strict.url, path, {
          token: strict.a.adminToken,
          json: { text: 'x'.repeat(3000) },
          chunked,
        });
        expect(tooLarge.status, `chunked: ${chunked}`).toBe(413);
        expect(isProblem(tooLarge, 413)).toBe(true);
      }
      const messages = await call(strict.url, path, { token: strict.a.adminToken });
      expect(messages.body.items).toHaveLength(2);
    });
  });
});
