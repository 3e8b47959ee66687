/**
 * GET /api/v1/conversations over real HTTP on both databases: the filters and sorts as query
 * parameters (documented in OpenAPI), the waiting time on each conversation, keyset pages, and bad
 * parameters answered with a 422 problem naming each one.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '@sofortdesk/testing';
import { call, isProblem, itemsOf } from './support/http.ts';
import type { OpenApiDocument } from './support/openapi.ts';
import { startTestServer, type TestServer } from './support/server.ts';

interface Row {
  id: string;
  status: string;
  waitingSince: string | null;
  lastMessageAt: string;
  labels: string[];
}

describeEachDatabase('conversation list API', (database) => {
  let t: TestServer;
  let sequence = 0;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestServer(database);
    const write = async (name: string) => {
      const result = await call(t.url, `/api/v1/inboxes/${t.a.inbox.id}/messages`, {
        token: t.a.adminToken,
        json: {
          externalId: `list-${process.pid}-${++sequence}`,
          contact: { identifier: name },
          text: 'Hallo',
        },
      });
      expect(result.status, result.text).toBe(201);
      ids[name] = result.body.conversationId as string;
    };
    const act = async (name: string, path: string, method: string, json: unknown) => {
      const result = await call(t.url, `/api/v1/conversations/${ids[name]}${path}`, {
        method,
        token: t.a.adminToken,
        json,
      });
      expect(result.status, result.text).toBeLessThan(300);
    };
    await write('first');
    await write('answered');
    await act('answered', '/messages', 'POST', { text: 'Erledigt', kind: 'text' });
    await write('noted');
    await act('noted', '/messages', 'POST', { text: 'Nur intern', kind: 'note' });
    await act('noted', '', 'PATCH', { labels: ['VIP'], priority: 'urgent' });
  });
  afterAll(async () => {
    await t?.close();
    await database.drop();
  });

  const list = async (query: string) => {
    const result = await call(t.url, `/api/v1/conversations?${query}`, { token: t.a.adminToken });
    expect(result.status, result.text).toBe(200);
    return result;
  };
  const names = (rows: Row[]) => rows.map((row) => Object.keys(ids).find((name) => ids[name] === row.id));

  it('lists the waiting first by default, each with its waitingSince; a reply ends the wait, a note does not', async () => {
    const rows = itemsOf<Row>(await list('limit=50'));
    expect(names(rows)).toEqual(['first', 'noted', 'answered']);
    expect(rows[0]!.waitingSince).toEqual(expect.any(String));
    expect(rows[1]!.waitingSince).toEqual(expect.any(String));
    expect(rows[2]!.waitingSince).toBeNull();
    expect(names(itemsOf<Row>(await list('sort=recent')))).toEqual(['noted', 'answered', 'first']);
  });

  it('combines filters given as query parameters', async () => {
    expect(names(itemsOf<Row>(await list('label=vip&priority=urgent&language=de&channel=api')))).toEqual([
      'noted',
    ]);
    expect(names(itemsOf<Row>(await list('label=%20VIP%20&status=open')))).toEqual(['noted']);
    expect(itemsOf<Row>(await list('channel=webchat'))).toEqual([]);
    expect(itemsOf<Row>(await list('priority=urgent&label=other'))).toEqual([]);
  });

  it('pages with a cursor that continues where the last page ended', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...itemsOf<Row>(page).map((row) => row.id));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual([ids['first'], ids['noted'], ids['answered']]);
  });

  it('answers bad parameters with a 422 problem naming each of them', async () => {
    const bad = await call(
      t.url,
      '/api/v1/conversations?sort=oldest&priority=vital&language=fr&channel=sms',
      {
        token: t.a.adminToken,
      },
    );
    expect(bad.status).toBe(422);
    expect(isProblem(bad)).toBe(true);
    expect((bad.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'query.channel',
      'query.language',
      'query.priority',
      'query.sort',
    ]);
    const recentCursor = (await list('sort=recent&limit=1')).body.nextCursor as string;
    const mixed = await call(t.url, `/api/v1/conversations?sort=waiting&cursor=${recentCursor}`, {
      token: t.a.adminToken,
    });
    expect(mixed.status).toBe(422);
    const empty = await call(t.url, '/api/v1/conversations?label=%20%20', { token: t.a.adminToken });
    expect(empty.status).toBe(422);
  });

  it("shows another account's conversations to no one", async () => {
    const other = await call(t.url, `/api/v1/conversations?inboxId=${t.a.inbox.id}&label=vip`, {
      token: t.b.adminToken,
    });
    expect([other.status, other.body.items]).toEqual([200, []]);
  });

  it('documents every filter and the sort in OpenAPI', async () => {
    const doc = (await call(t.url, '/api/openapi.json')).body as OpenApiDocument;
    const parameters = (doc.paths['/api/v1/conversations']!.get.parameters as { name: string }[]).map(
      (p) => p.name,
    );
    expect(parameters).toEqual(
      expect.arrayContaining([
        'status',
        'assigneeId',
        'inboxId',
        'channel',
        'teamId',
        'label',
        'language',
        'priority',
        'sort',
        'cursor',
        'limit',
      ]),
    );
  });
});
