/**
 * What the agents' conversation view needs of the server, on each database: the timeline paged from
 * its newest end by a keyset cursor (old clients still page from the oldest), files agents send
 * (checked by content and size like a visitor's, attachable only by their uploader, delivered to the
 * widget), and presence: which agents have a conversation open, told over the realtime stream to the
 * others who may see its inbox, and withdrawn when the socket goes away.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '@sofortdesk/testing';
import { call, type CallResult } from './support/http.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { closeAllSockets, TestSocket, type Frame } from './support/ws.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
const PDF = Buffer.from('%PDF-1.4\n%\u00e2\u00e3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');

describeEachDatabase('conversation view', (database) => {
  let t: TestServer;
  let webchatInboxId: string;
  let n = 0;

  beforeAll(async () => {
    t = await startTestServer(database);
    // Made before any agent request: the agent's token is cached with the inboxes they work in.
    const inbox = await call(t.url, '/api/v1/inboxes', {
      token: t.a.adminToken,
      json: {
        name: 'Website',
        channel: 'webchat',
        language: 'de',
        agentIds: [t.a.agent.id],
        allowedOrigins: ['https://shop.example'],
      },
    });
    expect(inbox.status, inbox.text).toBe(201);
    webchatInboxId = inbox.body.id;
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t?.close();
    await database.drop();
  });

  /** A customer of tenant a writes `count` messages into one new conversation of the API inbox. */
  async function conversationWith(count: number): Promise<string> {
    const identifier = `customer-${++n}`;
    let conversationId = '';
    for (let i = 0; i < count; i++) {
      const result = await call(t.url, `/api/v1/inboxes/${t.a.inbox.id}/messages`, {
        token: t.a.adminToken,
        json: { externalId: `${identifier}-${i}`, contact: { identifier }, text: `Nachricht ${i}` },
      });
      expect(result.status, result.text).toBe(201);
      conversationId = result.body.conversationId;
    }
    return conversationId;
  }

  const messages = (id: string, query: string, token = t.a.agentToken) =>
    call(t.url, `/api/v1/conversations/${id}/messages${query}`, { token });

  async function pages(id: string, query: string): Promise<string[][]> {
    const result: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: CallResult = await messages(id, `${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status, page.text).toBe(200);
      result.push((page.body.items as { text: string }[]).map((m) => m.text));
      cursor = page.body.nextCursor;
    } while (cursor);
    return result;
  }

  it('pages the timeline from its newest end by a keyset cursor, and from the oldest by default', async () => {
    const id = await conversationWith(25);
    const newest = await pages(id, '?order=newest&limit=10');
    expect(newest.map((page) => page.length)).toEqual([10, 10, 5]);
    expect(newest[0]![0]).toBe('Nachricht 24');
    expect(newest[2]!.at(-1)).toBe('Nachricht 0');
    // Old clients: oldest first, the same messages exactly reversed, none twice.
    const oldest = (await pages(id, '?limit=10')).flat();
    expect(oldest).toEqual(newest.flat().reverse());
    expect(new Set(oldest).size).toBe(25);

    expect((await messages(id, '?order=sideways')).status).toBe(422);
    expect((await messages(id, '?order=newest&cursor=bm9wZQ')).status).toBe(422);
    // Another tenant's conversation does not exist for them.
    expect((await messages(id, '?order=newest', t.b.adminToken)).status).toBe(404);
  });

  it('takes files from agents by content and size, lets only the uploader send them, and delivers them to the widget', async () => {
    // A web chat conversation: the visitor writes, the agent answers with a file.
    const widget = (path: string, options: Parameters<typeof call>[2] = {}) =>
      call(t.url, `/api/v1/widget/${webchatInboxId}${path}`, options);
    const visitor = (await widget('/sessions', { json: {} })).body as { token: string };
    const first = await widget('/messages', {
      token: visitor.token,
      json: { id: randomUUID(), text: 'Haben Sie die Rechnung?' },
    });
    expect(first.status, first.text).toBe(201);
    const conversationId: string = first.body.conversationId;

    const upload = (bytes: Buffer, options: { token?: string; id?: string; query?: string } = {}) =>
      call(t.url, `/api/v1/conversations/${options.id ?? conversationId}/attachments${options.query ?? ''}`, {
        token: options.token ?? t.a.agentToken,
        raw: bytes,
        contentType: 'application/octet-stream',
      });
    const pdf = await upload(PDF, { query: '?filename=Rechnung%20M%C3%A4rz.pdf' });
    expect(pdf.status, pdf.text).toBe(201);
    expect(pdf.body).toMatchObject({ filename: 'Rechnung März.pdf', contentType: 'application/pdf' });
    const image = await upload(PNG, { query: '?filename=x.pdf' });
    expect(image.body.contentType).toBe('image/png'); // by content, not by name

    // The visitor's checks, the same: no HTML or SVG whatever it claims, nothing empty, nothing too large.
    expect(
      (await upload(Buffer.from('<html><script>alert(1)</script>'), { query: '?filename=a.png' })).status,
    ).toBe(422);
    expect((await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).status).toBe(422);
    expect((await upload(Buffer.alloc(0))).status).toBe(422);
    expect((await upload(Buffer.alloc(11 * 1024 * 1024, 0x25))).status).toBe(413);
    // Another tenant cannot upload into this conversation.
    expect((await upload(PNG, { token: t.b.adminToken })).status).toBe(404);

    const reply = (token: string, attachments: string[], text = '') =>
      call(t.url, `/api/v1/conversations/${conversationId}/messages`, { token, json: { text, attachments } });
    // Another tenant's file, another agent's file, a made-up key: none of them exists here.
    const foreignConversation = await call(t.url, `/api/v1/inboxes/${t.b.inbox.id}/messages`, {
      token: t.b.adminToken,
      json: { externalId: `b-${++n}`, contact: { identifier: 'b' }, text: 'Hallo' },
    });
    const foreign = await upload(PNG, { token: t.b.adminToken, id: foreignConversation.body.conversationId });
    expect(foreign.status, foreign.text).toBe(201);
    expect((await reply(t.a.agentToken, [foreign.body.key])).status).toBe(404);
    expect((await reply(t.a.adminToken, [pdf.body.key])).status).toBe(404);
    expect((await reply(t.a.agentToken, ['0'.repeat(64)])).status).toBe(404);
    expect((await reply(t.a.agentToken, ['not-a-key'])).status).toBe(422);
    expect((await reply(t.a.agentToken, [])).status).toBe(422); // neither text nor file

    const sent = await reply(t.a.agentToken, [pdf.body.key], 'Anbei die Rechnung.');
    expect(sent.status, sent.text).toBe(201);
    expect(sent.body.attachments).toEqual([
      { filename: 'Rechnung März.pdf', contentType: 'application/pdf', size: PDF.length, url: pdf.body.url },
    ]);
    // The widget gets it, and the file is served as a download, never rendered on our origin.
    const seen = await widget('/messages?limit=50', { token: visitor.token });
    const delivered = (seen.body.items as { text: string; attachments: { url: string }[] }[]).find(
      (m) => m.text === 'Anbei die Rechnung.',
    );
    expect(delivered?.attachments[0]?.url).toBe(pdf.body.url);
    const served = await call(t.url, new URL(pdf.body.url).pathname);
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('application/pdf');
    expect(served.headers['content-disposition']).toMatch(/^attachment;/);
    expect(served.headers['x-content-type-options']).toBe('nosniff');
  });

  it('tells the other agents who has a conversation open, per inbox, until the socket goes away', async () => {
    const id = await conversationWith(1);
    const viewing = (frame: Frame) => frame.type === 'viewing';
    const admin = await TestSocket.connect(t.url, { token: t.a.adminToken });
    const agent = await TestSocket.connect(t.url, { token: t.a.agentToken });
    const stranger = await TestSocket.connect(t.url, { token: t.b.adminToken });
    for (const socket of [admin, agent, stranger]) await socket.takeUntil((f) => f.at(-1)!.type === 'ready');

    admin.socket.send(JSON.stringify({ type: 'viewing', conversationId: id }));
    const [seen] = (await agent.takeUntil((frames) => frames.some(viewing))).filter(viewing);
    expect(seen).toMatchObject({
      conversationId: id,
      inboxId: t.a.inbox.id,
      data: { authorType: 'user', authorId: t.a.admin.id, viewing: true, joined: true },
    });

    // The agent opens it too: the admin hears of them, and the agent at once hears of the admin.
    agent.socket.send(JSON.stringify({ type: 'viewing', conversationId: id }));
    await admin.takeUntil((frames) => frames.some((f) => viewing(f) && f.data.authorId === t.a.agent.id));
    await agent.takeUntil((frames) =>
      frames.some((f) => viewing(f) && f.data.authorId === t.a.admin.id && !f.data.joined),
    );

    // Nobody hears of their own presence, another tenant hears nothing, and a conversation one may
    // not see (another tenant's, or one that does not exist) is ignored.
    expect(
      (await admin.unreadAfter(200)).filter((f) => viewing(f) && f.data.authorId === t.a.admin.id),
    ).toEqual([]);
    stranger.socket.send(JSON.stringify({ type: 'viewing', conversationId: id }));
    stranger.socket.send(JSON.stringify({ type: 'viewing', conversationId: 'nope' }));
    stranger.socket.send('not json');
    expect((await agent.unreadAfter(300)).filter(viewing)).toEqual([]);
    expect((await stranger.unreadAfter(0)).filter(viewing)).toEqual([]);

    // The admin's socket goes away: the agent is told at once.
    await admin.close();
    const [gone] = (
      await agent.takeUntil((frames) => frames.some((f) => viewing(f) && f.data.viewing === false))
    ).filter((f) => viewing(f) && f.data.viewing === false);
    expect(gone).toMatchObject({ conversationId: id, data: { authorId: t.a.admin.id, viewing: false } });
  });
});
