/**
 * Tenant isolation, derived from the API description: every route with a path parameter is called
 * by tenant b with tenant a's ids and must answer 404, exactly as for an id that does not exist, and
 * tenant a's data must be the same afterwards. Each call has a control: the same request on tenant
 * b's own resources succeeds, so the 404 is about tenancy, not about a bad request. A new route with
 * a path parameter is walked too; one whose parameter this file has no id for fails the suite until
 * it is taught one. The realtime stream is checked the same way.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { describeEachDatabase } from '@sofortdesk/testing';
import { call, isProblem, itemsOf, type CallResult } from './support/http.ts';
import {
  CHANGING_METHODS,
  exampleFor,
  fillPath,
  isAgentOperation,
  isOperationalRoute,
  operations,
  registeredRoutes,
  type OpenApiDocument,
  type Operation,
} from './support/openapi.ts';
import { receivedMail } from './support/mail.ts';
import { startTestServer, type TenantFixture, type TestServer } from './support/server.ts';

interface TenantIds {
  conversationId: string;
  contactId: string;
  inboxId: string;
  webchatInboxId: string;
  cannedAnswerId: string;
  /** A routing rule (not the fallback). */
  routingRuleId: string;
  /** An SLA policy (for no priority: only where a rule names it). */
  slaPolicyId: string;
  teamId: string;
  /** A user of the tenant's own, so a control call that changes a role or membership harms no fixture. */
  agentId: string;
  collectionId: string;
  articleId: string;
  /** A partner's proposed new article (approving it cannot conflict with edits of the article). */
  changeRequestId: string;
  /** A consent purpose with the key "probe" (what a body made from the schema names as purposeKey). */
  purposeId: string;
  /** A customer message in conversationId (bodies name it: suggestion feedback); no path parameter. */
  messageId: string;
  /** A message that arrived as e-mail (its raw mail and HTML version), in an e-mail inbox the agent is in. */
  mailMessageId: string;
  /** An erasure receipt (of a contact made for it). */
  receiptId: string;
  /** A per-case share in conversationId (the company's app shared it with an API token). */
  shareId: string;
}

/** The kinds of path parameter this file can fill; a new one must be added here (with ids for both tenants). */
const PATH_PARAMETERS: (keyof TenantIds)[] = [
  'conversationId',
  'contactId',
  'inboxId',
  'webchatInboxId',
  'cannedAnswerId',
  'routingRuleId',
  'slaPolicyId',
  'teamId',
  'agentId',
  'collectionId',
  'articleId',
  'changeRequestId',
  'purposeId',
  'mailMessageId',
  'receiptId',
  'shareId',
];

/** A well-formed id that names nothing in any tenant. */
const MISSING_ID = '00000000-0000-7000-8000-000000000000';
const TINY_PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
const withoutInstance = ({ instance: _, ...rest }: Record<string, unknown>) => rest;

let sequence = 0;
const unique = (prefix: string) => `${prefix}-${Date.now()}-${++sequence}`;

