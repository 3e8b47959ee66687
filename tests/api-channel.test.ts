import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '@sofortdesk/testing';
import { api, startTestServer, type TestServer } from './support/server.ts';

describeEachDatabase('generic API channel over HTTP', (database) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(database);
  });
  afterAll(async () => {
    await t?.close();
    await database.drop();
  });

  it('answers 201 for a new message and 200 with the same ids for a repeat', async () => {
    const body = { externalId: 'app-msg-1', contact: { identifier: 'u-1', name: 'Erika' }, text: 'Hallo!' };
    const first = await api(t.url, t.a.adminToken, 'POST', `/api/v1/inboxes/${t.a.inbox.id}/messages`, body);
    expect(first.status).toBe(201);
    const again = await api(t.url, t.a.adminToken, 'POST', `/api/v1/inboxes/${t.a.inbox.id}/messages`, body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const messages = await api(
      t.url,
      t.a.adminToken,
      'GET',
      `/api/v1/conversations/${first.body.conversationId}/messages`,
    );
    expect(messages.body.items).toHaveLength(1);
  });

  it("answers 404 for another account's inbox", async () => {
    const body = { externalId: 'x-1', contact: { identifier: 'u-1' }, text: 'Hallo' };
    const response = await api(
      t.url,
      t.b.adminToken,
      'POST',
      `/api/v1/inboxes/${t.a.inbox.id}/messages`,
      body,
    );
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });
});
