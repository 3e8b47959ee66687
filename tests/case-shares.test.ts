/**
 * Per-case sharing and retention against a real server, on both databases. A widget visitor shares
 * a location and a photo for conversation A: agents of the inbox see them in A only (not in the same
 * contact's conversation B, not from another account), a view is logged (access log and audit log,
 * no value); resolving A ends them (value gone from API and database, file gone from disk), and a
 * view after that is refused and logged. Expiry by time runs the job with a later clock. The
 * company's app shares through the API with a token. Retention deletes or anonymises old resolved
 * conversations and keeps recent ones, one receipt per run, and is scheduled once per account and day.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FileBlobStore } from '@sofortdesk/db';
import { expireCaseShare, runRetention, scheduleRetention, type Clock } from '@sofortdesk/domain';
import { describeEachDatabase } from '@sofortdesk/testing';
import { call } from './support/http.ts';
import { startTestServer, type TestServer } from './support/server.ts';

const PNG_MAGIC = Buffer.from('89504e470d0a1a0a', 'hex');
const uniquePng = () => Buffer.concat([PNG_MAGIC, Buffer.from(`png-${randomBytes(12).toString('hex')}`)]);

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A list answer's items, typed as what the test reads of them. */
const itemsOf = <T>(result: { body: unknown }) => (result.body as { items: T[] }).items;
interface ShareItem {
  id: string;
  kind: string;
  status: string;
  access: { outcome: string }[];
}

const later = (ms: number): Clock => ({ now: () => new Date(Date.now() + ms) });
const HOUR = 3_600_000;

