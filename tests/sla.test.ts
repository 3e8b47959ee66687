/**
 * SLA policies and timers against a real server, on both databases, with the server's clock moved
 * forward instead of waiting: a policy with 1-minute targets warns at half time and breaches at the
 * due time (an `sla.alert` event, an event line in the account's language, a row for the metrics,
 * the escalation raising the priority and naming the team), an agent's reply meets the first
 * response, the customer's next message starts the next response, and resolving stops the timers so
 * their scheduled checks do nothing. Also: admins only, validation, one policy per priority, tenancy.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type RunningServer } from '@sofortdesk/server';
import { describeEachDatabase } from '@sofortdesk/testing';
import { api, tenant, testConfig, type TenantFixture } from './support/server.ts';

interface Timer {
  target: string;
  status: string;
  startedAt: string;
  dueAt: string | null;
  warnAt: string | null;
  endedAt: string | null;
  breachedAt: string | null;
}
interface Alert {
  type: string;
  conversationId: string;
  data: { alert: { kind: string; target: string; notifyUserIds: string[]; raisedPriority: string | null } };
}

describeEachDatabase('SLA timers', (database) => {
  let server: RunningServer;
  let a: TenantFixture;
  let b: TenantFixture;
  let offset = 0;
  let sequence = 0;
  // The server's clock: real time moved forward by the test (use cases and the job worker read it).
  const clock = { now: () => new Date(Date.now() + offset) };
  const advance = (seconds: number) => (offset += seconds * 1000);

  const admin = (method: string, path: string, body?: unknown) =>
    api(server.url, a.adminToken, method, path, body);
  const agent = (method: string, path: string, body?: unknown) =>
    api(server.url, a.agentToken, method, path, body);

  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > until) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function inbound(text: string, customer: string) {
    const response = await admin('POST', `/api/v1/inboxes/${a.inbox.id}/messages`, {
      externalId: `sla-${++sequence}`,
      contact: { identifier: customer },
      text,
    });
    expect(response.status).toBe(201);
    return response.body as { conversationId: string };
  }

  const conversation = async (id: string) =>
    (await agent('GET', `/api/v1/conversations/${id}`)).body as {
      priority: string;
      sla: { policyName: string; timers: Timer[] } | null;
    };
  const timer = (body: { sla: { timers: Timer[] } | null }, target: string) =>
    body.sla?.timers.find((candidate) => candidate.target === target);
  const alerts = async (conversationId: string) =>
    ((await admin('GET', '/api/v1/events?after=0&limit=1000')).body.items as Alert[]).filter(
      (event) => event.type === 'sla.alert' && event.conversationId === conversationId,
    );
  const eventLines = async (conversationId: string) =>
    (
      (await agent('GET', `/api/v1/conversations/${conversationId}/messages?limit=100`)).body.items as {
        kind: string;
        text: string;
      }[]
    )
      .filter((message) => message.kind === 'event' && message.text.startsWith('SLA'))
      .map((message) => message.text);
  /** Every SLA check due by the server's clock has run. */
  const checksSettled = () =>
    eventually(
      () =>
        server.connection.db
          .selectFrom('jobs')
          .select(['status', 'run_at'])
          .where('account_id', '=', a.accountId)
          .where('type', '=', 'sla.check')
          .execute(),
      (rows) =>
        rows.every(
          (row) =>
            (row.status !== 'pending' && row.status !== 'running') ||
            Date.parse(String(row.run_at)) > clock.now().getTime(),
        ),
    );

  let teamId: string;
  let policyId: string;

  beforeAll(async () => {
    server = await startServer(testConfig(database), { schema: database.schema, clock });
    a = await tenant(server, 'A');
    b = await tenant(server, 'B');
    const team = await admin('POST', '/api/v1/teams', { name: 'Billing', memberIds: [a.agent.id] });
    expect(team.status).toBe(201);
    teamId = team.body.id as string;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await database.drop();
  });

  it('lets admins keep policies: validated, one per priority, their own account only', async () => {
    const policy = {
      name: 'Schnell',
      priority: 'none',
      targets: { firstResponse: 1, nextResponse: 1, resolution: 20 },
      calendar: 'always',
      warnAtPercent: 50,
      escalation: { breach: { raisePriority: 'high', notifyTeamId: teamId } },
    };
    expect((await agent('POST', '/api/v1/sla-policies', policy)).status).toBe(403);
    const created = await admin('POST', '/api/v1/sla-policies', policy);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Schnell',
      priority: 'none',
      calendar: 'always',
      businessHours: null,
      escalation: {
        warning: null,
        breach: { raisePriority: 'high', notifyTeamId: teamId, notifyUserId: null },
      },
    });
    policyId = created.body.id as string;
    // The priority the escalation raises to has a policy of its own; the timers follow it.
    const high = await admin('POST', '/api/v1/sla-policies', {
      ...policy,
      name: 'Hoch',
      priority: 'high',
      escalation: {},
    });
    expect(high.status).toBe(201);

    expect((await admin('POST', '/api/v1/sla-policies', { ...policy, name: 'Zweite' })).status).toBe(409);
    const empty = await admin('POST', '/api/v1/sla-policies', {
      ...policy,
      priority: 'low',
      targets: {},
    });
    expect(empty.status).toBe(422);
    const custom = await admin('POST', '/api/v1/sla-policies', {
      ...policy,
      priority: 'low',
      calendar: 'custom',
    });
    expect(custom.status).toBe(422);
    expect(JSON.stringify(custom.body.errors)).toContain('businessHours');
    const foreignTeam = await admin('POST', '/api/v1/sla-policies', {
      ...policy,
      priority: 'low',
      escalation: { breach: { notifyTeamId: 'no-such-team' } },
    });
    expect(foreignTeam.status).toBe(422);

    const listed = await agent('GET', '/api/v1/sla-policies');
    expect((listed.body.items as { name: string }[]).map((p) => p.name)).toEqual(['Schnell', 'Hoch']);
    expect((await api(server.url, b.adminToken, 'GET', '/api/v1/sla-policies')).body.items).toEqual([]);
    expect(
      (await api(server.url, b.adminToken, 'PUT', `/api/v1/sla-policies/${policyId}`, policy)).status,
    ).toBe(404);
    expect((await api(server.url, b.adminToken, 'DELETE', `/api/v1/sla-policies/${policyId}`)).status).toBe(
      404,
    );
  });

  it('warns at half time, breaches at the due time and escalates, once', async () => {
    const { conversationId } = await inbound('Wo bleibt meine Bestellung?', 'sla-kunde-1');
    const started = await conversation(conversationId);
    expect(started.sla?.policyName).toBe('Schnell');
    const first = timer(started, 'firstResponse')!;
    expect(first.status).toBe('running');
    expect(Date.parse(first.dueAt!) - Date.parse(first.startedAt)).toBe(60_000);
    expect(Date.parse(first.warnAt!) - Date.parse(first.startedAt)).toBe(30_000);
    expect(timer(started, 'resolution')?.status).toBe('running');
    expect(timer(started, 'nextResponse')).toBeUndefined();
    expect(await alerts(conversationId)).toEqual([]);

    advance(31);
    const warned = await eventually(
      () => alerts(conversationId),
      (found) => found.length >= 1,
    );
    expect(warned.map((event) => [event.data.alert.kind, event.data.alert.target])).toEqual([
      ['warning', 'firstResponse'],
    ]);
    expect((await eventLines(conversationId))[0]).toMatch(/^SLA-Warnung: Erste Antwort ist fällig am /);

    advance(30);
    const breached = await eventually(
      () => alerts(conversationId),
      (found) => found.length >= 2,
    );
    const breach = breached.find((event) => event.data.alert.kind === 'breach')!;
    expect(breach.data.alert).toMatchObject({ target: 'firstResponse', raisedPriority: 'high' });
    expect(breach.data.alert.notifyUserIds).toEqual([a.agent.id]);
    const escalated = await conversation(conversationId);
    expect(escalated.priority).toBe('high');
    expect(escalated.sla?.policyName).toBe('Hoch');
    expect(timer(escalated, 'firstResponse')?.breachedAt).not.toBeNull();
    const lines = await eventLines(conversationId);
    expect(lines[1]).toMatch(
      /^SLA verletzt: Erste Antwort war fällig am .*Priorität auf Hoch angehoben\. Benachrichtigt: Billing\.$/,
    );

    // The metrics see both; a retried or repeated check records nothing more.
    const recorded = await admin('GET', `/api/v1/sla-events?conversationId=${conversationId}`);
    expect(recorded.status).toBe(200);
    expect(
      (recorded.body.items as { kind: string; target: string }[]).map((e) => `${e.kind}:${e.target}`).sort(),
    ).toEqual(['breach:firstResponse', 'warning:firstResponse']);
    expect((await agent('GET', '/api/v1/sla-events')).status).toBe(403);
    await checksSettled();
    expect(
      (await alerts(conversationId)).filter((event) => event.data.alert.target === 'firstResponse'),
    ).toHaveLength(2);
  });

  it("an agent's reply meets the first response, the next message starts the next one, resolving stops them", async () => {
    const { conversationId } = await inbound('Hallo, ich habe eine Frage.', 'sla-kunde-2');
    advance(10);
    const reply = await agent('POST', `/api/v1/conversations/${conversationId}/messages`, {
      text: 'Gern, worum geht es?',
      kind: 'text',
    });
    expect(reply.status).toBe(201);
    const replied = await conversation(conversationId);
    expect(timer(replied, 'firstResponse')).toMatchObject({ status: 'met', breachedAt: null });
    expect(timer(replied, 'nextResponse')).toBeUndefined();

    advance(5);
    await inbound('Meine Rechnung stimmt nicht.', 'sla-kunde-2');
    const asked = await conversation(conversationId);
    const next = timer(asked, 'nextResponse')!;
    expect(next.status).toBe('running');
    expect(Date.parse(next.dueAt!) - Date.parse(next.startedAt)).toBe(60_000);

    const resolved = await agent('PATCH', `/api/v1/conversations/${conversationId}`, { status: 'resolved' });
    expect(resolved.status).toBe(200);
    expect(timer(resolved.body, 'nextResponse')?.status).toBe('stopped');
    expect(timer(resolved.body, 'resolution')?.status).toBe('met');

    // Their checks come due and find nothing to do.
    advance(180);
    await checksSettled();
    expect(await alerts(conversationId)).toEqual([]);
    expect(await eventLines(conversationId)).toEqual([]);

    // Reopened: the resolution starts again from now.
    const reopened = await agent('PATCH', `/api/v1/conversations/${conversationId}`, { status: 'open' });
    const again = timer(reopened.body, 'resolution')!;
    expect(again.status).toBe('running');
    expect(Date.parse(again.startedAt)).toBeGreaterThan(
      Date.parse(timer(resolved.body, 'resolution')!.startedAt),
    );
  });
});
