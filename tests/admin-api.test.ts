/**
 * The admin API on a real server, on each database: canned answers (admins manage, agents read,
 * shortcuts unique per account, another account's answer is 404), who works in which inbox and
 * team, and changing an agent's role (the last admin stays admin).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '@sofortdesk/testing';
import { call, isProblem, itemsOf } from './support/http.ts';
import { startTestServer, type TestServer } from './support/server.ts';

describeEachDatabase('admin API', (database) => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer(database);
  });
  afterAll(async () => {
    await t?.close();
    await database.drop();
  });

  const asAdminA = (path: string, options: Parameters<typeof call>[2] = {}) =>
    call(t.url, path, { token: t.a.adminToken, ...options });

  it('lets admins create, change and delete canned answers, and agents read them', async () => {
    const created = await asAdminA('/api/v1/canned-answers', {
      json: {
        shortcut: 'Versand',
        title: 'Versandzeit',
        text: 'Hallo {{contact.name}}, Ihre Bestellung geht heute raus.\u0000',
        language: 'de',
      },
    });
    expect(created.status, created.text).toBe(201);
    // Stored in lower case, control characters removed.
    expect(created.body).toMatchObject({
      shortcut: 'versand',
      title: 'Versandzeit',
      text: 'Hallo {{contact.name}}, Ihre Bestellung geht heute raus.',
      language: 'de',
    });
    const id = created.body.id as string;

    const again = await asAdminA('/api/v1/canned-answers', {
      json: { shortcut: 'VERSAND', title: 'Doppelt', text: 'x' },
    });
    expect(again.status, again.text).toBe(409);
    expect(isProblem(again, 409)).toBe(true);

    const listed = await call(t.url, '/api/v1/canned-answers', { token: t.a.agentToken });
    expect(listed.status).toBe(200);
    expect(itemsOf<{ shortcut: string }>(listed).map((answer) => answer.shortcut)).toEqual(['versand']);

    const changed = await asAdminA(`/api/v1/canned-answers/${id}`, {
      method: 'PATCH',
      json: { title: 'Versand heute', language: null },
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({ shortcut: 'versand', title: 'Versand heute', language: null });

    // Agents read, but do not manage.
    for (const [method, path, json] of [
      ['POST', '/api/v1/canned-answers', { shortcut: 'agent', title: 'A', text: 'B' }],
      ['PATCH', `/api/v1/canned-answers/${id}`, { title: 'Agent' }],
      ['DELETE', `/api/v1/canned-answers/${id}`, undefined],
    ] as const) {
      const refused = await call(t.url, path, { method, token: t.a.agentToken, json });
      expect(refused.status, `${method} ${path}`).toBe(403);
    }

    const deleted = await asAdminA(`/api/v1/canned-answers/${id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect((await asAdminA(`/api/v1/canned-answers/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect(itemsOf(await asAdminA('/api/v1/canned-answers'))).toEqual([]);
  });

  it("answers 404 for another account's canned answer, and shortcuts are unique per account only", async () => {
    const shared = { shortcut: 'gruss', title: 'Gruß', text: 'Viele Grüße' };
    const ofA = await asAdminA('/api/v1/canned-answers', { json: shared });
    const ofB = await call(t.url, '/api/v1/canned-answers', { token: t.b.adminToken, json: shared });
    expect([ofA.status, ofB.status]).toEqual([201, 201]);

    for (const [method, json] of [
      ['PATCH', { title: 'Übernommen' }],
      ['DELETE', undefined],
    ] as const) {
      const foreign = await call(t.url, `/api/v1/canned-answers/${ofA.body.id}`, {
        method,
        token: t.b.adminToken,
        json,
      });
      expect(foreign.status, method).toBe(404);
      expect(isProblem(foreign, 404)).toBe(true);
    }
    const listedByB = await call(t.url, '/api/v1/canned-answers', { token: t.b.adminToken });
    expect(itemsOf(listedByB).map((answer) => answer.id)).toEqual([ofB.body.id]);
    const stillA = itemsOf<{ title: string }>(await asAdminA('/api/v1/canned-answers'));
    expect(stillA.map((answer) => answer.title)).toEqual(['Gruß']);
  });

  it('rejects bad canned answers with a 422 naming each field', async () => {
    const bad = await asAdminA('/api/v1/canned-answers', {
      json: { shortcut: 'zwei worte', title: ' ', text: '   ', language: 'fr' },
    });
    expect(bad.status).toBe(422);
    const paths = (bad.body.errors as { path: string }[]).map((error) => error.path).sort();
    expect(paths).toEqual(['json.language', 'json.shortcut', 'json.text', 'json.title']);
  });

  it("manages who works in an inbox; the agent's access follows", async () => {
    const inbox = t.a.otherInbox.id; // the agent is no member yet
    // A new token each time: a token's rights are cached for a few seconds after its last use.
    const agentSees = async () => {
      const { token } = await t.server.auth.createApiToken(t.a.agentActor, 'probe');
      const inboxes = await call(t.url, '/api/v1/inboxes', { token });
      return itemsOf(inboxes).some((item) => item.id === inbox);
    };
    expect(await agentSees()).toBe(false);
    expect(
      (await asAdminA(`/api/v1/inboxes/${inbox}/members/${t.a.agent.id}`, { method: 'PUT' })).status,
    ).toBe(204);
    // Twice is the same as once.
    expect(
      (await asAdminA(`/api/v1/inboxes/${inbox}/members/${t.a.agent.id}`, { method: 'PUT' })).status,
    ).toBe(204);
    const members = await asAdminA(`/api/v1/inboxes/${inbox}/members`);
    expect(itemsOf(members).map((member) => member.id)).toEqual([t.a.agent.id]);
    expect(await agentSees()).toBe(true);

    // Agents may not change memberships, not even their own.
    const refused = await call(t.url, `/api/v1/inboxes/${t.a.inbox.id}/members/${t.a.agent.id}`, {
      method: 'DELETE',
      token: t.a.agentToken,
    });
    expect(refused.status).toBe(403);
    // Another account's agent is no one here.
    const foreign = await asAdminA(`/api/v1/inboxes/${inbox}/members/${t.b.agent.id}`, { method: 'PUT' });
    expect(foreign.status).toBe(404);

    expect(
      (await asAdminA(`/api/v1/inboxes/${inbox}/members/${t.a.agent.id}`, { method: 'DELETE' })).status,
    ).toBe(204);
    expect(await agentSees()).toBe(false);
    expect(itemsOf(await asAdminA(`/api/v1/inboxes/${inbox}/members`))).toEqual([]);
  });

  it('manages team members', async () => {
    const team = await asAdminA('/api/v1/teams', { json: { name: 'Versand' } });
    expect(team.status).toBe(201);
    const path = `/api/v1/teams/${team.body.id}/members`;
    expect((await asAdminA(`${path}/${t.a.agent.id}`, { method: 'PUT' })).status).toBe(204);
    const members = await call(t.url, path, { token: t.a.agentToken });
    expect(itemsOf(members).map((member) => member.id)).toEqual([t.a.agent.id]);
    expect((await asAdminA(`${path}/${t.a.agent.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(itemsOf(await asAdminA(path))).toEqual([]);
    expect((await call(t.url, path, { token: t.b.adminToken })).status).toBe(404);
  });

  it("changes an agent's role and language; the last admin stays admin", async () => {
    const invited = await asAdminA('/api/v1/agents', {
      json: { email: `neu-${Date.now()}@example.test`, name: 'Nele Neu', role: 'agent' },
    });
    expect(invited.status, invited.text).toBe(201);
    const changed = await asAdminA(`/api/v1/agents/${invited.body.id}`, {
      method: 'PATCH',
      json: { role: 'admin', language: 'en' },
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({ role: 'admin', language: 'en', name: 'Nele Neu' });
    // Nothing to change is no error, with or without a body.
    for (const json of [{}, undefined]) {
      const same = await asAdminA(`/api/v1/agents/${invited.body.id}`, { method: 'PATCH', json });
      expect(same.status, same.text).toBe(200);
      expect(same.body).toMatchObject({ role: 'admin', language: 'en' });
    }
    // Two admins now: one may step down; then the other is the last and may not.
    const down = await asAdminA(`/api/v1/agents/${invited.body.id}`, {
      method: 'PATCH',
      json: { role: 'agent' },
    });
    expect(down.status).toBe(200);
    const last = await asAdminA(`/api/v1/agents/${t.a.admin.id}`, {
      method: 'PATCH',
      json: { role: 'agent' },
    });
    expect(last.status).toBe(409);
    expect(isProblem(last, 409)).toBe(true);
    expect(
      (
        await call(t.url, `/api/v1/agents/${t.a.agent.id}`, {
          method: 'PATCH',
          token: t.b.adminToken,
          json: { role: 'admin' },
        })
      ).status,
    ).toBe(404);
  });
});
