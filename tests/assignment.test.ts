/**
 * Automatic assignment against a real server, on both databases: two agents with capacity 2 get
 * exactly four conversations, the rest waits oldest first; resolving one assigns the oldest waiting;
 * an offline agent gets none; twenty concurrent assignment jobs never put anyone above capacity.
 * Plus the settings API: validation, admins only, another tenant's agent not found.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '@sofortdesk/testing';
import { assignConversation, enqueueAssignment } from '@sofortdesk/domain';
import { api, startTestServer, type TestServer } from './support/server.ts';
import { TestSocket } from './support/ws.ts';

interface Conv {
  id: string;
  assigneeId: string | null;
  status: string;
}

describeEachDatabase('automatic assignment', (database) => {
  let t: TestServer;
  let teamId: string;
  let bea: { id: string; token: string };
  let carl: { id: string; token: string };
  const conversations: string[] = [];
  let sequence = 0;

  const admin = (method: string, path: string, body?: unknown) =>
    api(t.url, t.a.adminToken, method, path, body);

  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > until) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Until the worker has nothing left to do for tenant A (triage, assignment, drains). */
  const settled = () =>
    eventually(
      () =>
        t.server.connection.db
          .selectFrom('jobs')
          .select(['status', 'type'])
          .where('account_id', '=', t.a.accountId)
          .where('status', 'in', ['pending', 'running'])
          .where('type', 'in', ['triage.message', 'conversation.assign', 'assignment.drain'])
          .execute(),
      (rows) => rows.length === 0,
    );

  const conversation = async (id: string) => (await admin('GET', `/api/v1/conversations/${id}`)).body as Conv;
  const states = () => Promise.all(conversations.map(conversation));

  /** Open conversations assigned to the agent, straight from the database. */
  async function loadOf(userId: string) {
    const rows = await t.server.connection.db
      .selectFrom('conversations')
      .select('id')
      .where('account_id', '=', t.a.accountId)
      .where('assignee_id', '=', userId)
      .where('status', '!=', 'resolved')
      .execute();
    return rows.length;
  }

  async function newAgent(name: string, inboxId = t.a.inbox.id) {
    const created = await admin('POST', '/api/v1/agents', {
      email: `${name.toLowerCase()}-${Date.now()}-${database.kind}@example.test`,
      name,
      role: 'agent',
      language: 'de',
      inboxIds: [inboxId],
      teamIds: [],
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const { token } = await t.server.auth.createApiToken(
      { userId: id, accountId: t.a.accountId, role: 'agent', inboxIds: [inboxId] },
      'test',
    );
    return { id, token };
  }

  const setAvailability = async (who: { token: string }, availability: string) => {
    const response = await api(t.url, who.token, 'PUT', '/api/v1/me/availability', { availability });
    expect(response.status).toBe(200);
    return response.body as { availability: string; effective: string };
  };

  /** A new customer's conversation in tenant A's inbox, handed to the team. */
  async function newConversation() {
    const response = await admin('POST', `/api/v1/inboxes/${t.a.inbox.id}/messages`, {
      externalId: `assign-${++sequence}`,
      contact: { identifier: `kunde-${sequence}` },
      text: `Frage Nummer ${sequence}`,
    });
    expect(response.status).toBe(201);
    const id = response.body.conversationId as string;
    expect((await admin('PATCH', `/api/v1/conversations/${id}`, { teamId })).status).toBe(200);
    return id;
  }

  /** What the worker would run: the assignment jobs, all enqueued in one transaction. */
  const enqueueAll = (ids: string[]) =>
    t.server.useCases.uow.transaction(async (repos) => {
      for (const id of ids) await enqueueAssignment(repos, t.a.accountId, id, 'test');
    });

  beforeAll(async () => {
    t = await startTestServer(database);
    bea = await newAgent('Bea');
    carl = await newAgent('Carl');
    const team = await admin('POST', '/api/v1/teams', { name: 'Support', memberIds: [bea.id, carl.id] });
    expect(team.status).toBe(201);
    teamId = team.body.id as string;
    for (const agent of [bea, carl]) {
      const saved = await admin('PATCH', `/api/v1/agents/${agent.id}/assignment`, { capacity: 2 });
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ capacity: 2, load: 0 });
    }
    expect(
      (await admin('PATCH', `/api/v1/teams/${teamId}/assignment`, { strategy: 'least-load' })).body,
    ).toEqual({ teamId, strategy: 'least-load', autoAssign: false });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await database.drop();
  });

  it('an agent says online, away or offline; online counts only with a recent heartbeat', async () => {
    expect(await setAvailability(bea, 'away')).toEqual({ availability: 'away', effective: 'away' });
    expect(await setAvailability(bea, 'online')).toEqual({ availability: 'online', effective: 'online' });
    const fresh = await newAgent('Dora');
    // Online by default, but never connected: offline for assignment.
    expect((await api(t.url, fresh.token, 'GET', '/api/v1/me/availability')).body).toEqual({
      availability: 'online',
      effective: 'offline',
    });
    const invalid = await api(t.url, fresh.token, 'PUT', '/api/v1/me/availability', { availability: 'busy' });
    expect(invalid.status).toBe(422);
    // Her workspace connects: the gateway's heartbeat makes "online" count.
    const socket = await TestSocket.connect(t.url, { token: fresh.token });
    await eventually(
      async () =>
        (await api(t.url, fresh.token, 'GET', '/api/v1/me/availability')).body as { effective: string },
      (presence) => presence.effective === 'online',
    );
    socket.socket.close();
  });

  it('two agents with capacity 2 get exactly four conversations; the rest waits, oldest first', async () => {
    // Nobody online yet: all six wait in the queue, then the agents come online and the queue moves.
    await setAvailability(bea, 'offline');
    await setAvailability(carl, 'offline');
    expect((await admin('PATCH', `/api/v1/teams/${teamId}/assignment`, { autoAssign: true })).status).toBe(
      200,
    );
    for (let i = 0; i < 6; i++) conversations.push(await newConversation());
    await enqueueAll(conversations);
    await settled();
    expect((await states()).every((c) => c.assigneeId === null)).toBe(true);

    await setAvailability(bea, 'online');
    await setAvailability(carl, 'online');
    await settled();

    const after = await states();
    expect(after.slice(0, 4).every((c) => c.assigneeId === bea.id || c.assigneeId === carl.id)).toBe(true);
    expect(after.slice(4).map((c) => c.assigneeId)).toEqual([null, null]);
    expect(await loadOf(bea.id)).toBe(2);
    expect(await loadOf(carl.id)).toBe(2);

    const messages = (await admin('GET', `/api/v1/conversations/${conversations[0]}/messages?limit=50`)).body
      .items as { kind: string; authorType: string; text: string }[];
    const line = messages.find((m) => m.kind === 'event' && m.text.startsWith('Automatisch'));
    expect(line?.authorType).toBe('system');
    expect(line?.text).toMatch(/^Automatisch (Bea|Carl) zugewiesen \(am wenigsten ausgelastet\)$/);

    const overview = (await admin('GET', '/api/v1/settings/assignment')).body as {
      teams: unknown[];
      agents: { agentId: string }[];
    };
    expect(overview.teams).toContainEqual({ teamId, strategy: 'least-load', autoAssign: true });
    expect(overview.agents.find((a) => a.agentId === bea.id)).toMatchObject({
      load: 2,
      capacity: 2,
      effective: 'online',
    });
  });

  it('resolving a conversation assigns the oldest waiting one to the freed agent', async () => {
    const first = await conversation(conversations[0]!);
    const freed = first.assigneeId!;
    expect((await admin('PATCH', `/api/v1/conversations/${first.id}`, { status: 'resolved' })).status).toBe(
      200,
    );
    const fifth = await eventually(
      () => conversation(conversations[4]!),
      (c) => c.assigneeId !== null,
    );
    expect(fifth.assigneeId).toBe(freed);
    await settled();
    expect((await conversation(conversations[5]!)).assigneeId).toBeNull();
  });

  it('an offline agent gets none, even with room', async () => {
    await setAvailability(bea, 'online');
    await setAvailability(carl, 'offline');
    const ofCarl = (await states()).find((c) => c.assigneeId === carl.id && c.status !== 'resolved')!;
    expect((await admin('PATCH', `/api/v1/conversations/${ofCarl.id}`, { status: 'resolved' })).status).toBe(
      200,
    );
    await settled();
    expect((await conversation(conversations[5]!)).assigneeId).toBeNull();
    expect(await loadOf(carl.id)).toBe(1);

    const ofBea = (await states()).find((c) => c.assigneeId === bea.id && c.status !== 'resolved')!;
    expect((await admin('PATCH', `/api/v1/conversations/${ofBea.id}`, { status: 'resolved' })).status).toBe(
      200,
    );
    const sixth = await eventually(
      () => conversation(conversations[5]!),
      (c) => c.assigneeId !== null,
    );
    expect(sixth.assigneeId).toBe(bea.id);
    expect(await loadOf(carl.id)).toBe(1);
  });

  it('twenty concurrent assignment jobs never put an agent above capacity', async () => {
    // Free everyone, then twenty new conversations race for four places.
    for (const c of await states()) {
      if (c.status !== 'resolved')
        await admin('PATCH', `/api/v1/conversations/${c.id}`, { status: 'resolved' });
    }
    await setAvailability(bea, 'online');
    await setAvailability(carl, 'online');
    expect((await admin('PATCH', `/api/v1/teams/${teamId}/assignment`, { autoAssign: false })).status).toBe(
      200,
    );
    const racing: string[] = [];
    for (let i = 0; i < 20; i++) racing.push(await newConversation());
    await settled();
    await Promise.all(
      racing.map((conversationId) =>
        assignConversation(t.server.useCases, t.a.accountId, { conversationId }),
      ),
    );
    await settled();
    expect(await loadOf(bea.id)).toBe(2);
    expect(await loadOf(carl.id)).toBe(2);
    const assigned = (await Promise.all(racing.map(conversation))).filter((c) => c.assigneeId !== null);
    expect(assigned).toHaveLength(4);
    // Each assigned once: no two jobs both took the same conversation (one event line each).
    for (const id of racing) {
      const items = (await admin('GET', `/api/v1/conversations/${id}/messages?limit=50`)).body.items as {
        kind: string;
        text: string;
      }[];
      const lines = items.filter((m) => m.kind === 'event' && m.text.startsWith('Automatisch')).length;
      expect(lines).toBe(assigned.some((c) => c.id === id) ? 1 : 0);
    }
  });

  it('a routing rule that hands a new conversation to a team assigning automatically gets it assigned', async () => {
    const erik = await newAgent('Erik', t.a.otherInbox.id);
    await setAvailability(erik, 'online');
    const billing = await admin('POST', '/api/v1/teams', { name: 'Billing', memberIds: [erik.id] });
    expect(billing.status).toBe(201);
    const billingId = billing.body.id as string;
    expect((await admin('PATCH', `/api/v1/teams/${billingId}/assignment`, { autoAssign: true })).status).toBe(
      200,
    );
    const rule = await admin('POST', '/api/v1/routing-rules', {
      name: 'Telefon an Billing',
      conditions: [{ kind: 'inbox', in: [t.a.otherInbox.id] }],
      actions: { teamId: billingId },
    });
    expect(rule.status).toBe(201);

    const inbound = await admin('POST', `/api/v1/inboxes/${t.a.otherInbox.id}/messages`, {
      externalId: 'assign-routed',
      contact: { identifier: 'kunde-routed' },
      text: 'Ich habe eine Frage zu meiner Rechnung.',
    });
    expect(inbound.status).toBe(201);
    const id = inbound.body.conversationId as string;
    const routed = await eventually(
      () => conversation(id),
      (c) => c.assigneeId !== null,
    );
    expect(routed.assigneeId).toBe(erik.id);
    const items = (await admin('GET', `/api/v1/conversations/${id}/messages?limit=50`)).body.items as {
      kind: string;
      text: string;
    }[];
    expect(items.map((m) => m.text)).toContain('Automatisch Erik zugewiesen (reihum)');
  });

  it('admins set capacity and skills; agents may not; another tenant’s agent is not found', async () => {
    const invalid = await admin('PATCH', `/api/v1/agents/${bea.id}/assignment`, { capacity: -1 });
    expect(invalid.status).toBe(422);
    const skills = await admin('PATCH', `/api/v1/agents/${bea.id}/assignment`, {
      languages: ['en', 'de'],
      topics: [' Refund ', 'refund', 'Shipping'],
    });
    expect(skills.status).toBe(200);
    expect(skills.body).toMatchObject({ languages: ['de', 'en'], topics: ['refund', 'shipping'] });
    const byAgent = await api(t.url, t.a.agentToken, 'PATCH', `/api/v1/agents/${bea.id}/assignment`, {
      capacity: 50,
    });
    expect(byAgent.status).toBe(403);
    const foreign = await admin('PATCH', `/api/v1/agents/${t.b.agent.id}/assignment`, { capacity: 3 });
    expect(foreign.status).toBe(404);
    const foreignTeam = await api(t.url, t.b.adminToken, 'PATCH', `/api/v1/teams/${teamId}/assignment`, {
      autoAssign: true,
    });
    expect(foreignTeam.status).toBe(404);
    const strategy = await admin('PUT', '/api/v1/settings/assignment', { strategy: 'least-load' });
    expect(strategy.status).toBe(200);
    expect(strategy.body.strategy).toBe('least-load');
  });
});