describeEachDatabase('per-case sharing and retention', (database) => {
  let t: TestServer;
  let chatInboxId: string;
  let blobs: FileBlobStore;
  let sequence = 0;
  const unique = (prefix: string) => `${prefix}-${Date.now()}-${++sequence}`;

  const as = (token: string, method: string, p: string, json?: unknown) =>
    call(t.url, p, { method, token, ...(json !== undefined && { json }) });
  const widget = (p: string, options: Parameters<typeof call>[2] = {}) =>
    call(t.url, `/api/v1/widget/${chatInboxId}${p}`, options);

  async function visitorConversation(name: string, text: string) {
    const session = await widget('/sessions', { json: { name } });
    expect(session.status, session.text).toBe(201);
    const token = session.body.token as string;
    const message = await widget('/messages', { token, json: { id: unique('m'), text } });
    expect(message.status, message.text).toBe(201);
    const conversation = await as(
      t.a.adminToken,
      'GET',
      `/api/v1/conversations/${message.body.conversationId}`,
    );
    return {
      token,
      conversationId: message.body.conversationId as string,
      contactId: conversation.body.contactId as string,
    };
  }

  const shares = (token: string, conversationId: string) =>
    as(token, 'GET', `/api/v1/conversations/${conversationId}/shares`);
  const view = (token: string, conversationId: string, shareId: string) =>
    as(token, 'POST', `/api/v1/conversations/${conversationId}/shares/${shareId}/view`);
  const stored = (shareId: string) =>
    t.server.connection.db
      .selectFrom('case_shares')
      .select(['value', 'blob_key', 'status', 'end_reason'])
      .where('id', '=', shareId)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    // The same data directory for the server and this test's look at its files.
    const dataDir =
      database.config.kind === 'sqlite'
        ? path.dirname(database.config.file)
        : fs.mkdtempSync(path.join(os.tmpdir(), 'sofortdesk-shares-'));
    t = await startTestServer(database, { DATA_DIR: dataDir });
    blobs = new FileBlobStore(path.join(dataDir, 'attachments'));
    const inbox = await as(t.a.adminToken, 'POST', '/api/v1/inboxes', {
      name: 'Website',
      channel: 'webchat',
      agentIds: [t.a.agent.id],
      allowedOrigins: ['https://shop.example'],
    });
    expect(inbox.status, inbox.text).toBe(201);
    chatInboxId = inbox.body.id;
    const purpose = await as(t.a.adminToken, 'POST', '/api/v1/consent-purposes', {
      key: 'location',
      perCase: true,
      texts: {
        de: { title: 'Standort für einen Fall', text: 'Wir sehen Ihren Standort für diesen Fall.' },
        en: { title: 'Location for a case', text: 'We see your location for this case.' },
      },
    });
    expect(purpose.status, purpose.text).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    await database.drop();
  });

  it('shows a share only inside its conversation, logs each view, and ends it with the resolve', async () => {
    const a = await visitorConversation('Uwe Unfall', 'Ich hatte einen Unfall');
    const location = await widget(`/conversations/${a.conversationId}/shares`, {
      token: a.token,
      json: { kind: 'location', latitude: 52.520008, longitude: 13.404954, accuracy: 12, duration: '1h' },
    });
    expect(location.status, location.text).toBe(201);
    expect(location.body).toMatchObject({ kind: 'location', status: 'active', sharedVia: 'widget' });
    const hours = (Date.parse(location.body.expiresAt) - Date.parse(location.body.sharedAt)) / HOUR;
    expect(hours).toBe(1);
    const png = uniquePng();
    const upload = await widget('/attachments?filename=schaden.png', {
      token: a.token,
      raw: png,
      contentType: 'application/octet-stream',
    });
    expect(upload.status, upload.text).toBe(201);
    const photo = await widget(`/conversations/${a.conversationId}/shares`, {
      token: a.token,
      json: { kind: 'photo', attachmentKey: upload.body.key },
    });
    expect(photo.status, photo.text).toBe(201);
    // The account's default (24 h) when the customer chose no time.
    expect((Date.parse(photo.body.expiresAt) - Date.parse(photo.body.sharedAt)) / HOUR).toBe(24);
    // The upload's open link is gone: the photo is only served through a logged view.
    expect((await call(t.url, new URL(upload.body.url).pathname)).status).toBe(404);

    // The per-case consent is in the ledger, given by the contact for this conversation.
    const consents = await as(t.a.agentToken, 'GET', `/api/v1/contacts/${a.contactId}/consents`);
    expect(consents.body.history).toContainEqual(
      expect.objectContaining({
        purposeKey: 'location',
        granted: true,
        channel: 'widget',
        reference: `conversation:${a.conversationId}`,
        recordedBy: expect.objectContaining({ kind: 'contact' }),
      }),
    );

    // The visitor sees their own items; another visitor does not reach the conversation.
    const own = await widget(`/conversations/${a.conversationId}/shares`, { token: a.token });
    expect(itemsOf<ShareItem>(own).map((s) => s.kind)).toEqual(['photo', 'location']);
    const stranger = await visitorConversation('Sara Fremd', 'Hallo');
    expect(
      (await widget(`/conversations/${a.conversationId}/shares`, { token: stranger.token })).status,
    ).toBe(404);
    expect(
      (
        await widget(`/conversations/${a.conversationId}/shares`, {
          token: stranger.token,
          json: { kind: 'order-number', number: '4711' },
        })
      ).status,
    ).toBe(404);

    // Conversation B of the same contact (an app conversation merged into the visitor's contact).
    const b = await as(t.a.adminToken, 'POST', `/api/v1/inboxes/${t.a.inbox.id}/messages`, {
      externalId: unique('ext'),
      contact: { identifier: unique('uwe') },
      text: 'Noch eine Frage',
    });
    expect(b.status, b.text).toBe(201);
    const merged = await as(t.a.agentToken, 'POST', `/api/v1/contacts/${a.contactId}/merge`, {
      sourceContactId: b.body.contactId,
    });
    expect(merged.status, merged.text).toBe(200);

    // Agents of the inbox see both items in A, without values.
    const listed = await shares(t.a.agentToken, a.conversationId);
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.items).toHaveLength(2);
    expect(listed.text).not.toContain('52.52');
    expect(listed.text).not.toContain(upload.body.key);
    // Not in B, not through B, not from another account.
    expect((await shares(t.a.agentToken, b.body.conversationId)).body.items).toEqual([]);
    expect((await view(t.a.agentToken, b.body.conversationId, location.body.id)).status).toBe(404);
    expect((await shares(t.b.adminToken, a.conversationId)).status).toBe(404);
    expect((await view(t.b.adminToken, a.conversationId, location.body.id)).status).toBe(404);

    // A view shows the value and is logged (who, when, which item), the audit log too.
    const seen = await view(t.a.agentToken, a.conversationId, location.body.id);
    expect(seen.status, seen.text).toBe(200);
    expect(seen.body.value).toEqual({
      kind: 'location',
      latitude: 52.520008,
      longitude: 13.404954,
      accuracy: 12,
    });
    const picture = await view(t.a.agentToken, a.conversationId, photo.body.id);
    expect(picture.status, picture.text).toBe(200);
    expect(Buffer.from(picture.body.value.base64, 'base64').equals(png)).toBe(true);
    const afterView = await shares(t.a.agentToken, a.conversationId);
    const locationItem = itemsOf<ShareItem>(afterView).find((s) => s.id === location.body.id);
    expect(locationItem?.access).toEqual([
      { userId: t.a.agent.id, outcome: 'viewed', at: expect.any(String) },
    ]);
    const audit = await as(t.a.adminToken, 'GET', `/api/v1/audit-log?contactId=${a.contactId}`);
    expect(itemsOf<{ action: string }>(audit).map((e) => e.action)).toContain('case-share.viewed');
    expect(audit.text).not.toContain('52.52');

    // The customer's export carries the items with their values and the looks at them (not who looked).
    const exported = await as(t.a.adminToken, 'POST', `/api/v1/contacts/${a.contactId}/export`);
    expect(exported.status, exported.text).toBe(200);
    const items = exported.body.sharedItems as { id: string; value: Record<string, unknown> | null }[];
    expect(items.find((i) => i.id === location.body.id)).toMatchObject({
      kind: 'location',
      status: 'active',
      value: { kind: 'location', latitude: 52.520008, longitude: 13.404954 },
      views: [{ outcome: 'viewed', at: expect.any(String) }],
    });
    const exportedPhoto = items.find((i) => i.id === photo.body.id)?.value;
    expect(Buffer.from(String(exportedPhoto?.base64), 'base64').equals(png)).toBe(true);
    expect(exported.text).not.toContain(t.a.agent.id);

    // Resolve: the job ends both; value gone from API and database, the file gone from disk.
    const photoKey = (await stored(photo.body.id)).blob_key!;
    expect(await blobs.get(photoKey)).toBeDefined();
    const resolved = await as(t.a.agentToken, 'PATCH', `/api/v1/conversations/${a.conversationId}`, {
      status: 'resolved',
    });
    expect(resolved.status, resolved.text).toBe(200);
    await eventually(
      () => shares(t.a.agentToken, a.conversationId),
      (r) => itemsOf<ShareItem>(r).every((s) => s.status === 'ended'),
    );
    for (const id of [location.body.id, photo.body.id]) {
      expect(await stored(id)).toEqual({
        value: null,
        blob_key: null,
        status: 'ended',
        end_reason: 'resolved',
      });
    }
    expect(await blobs.get(photoKey)).toBeUndefined();
    // The consent given for this case ends with it.
    const after = await as(t.a.agentToken, 'GET', `/api/v1/contacts/${a.contactId}/consents`);
    expect(after.body.current).toContainEqual(
      expect.objectContaining({ purpose: expect.objectContaining({ key: 'location' }), state: 'withdrawn' }),
    );
    expect((after.body as { history: unknown[] }).history.at(-1)).toMatchObject({
      granted: false,
      reference: `conversation:${a.conversationId}`,
      how: 'case share ended (resolved)',
    });

    // The export still lists the ended items, without their values.
    const later = await as(t.a.adminToken, 'POST', `/api/v1/contacts/${a.contactId}/export`);
    expect((later.body.sharedItems as { value: unknown }[]).map((i) => i.value)).toEqual([null, null]);

    // A view after that is refused, and the refusal is logged.
    expect((await view(t.a.agentToken, a.conversationId, location.body.id)).status).toBe(404);
    const tombstones = await shares(t.a.agentToken, a.conversationId);
    const tombstone = itemsOf<ShareItem>(tombstones).find((s) => s.id === location.body.id);
    expect(tombstone).toMatchObject({ kind: 'location', status: 'ended', endReason: 'resolved' });
    expect(tombstone?.access.map((e) => e.outcome)).toEqual(['viewed', 'refused']);
    const refusedAudit = await as(t.a.adminToken, 'GET', `/api/v1/audit-log?contactId=${a.contactId}`);
    expect(itemsOf<{ action: string }>(refusedAudit).map((e) => e.action)).toContain('case-share.refused');
  });

  it('ends a share when its time runs out (the job with a later clock), and refuses views after', async () => {
    const c = await visitorConversation('Tina Termin', 'Wo bleibt meine Bestellung?');
    const order = await widget(`/conversations/${c.conversationId}/shares`, {
      token: c.token,
      json: { kind: 'order-number', number: 'B-2026-0042', duration: '1h' },
    });
    expect(order.status, order.text).toBe(201);
    const deps = { uow: t.server.useCases.uow, blobs };
    // Not due yet: the job fails and the worker retries it later.
    await expect(
      expireCaseShare({ ...deps, clock: later(30 * 60_000) }, t.a.accountId, {
        shareId: order.body.id,
        trigger: 'time',
      }),
    ).rejects.toThrow(/not due/);
    expect((await view(t.a.agentToken, c.conversationId, order.body.id)).body.value).toEqual({
      kind: 'order-number',
      number: 'B-2026-0042',
    });
    await expireCaseShare({ ...deps, clock: later(HOUR + 1000) }, t.a.accountId, {
      shareId: order.body.id,
      trigger: 'time',
    });
    expect(await stored(order.body.id)).toMatchObject({ value: null, status: 'ended', end_reason: 'time' });
    expect((await view(t.a.agentToken, c.conversationId, order.body.id)).status).toBe(404);
    const list = await widget(`/conversations/${c.conversationId}/shares`, { token: c.token });
    expect(list.body.items[0]).toMatchObject({ status: 'ended', endReason: 'time' });
    expect(list.text).not.toContain('B-2026-0042');

    // The customer takes an item back at once.
    const device = await widget(`/conversations/${c.conversationId}/shares`, {
      token: c.token,
      json: {
        kind: 'device',
        userAgent: 'Mozilla/5.0 Test',
        screen: '1280x800',
        language: 'de-DE',
        duration: '7d',
      },
    });
    expect(device.status, device.text).toBe(201);
    const revoked = await widget(`/conversations/${c.conversationId}/shares/${device.body.id}/revoke`, {
      token: c.token,
      json: {},
    });
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'ended', endReason: 'revoked' });
    expect((await view(t.a.agentToken, c.conversationId, device.body.id)).status).toBe(404);

    // Sharing into a resolved conversation is refused.
    await as(t.a.agentToken, 'PATCH', `/api/v1/conversations/${c.conversationId}`, { status: 'resolved' });
    const late = await widget(`/conversations/${c.conversationId}/shares`, {
      token: c.token,
      json: { kind: 'order-number', number: '4711' },
    });
    expect(late.status, late.text).toBe(409);
  });

  it("lets the company's app share on the contact's behalf with an API token", async () => {
    const inbound = await as(t.a.adminToken, 'POST', `/api/v1/inboxes/${t.a.inbox.id}/messages`, {
      externalId: unique('ext'),
      contact: { identifier: unique('app') },
      text: 'Vertragsfrage',
    });
    expect(inbound.status, inbound.text).toBe(201);
    const conversationId = inbound.body.conversationId as string;
    const shared = await as(t.a.agentToken, 'POST', `/api/v1/conversations/${conversationId}/shares`, {
      kind: 'contract-number',
      number: 'V-123456',
      duration: '24h',
    });
    expect(shared.status, shared.text).toBe(201);
    expect(shared.body).toMatchObject({ kind: 'contract-number', sharedVia: 'app', status: 'active' });
    expect((await view(t.a.agentToken, conversationId, shared.body.id)).body.value.number).toBe('V-123456');
    // Another account, an invalid item, a conversation the agent's inbox does not hold.
    expect(
      (
        await as(t.b.adminToken, 'POST', `/api/v1/conversations/${conversationId}/shares`, {
          kind: 'order-number',
          number: '1',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await as(t.a.agentToken, 'POST', `/api/v1/conversations/${conversationId}/shares`, {
          kind: 'location',
          latitude: 99,
          longitude: 0,
        })
      ).status,
    ).toBe(422);
    const other = await as(t.a.adminToken, 'POST', `/api/v1/inboxes/${t.a.otherInbox.id}/messages`, {
      externalId: unique('ext'),
      contact: { identifier: unique('tel') },
      text: 'Telefon',
    });
    expect(
      (
        await as(t.a.agentToken, 'POST', `/api/v1/conversations/${other.body.conversationId}/shares`, {
          kind: 'order-number',
          number: '1',
        })
      ).status,
    ).toBe(404);
  });

  it('retention deletes or anonymises old resolved conversations, keeps recent ones, with a receipt', async () => {
    const db = t.server.connection.db;
    async function resolvedConversation(text: string, monthsAgo: number) {
      const inbound = await as(t.a.adminToken, 'POST', `/api/v1/inboxes/${t.a.inbox.id}/messages`, {
        externalId: unique('ext'),
        contact: { identifier: unique('ret') },
        text,
      });
      expect(inbound.status, inbound.text).toBe(201);
      const id = inbound.body.conversationId as string;
      expect(
        (await as(t.a.agentToken, 'PATCH', `/api/v1/conversations/${id}`, { status: 'resolved' })).status,
      ).toBe(200);
      const then = new Date(Date.now() - monthsAgo * 31 * 24 * HOUR).toISOString();
      await db
        .updateTable('conversations')
        .set({ updated_at: then, last_message_at: then })
        .where('id', '=', id)
        .execute();
      return id;
    }
    const settings = await as(t.a.adminToken, 'PUT', '/api/v1/settings/privacy', {
      retentionMonths: 6,
      retentionAction: 'delete',
    });
    expect([settings.status, settings.body]).toEqual([
      200,
      { erasureMessages: 'delete', caseShareHours: 24, retentionMonths: 6, retentionAction: 'delete' },
    ]);
    expect((await as(t.a.agentToken, 'PUT', '/api/v1/settings/privacy', { retentionMonths: 1 })).status).toBe(
      403,
    );
    expect((await as(t.a.adminToken, 'PUT', '/api/v1/settings/privacy', { retentionMonths: 0 })).status).toBe(
      422,
    );
    const old = await resolvedConversation('Alte Frage von damals', 8);
    const recent = await resolvedConversation('Neue Frage', 2);
    const open = await as(t.a.adminToken, 'POST', `/api/v1/inboxes/${t.a.inbox.id}/messages`, {
      externalId: unique('ext'),
      contact: { identifier: unique('open') },
      text: 'Offen',
    });
    const lines: string[] = [];
    const deps = {
      ...t.server.useCases,
      blobs,
      invalidateCaches: () => {},
      log: (message: string) => lines.push(message),
    };
    const run = await runRetention(deps, t.a.accountId, { date: '2000-01-01' });
    expect(run.counts).toMatchObject({ retainedConversations: 1, conversations: 1 });
    expect(lines).toContain('retention batch done');
    expect((await as(t.a.adminToken, 'GET', `/api/v1/conversations/${old}`)).status).toBe(404);
    expect((await as(t.a.adminToken, 'GET', `/api/v1/conversations/${recent}`)).status).toBe(200);
    expect(
      (await as(t.a.adminToken, 'GET', `/api/v1/conversations/${open.body.conversationId}`)).status,
    ).toBe(200);
    // The same day again changes nothing; the receipt holds counts, no personal data.
    expect((await runRetention(deps, t.a.accountId, { date: '2000-01-01' })).counts).toEqual(run.counts);
    const receipts = await as(t.a.adminToken, 'GET', '/api/v1/privacy/retention-runs');
    expect(receipts.status, receipts.text).toBe(200);
    expect(receipts.body.items[0]).toMatchObject({
      date: '2000-01-01',
      status: 'completed',
      action: 'delete',
    });
    expect(receipts.text).not.toContain('Alte Frage');
    expect((await as(t.b.adminToken, 'GET', '/api/v1/privacy/retention-runs')).body.items).toEqual([]);

    // Anonymise: the conversation stays, its texts go, and the next run passes it by.
    await as(t.a.adminToken, 'PUT', '/api/v1/settings/privacy', { retentionAction: 'anonymise' });
    const kept = await resolvedConversation('Geheime alte Frage', 9);
    const anonymised = await runRetention(deps, t.a.accountId, { date: '2000-01-02' });
    expect(anonymised.counts).toMatchObject({ retainedConversations: 1, anonymisedMessages: 1 });
    expect((await as(t.a.adminToken, 'GET', `/api/v1/conversations/${kept}`)).status).toBe(200);
    const messages = await as(t.a.adminToken, 'GET', `/api/v1/conversations/${kept}/messages`);
    expect(messages.text).not.toContain('Geheime');
    expect(
      (await runRetention(deps, t.a.accountId, { date: '2000-01-03' })).counts.retainedConversations,
    ).toBeUndefined();

    // Scheduling: one job per account and day, however often the timer fires.
    await as(t.a.adminToken, 'PUT', '/api/v1/settings/privacy', { retentionMonths: null });
    expect(await scheduleRetention(t.server.useCases)).toBeGreaterThanOrEqual(2);
    expect(await scheduleRetention(t.server.useCases)).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    const jobs = await db
      .selectFrom('jobs')
      .select('idempotency_key')
      .where('idempotency_key', '=', `privacy.retention:${t.a.accountId}:${today}`)
      .execute();
    expect(jobs).toHaveLength(1);
    await eventually(
      () => as(t.a.adminToken, 'GET', '/api/v1/privacy/retention-runs'),
      (r) =>
        itemsOf<{ date: string; status: string }>(r).some(
          (item) => item.date === today && item.status === 'completed',
        ),
    );
  });

  it.runIf(database.config.kind === 'sqlite')(
    'keeps no byte of an ended share in the database file',
    async () => {
      const marker = randomBytes(6).toString('hex');
      const d = await visitorConversation('Dora Daten', 'Frage');
      const shared = await widget(`/conversations/${d.conversationId}/shares`, {
        token: d.token,
        json: { kind: 'order-number', number: `ORD-${marker}` },
      });
      expect(shared.status, shared.text).toBe(201);
      await as(t.a.agentToken, 'PATCH', `/api/v1/conversations/${d.conversationId}`, { status: 'resolved' });
      await eventually(
        () => stored(shared.body.id),
        (row) => row.status === 'ended',
      );
      await t.server.useCases.uow.repos.privacy.checkpoint();
      const file = (database.config as { file: string }).file;
      const dir = path.dirname(file);
      const hits = fs
        .readdirSync(dir)
        .filter((name) => name.startsWith(path.basename(file)))
        .filter((name) => fs.readFileSync(path.join(dir, name)).includes(Buffer.from(marker)));
      expect(hits).toEqual([]);
    },
  );
});