describeEachDatabase('tenant isolation', (database) => {
  let t: TestServer;
  let doc: OpenApiDocument;
  let routes: Operation[];
  let a: TenantIds;
  let b: TenantIds;
  let aTeamId: string;

  async function inbound(tenant: TenantFixture, inboxId: string, identifier: string, text: string) {
    const result = await call(t.url, `/api/v1/inboxes/${inboxId}/messages`, {
      token: tenant.adminToken,
      json: { externalId: unique('ext'), contact: { identifier, name: `Kunde ${identifier}` }, text },
    });
    expect(result.status, result.text).toBe(201);
    return result.body as { messageId: string; conversationId: string; contactId: string };
  }

  beforeAll(async () => {
    t = await startTestServer(database, { SOFORTDESK_SMTP_PORT: '0' });
    const inA = await inbound(t.a, t.a.inbox.id, 'anna', 'Geheim: nur für Mandant A');
    await inbound(t.a, t.a.otherInbox.id, 'anna-tel', 'Auch geheim');
    const inB = await inbound(t.b, t.b.inbox.id, 'bert', 'Mandant B');
    const webchatInbox = async (tenant: TenantFixture) => {
      const created = await call(t.url, '/api/v1/inboxes', {
        token: tenant.adminToken,
        json: { name: 'Website', channel: 'webchat', agentIds: [tenant.agent.id] },
      });
      expect(created.status, created.text).toBe(201);
      return created.body.id as string;
    };
    const created = async (tenant: TenantFixture, path: string, json: unknown): Promise<string> => {
      const result = await call(t.url, path, { token: tenant.adminToken, json });
      expect(result.status, result.text).toBe(201);
      return result.body.id as string;
    };
    const adminIds = async (tenant: TenantFixture, name: string) => ({
      cannedAnswerId: await created(tenant, '/api/v1/canned-answers', {
        shortcut: 'gruss',
        title: 'Gruß',
        text: `Grüße von ${name}`,
      }),
      routingRuleId: await created(tenant, '/api/v1/routing-rules', {
        name: `Regel ${name}`,
        conditions: [{ kind: 'language', in: ['de'] }],
        actions: {},
      }),
      slaPolicyId: await created(tenant, '/api/v1/sla-policies', {
        name: `SLA ${name}`,
        priority: null,
        targets: { firstResponse: 30 },
      }),
      agentId: await created(tenant, '/api/v1/agents', {
        email: `${unique('probe')}@example.test`,
        name: `Probe ${name}`,
      }),
      ...(await knowledgeIds(tenant, name)),
      purposeId: await created(tenant, '/api/v1/consent-purposes', {
        key: 'probe',
        texts: {
          de: { title: `Zweck ${name}`, text: 'Probe' },
          en: { title: `Purpose ${name}`, text: 'Probe' },
        },
      }),
    });
    const knowledgeIds = async (tenant: TenantFixture, name: string) => {
      const collectionId = await created(tenant, '/api/v1/knowledge/collections', { name: `Hilfe ${name}` });
      const articleId = await created(tenant, '/api/v1/knowledge/articles', {
        collectionId,
        language: 'de',
        title: `Versand bei ${name}`,
        body: 'Zwei Werktage.',
      });
      const partnerId = await created(tenant, '/api/v1/agents', {
        email: `${unique('partner')}@example.test`,
        name: `Partner ${name}`,
        role: 'partner',
      });
      const granted = await call(t.url, `/api/v1/knowledge/collections/${collectionId}/partners`, {
        method: 'PUT',
        token: tenant.adminToken,
        json: { partnerIds: [partnerId] },
      });
      expect(granted.status, granted.text).toBe(200);
      const partnerToken = (
        await t.server.auth.createApiToken(
          { userId: partnerId, accountId: tenant.accountId, role: 'partner', inboxIds: [] },
          'tenancy',
        )
      ).token;
      const proposal = await call(t.url, '/api/v1/knowledge/articles', {
        token: partnerToken,
        json: { collectionId, language: 'de', title: `Vorschlag ${name}` },
      });
      expect(proposal.status, proposal.text).toBe(202);
      return { collectionId, articleId, changeRequestId: proposal.body.id as string };
    };
    const receipt = async (tenant: TenantFixture) => {
      const doomed = await inbound(tenant, tenant.inbox.id, unique('doomed'), 'Bitte löschen');
      const result = await call(t.url, `/api/v1/contacts/${doomed.contactId}/erasure`, {
        method: 'POST',
        token: tenant.adminToken,
      });
      expect(result.status, result.text).toBe(202);
      return result.body.id as string;
    };
    const caseShare = async (tenant: TenantFixture, conversationId: string) =>
      created(tenant, `/api/v1/conversations/${conversationId}/shares`, {
        kind: 'order-number',
        number: 'B-1',
        duration: '7d',
      });
    aTeamId = await created(t.a, '/api/v1/teams', { name: 'Team A', memberIds: [t.a.agent.id] });
    a = {
      conversationId: inA.conversationId,
      messageId: inA.messageId,
      mailMessageId: await receivedMail(t, t.a),
      receiptId: await receipt(t.a),
      shareId: await caseShare(t.a, inA.conversationId),
      contactId: inA.contactId,
      inboxId: t.a.inbox.id,
      webchatInboxId: await webchatInbox(t.a),
      teamId: aTeamId,
      ...(await adminIds(t.a, 'Mandant A')),
    };
    b = {
      conversationId: inB.conversationId,
      messageId: inB.messageId,
      mailMessageId: await receivedMail(t, t.b),
      receiptId: await receipt(t.b),
      shareId: await caseShare(t.b, inB.conversationId),
      contactId: inB.contactId,
      inboxId: t.b.inbox.id,
      webchatInboxId: await webchatInbox(t.b),
      teamId: await created(t.b, '/api/v1/teams', { name: 'Team B' }),
      ...(await adminIds(t.b, 'Mandant B')),
    };
    doc = (await call(t.url, '/api/openapi.json')).body;
    // Reads first, then changes, deletions last: a control may consume tenant b's resource.
    const order = (op: Operation) => (op.method === 'get' ? 0 : op.method === 'delete' ? 2 : 1);
    // Tenancy is about what an agent's credentials reach. Public routes (the widget's first contact,
    // unguessable file links) and the visitor-token routes have no tenant to be confused with; the
    // widget's isolation between visitors is tested in webchat.test.ts.
    routes = operations(doc)
      .filter((op) => op.pathParams.length > 0 && isAgentOperation(op))
      .sort((x, y) => order(x) - order(y));
  });
  afterAll(async () => {
    await t?.close();
    await database.drop();
  });

  /** Everything tenant a's admin can read about the fixtures, for a before/after comparison. */
  async function snapshotOfA(): Promise<Record<string, unknown>> {
    const paths = [
      `/api/v1/conversations/${a.conversationId}`,
      `/api/v1/conversations/${a.conversationId}/messages`,
      `/api/v1/contacts/${a.contactId}`,
      `/api/v1/contacts/${a.contactId}/timeline`,
      `/api/v1/inboxes/${a.inboxId}`,
      `/api/v1/inboxes/${a.webchatInboxId}/webchat`,
      '/api/v1/conversations?limit=200',
      '/api/v1/contacts?limit=200',
      '/api/v1/inboxes',
      '/api/v1/agents',
      '/api/v1/teams',
      '/api/v1/events?limit=1000',
      `/api/v1/knowledge/articles/${a.articleId}`,
      `/api/v1/knowledge/articles/${a.articleId}/versions`,
      `/api/v1/knowledge/change-requests/${a.changeRequestId}`,
      '/api/v1/knowledge/collections',
    ];
    const snapshot: Record<string, unknown> = {};
    for (const path of paths) {
      const result = await call(t.url, path, { token: t.a.adminToken });
      expect(result.status, path).toBe(200);
      snapshot[path] = result.body;
    }
    return snapshot;
  }

  /** Calls the operation with these path ids; a changing method gets a valid body made from its schema. */
  async function send(
    op: Operation,
    ids: TenantIds,
    token: string,
    spareContactId: () => Promise<string>,
  ): Promise<CallResult> {
    // The control erases a spare contact of b, not the fixture the other routes go on using.
    if (op.path.endsWith('/erasure') && ids.contactId === b.contactId) {
      ids = { ...ids, contactId: await spareContactId() };
    }
    let json: unknown;
    if (op.bodySchema) {
      const sourceContactId = op.bodySchema.properties?.sourceContactId ? await spareContactId() : undefined;
      // Fields named like ids: the merge source must exist; an external id is the sender's own.
      const idsInBody: Record<string, string | undefined> = {
        sourceContactId,
        externalId: unique('ext'),
        // Suggestion feedback names a message of the conversation and an article of the same tenant.
        messageId: ids.messageId,
        articleId: ids.articleId,
      };
      json = exampleFor(doc, op.bodySchema, { idFor: (field) => idsInBody[field], unique: unique('probe') });
      // A proactive rule needs a message in some language; the example would give none: send no rules.
      if (op.bodySchema.properties?.proactiveRules)
        (json as { proactiveRules: unknown[] }).proactiveRules = [];
      // A reply sent by e-mail is a text to a contact with an address; the walk's note goes the usual way.
      if (op.bodySchema.properties?.via) {
        delete (json as { via?: unknown }).via;
        delete (json as { emailInboxId?: unknown }).emailInboxId;
      }
      // Article changes name the version they start from: the current one, where the caller can read it.
      if (op.bodySchema.properties?.baseVersion) {
        const current = await call(t.url, `/api/v1/knowledge/articles/${ids.articleId}`, { token });
        if (current.status === 200) (json as { baseVersion: number }).baseVersion = current.body.version;
      }
    }
    // An upload takes the file itself: a valid one (a 1×1 PNG).
    const upload = !op.bodySchema && op.bodyTypes.includes('image/png');
    return call(t.url, fillPath(op.path, ids as unknown as Record<string, string>), {
      method: op.method.toUpperCase(),
      token,
      ...(json !== undefined && { json }),
      ...(upload && { raw: TINY_PNG, contentType: 'image/png' }),
    });
  }

  /**
   * b's conversation open again with a new shared item. An earlier control may have resolved the
   * conversation (which ends its shares), and a share can be made only in an open one.
   */
  async function freshShareOfB(): Promise<string> {
    const reopened = await call(t.url, `/api/v1/conversations/${b.conversationId}`, {
      method: 'PATCH',
      token: t.b.adminToken,
      json: { status: 'open' },
    });
    expect(reopened.status, reopened.text).toBe(200);
    const shared = await call(t.url, `/api/v1/conversations/${b.conversationId}/shares`, {
      token: t.b.adminToken,
      json: { kind: 'order-number', number: 'B-1', duration: '7d' },
    });
    expect(shared.status, shared.text).toBe(201);
    return shared.body.id as string;
  }

  /** A fresh contact of tenant b, to be merged away by a control call. */
  const spareOfB = async () => (await inbound(t.b, t.b.inbox.id, unique('spare'), 'Ersatz')).contactId;

  it('has an id of each tenant for every path parameter the API description names', () => {
    expect(routes.length).toBeGreaterThanOrEqual(8);
    for (const op of routes) {
      for (const name of op.pathParams) {
        expect(PATH_PARAMETERS, `${op.label}: no tenant ids for {${name}}; add some to this test`).toContain(
          name,
        );
      }
    }
    // Every route the app serves with a path parameter is in the description, so none escapes the walk.
    const documented = new Set(operations(doc).map((op) => op.label));
    const served = registeredRoutes(t.server.app).filter(
      (route) => route.includes('{') && !isOperationalRoute(route),
    );
    expect(served.filter((route) => !documented.has(route))).toEqual([]);
  });

  it("answers 404 to tenant b for every route with tenant a's ids, and tenant a's data stays as it was", async () => {
    const before = await snapshotOfA();
    const walked: string[] = [];
    for (const op of routes) {
      // The agent first: the admin's control may consume tenant b's resource (a deletion).
      for (const [who, token] of [
        ['agent', t.b.agentToken],
        ['admin', t.b.adminToken],
      ] as const) {
        if (op.path.includes('/shares')) b = { ...b, shareId: await freshShareOfB() };
        // Control: on tenant b's own resources the very same request succeeds (or, for a route its
        // description reserves to other roles, is forbidden: the resource is visible, the right missing).
        const own = await send(op, b, token, spareOfB);
        if (who === 'agent' && op.roles !== undefined && !op.roles.includes('agent')) {
          expect(own.status, `${op.label} as b's agent on b's own ids: ${own.text}`).toBe(403);
        } else {
          expect(own.status, `${op.label} as b's ${who} on b's own ids: ${own.text}`).toBeGreaterThanOrEqual(
            200,
          );
          expect(own.status, `${op.label} as b's ${who} on b's own ids: ${own.text}`).toBeLessThan(300);
        }

        // Each path parameter in turn gets tenant a's id (the others stay b's), then all of them.
        const variants = [
          ...op.pathParams.map((name) => ({ ...b, [name]: a[name as keyof TenantIds] })),
          ...(op.pathParams.length > 1 ? [a] : []),
        ];
        for (const ids of variants) {
          const spare = await spareOfB();
          const foreign = await send(op, ids, token, () => Promise.resolve(spare));
          expect(foreign.status, `${op.label} as b's ${who} with a's ids: ${foreign.text}`).toBe(404);
          expect(isProblem(foreign, 404), `${op.label}: ${foreign.contentType}`).toBe(true);
          // Indistinguishable from an id that exists nowhere: the ids of another tenant cannot be probed.
          const nowhere = Object.fromEntries(
            Object.entries(ids).map(([name, id]) => [
              name,
              id === b[name as keyof TenantIds] ? id : MISSING_ID,
            ]),
          );
          const missing = await send(op, nowhere as unknown as TenantIds, token, () =>
            Promise.resolve(spare),
          );
          expect(missing.status, `${op.label} with an id that exists nowhere`).toBe(404);
          expect(withoutInstance(foreign.body)).toEqual(withoutInstance(missing.body));
          expect(foreign.text).not.toContain('Mandant A');
          // A spare contact offered as merge source is untouched.
          if (CHANGING_METHODS.has(op.method)) {
            expect((await call(t.url, `/api/v1/contacts/${spare}`, { token: t.b.adminToken })).status).toBe(
              200,
            );
          }
        }
        walked.push(`${op.label} as ${who}`);
      }
    }
    expect(walked).toHaveLength(routes.length * 2);
    expect(routes.some((op) => CHANGING_METHODS.has(op.method))).toBe(true);
    expect(await snapshotOfA()).toEqual(before);
  });

  it("does not let tenant b use tenant a's ids in bodies or filters", async () => {
    const before = await snapshotOfA();
    const b404 = async (path: string, json: unknown, method = 'POST') => {
      const result = await call(t.url, path, { method, token: t.b.adminToken, json });
      expect(result.status, `${method} ${path} ${JSON.stringify(json)}: ${result.text}`).toBe(404);
    };
    const b422 = async (path: string, json: unknown, field: string) => {
      const result = await call(t.url, path, { method: 'PATCH', token: t.b.adminToken, json });
      expect(result.status, `${path} ${JSON.stringify(json)}`).toBe(422);
      expect((result.body.errors as { path: string }[]).map((e) => e.path)).toEqual([field]);
    };
    await b404(`/api/v1/contacts/${b.contactId}/merge`, { sourceContactId: a.contactId });
    await b422(`/api/v1/conversations/${b.conversationId}`, { assigneeId: t.a.agent.id }, 'assigneeId');
    await b422(`/api/v1/conversations/${b.conversationId}`, { teamId: aTeamId }, 'teamId');
    const email = unique('leak') + '@example.test';
    await b404('/api/v1/agents', { email, name: 'Leck', inboxIds: [a.inboxId] });
    await b404('/api/v1/agents', { email, name: 'Leck', teamIds: [aTeamId] });
    await b404('/api/v1/inboxes', { name: 'Leck', channel: 'api', agentIds: [t.a.agent.id] });
    await b404('/api/v1/teams', { name: 'Leck', memberIds: [t.a.agent.id] });
    // Nothing half-made stays behind.
    const agents = await call(t.url, '/api/v1/agents', { token: t.b.adminToken });
    expect(itemsOf<{ email: string }>(agents).map((agent) => agent.email)).not.toContain(email);
    for (const list of ['/api/v1/inboxes', '/api/v1/teams']) {
      const items = (await call(t.url, list, { token: t.b.adminToken })).body.items as { name: string }[];
      expect(
        items.map((item) => item.name),
        list,
      ).not.toContain('Leck');
    }

    for (const filter of [
      `inboxId=${a.inboxId}`,
      `contactId=${a.contactId}`,
      `assigneeId=${t.a.agent.id}`,
      `teamId=${aTeamId}`,
    ]) {
      const result = await call(t.url, `/api/v1/conversations?${filter}`, { token: t.b.adminToken });
      expect([result.status, result.body.items], filter).toEqual([200, []]);
    }
    const search = await call(t.url, '/api/v1/contacts?q=anna', { token: t.b.adminToken });
    expect(search.body.items).toEqual([]);

    // Lists and the event feed hold nothing of tenant a.
    const aIds = [
      a.conversationId,
      a.contactId,
      a.inboxId,
      a.webchatInboxId,
      t.a.otherInbox.id,
      t.a.agent.id,
      t.a.admin.id,
      aTeamId,
      t.a.accountId,
    ];
    for (const path of [
      '/api/v1/conversations?limit=200',
      '/api/v1/contacts?limit=200',
      '/api/v1/inboxes',
      '/api/v1/agents',
      '/api/v1/teams',
      '/api/v1/events?limit=1000',
    ]) {
      const result = await call(t.url, path, { token: t.b.adminToken });
      expect(result.status, path).toBe(200);
      expect(result.body.items.length, path).toBeGreaterThan(0);
      for (const id of aIds) expect(result.text, `${path} contains ${id}`).not.toContain(id);
    }
    expect(await snapshotOfA()).toEqual(before);
  });

  describe_realtime();

  function describe_realtime() {
    const wsUrl = (path: string) => t.url.replace(/^http/, 'ws') + path;
    const opened = new Set<WebSocket>();
    afterAll(() => {
      for (const socket of opened) socket.terminate();
    });

    /** Opens the realtime stream; answers the HTTP status of a refused upgrade, or the open socket. */
    function connect(
      query: string,
      token: string,
    ): Promise<{ status: number; body?: string; contentType?: string; socket?: WebSocket; frames: any[] }> {
      return new Promise((resolve, reject) => {
        const frames: any[] = [];
        const socket = new WebSocket(wsUrl(`/api/v1/realtime${query}`), {
          headers: { authorization: `Bearer ${token}` },
          handshakeTimeout: 5000,
        });
        socket.on('message', (data) => frames.push(JSON.parse((data as Buffer).toString())));
        socket.on('unexpected-response', (request, response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => {
            resolve({
              status: response.statusCode ?? 0,
              body,
              contentType: response.headers['content-type'],
              frames,
            });
            request.destroy();
          });
        });
        socket.on('open', () => {
          opened.add(socket);
          resolve({ status: 101, socket, frames });
        });
        socket.on('error', reject);
      });
    }

    async function until(condition: () => boolean, what: string): Promise<void> {
      const deadline = Date.now() + 5000;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }

    it("refuses tenant b's realtime stream for tenant a's inbox with HTTP 404", async () => {
      const refused = await connect(`?inboxId=${encodeURIComponent(a.inboxId)}`, t.b.adminToken);
      expect(refused.status).toBe(404);
      expect(refused.contentType).toBe('application/problem+json');
      expect(refused.socket).toBeUndefined();
      // The same as an inbox that does not exist, or one the agent does not work in...
      expect((await connect('?inboxId=no-such-inbox', t.b.adminToken)).status).toBe(404);
      expect((await connect(`?inboxId=${t.b.otherInbox.id}`, t.b.agentToken)).status).toBe(404);
      expect((await connect(`?inboxId=${a.inboxId}`, t.b.agentToken)).status).toBe(404);
      // ...and an id that cannot be one is no server error either.
      expect((await connect('?inboxId=a%00b', t.b.adminToken)).status).toBe(404);
      // Control: tenant b's own inbox, and tenant a's with tenant a's token, open.
      const own = await connect(`?inboxId=${b.inboxId}`, t.b.adminToken);
      expect(own.status).toBe(101);
      const theirs = await connect(`?inboxId=${a.inboxId}`, t.a.adminToken);
      expect(theirs.status).toBe(101);
    });

    it("never sends tenant b a frame about tenant a's events", async () => {
      const stream = await connect('', t.b.adminToken);
      expect(stream.status).toBe(101);
      await until(() => stream.frames.some((frame) => frame.type === 'ready'), 'the ready frame');
      const fromA = await inbound(t.a, t.a.inbox.id, 'anna', 'Noch ein Geheimnis von A');
      const fromB = await inbound(t.b, t.b.inbox.id, unique('bert'), 'Von B');
      // Events are delivered in order, so once b's own message is here, a's would have been too.
      await until(
        () =>
          stream.frames.some(
            (frame) => frame.type === 'message.created' && frame.data?.message?.id === fromB.messageId,
          ),
        "b's own message",
      );
      const text = JSON.stringify(stream.frames);
      for (const id of [fromA.messageId, fromA.conversationId, a.inboxId, a.contactId])
        expect(text).not.toContain(id);
      expect(text).not.toContain('Noch ein Geheimnis');
    });
  }
});
