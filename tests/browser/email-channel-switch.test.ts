/**
 * The channel switch in Debian's Chromium: in a conversation outside e-mail whose contact has an
 * e-mail address, the composer offers "Per E-Mail senden an …"; ticked, the reply is created as a mail
 * (Message-ID fixed, addressed to the contact) and, with no relay configured in this server, it shows
 * as not delivered with the reason instead of failing silently.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { DEMO_LOGINS } from '@sofortdesk/server';
import { createTestDatabase } from '@sofortdesk/testing';
import { api, type TestServer } from '../support/server.ts';
import { startDemoWorkspace } from './demo-workspace.ts';

const database = createTestDatabase('sqlite');
const anna = DEMO_LOGINS.find((login) => login.email.startsWith('anna'))!; // German profile

let t: TestServer;
let browser: Browser;
let token: string;
let inboxDe: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  ({
    t,
    browser,
    token,
    inboxes: { de: inboxDe },
  } = await startDemoWorkspace(database));
  const created = await api(t.url, token, 'POST', '/api/v1/inboxes', {
    name: 'Service per E-Mail',
    channel: 'email',
    address: `service-switch-${process.pid}@shop.example.test`,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await t?.close();
  await database.drop();
});

describe('the composer’s channel switch', () => {
  it('sends a reply by e-mail when ticked, and shows it undelivered without a relay', async () => {
    const written = await api(t.url, token, 'POST', `/api/v1/inboxes/${inboxDe}/messages`, {
      externalId: `switch-${process.pid}`,
      contact: { identifier: 'switch-1', name: 'Vera Weg' },
      text: 'Ich muss los, bitte antworten Sie mir per Mail.',
    });
    expect(written.status).toBe(201);
    const conversationId = written.body.conversationId as string;
    const { uow } = t.server.useCases;
    const conversation = (await uow.repos.conversations.get(
      (await uow.repos.users.findForLogin(anna.email))!.accountId,
      conversationId,
    ))!;
    await uow.repos.contacts.addIdentity(
      conversation.accountId,
      conversation.contactId,
      'email',
      'vera.weg@kunde.example.test',
    );

    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(t.url);
    await page.getByLabel('E-Mail').fill(anna.email);
    await page.getByLabel('Passwort', { exact: true }).fill(anna.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.locator('[data-realtime="live"]').waitFor();
    await page.goto(`${t.url}/conversations/${conversationId}`);
    await page.locator(`#conversation[data-conversation-id="${conversationId}"]`).waitFor();

    const toggle = page.getByLabel('Per E-Mail senden an vera.weg@kunde.example.test');
    await toggle.waitFor();
    // Notes never leave: the switch is offered for replies only.
    await page.locator('.composer__modes input[value="note"]').check();
    await expect.poll(() => toggle.count()).toBe(0);
    await page.locator('.composer__modes input[value="text"]').check();
    await toggle.check();
    await page.locator('[data-composer]').fill('Gern, hier die Antwort per E-Mail.');
    await page.locator('[data-composer]').press('Control+Enter');

    const sent = page.locator('#conversation .message').filter({ hasText: 'hier die Antwort per E-Mail' });
    await sent.waitFor();
    // The job's verdict arrives live as a line in the timeline; the reply's own mark shows on reload.
    await page
      .locator('#conversation .message')
      .filter({ hasText: 'Die E-Mail konnte nicht zugestellt werden: no SMTP relay configured' })
      .waitFor();
    await page.reload();
    await page
      .locator('#conversation .message')
      .filter({ hasText: 'hier die Antwort per E-Mail' })
      .getByText('nicht zugestellt')
      .waitFor();

    const items = (
      await api(t.url, token, 'GET', `/api/v1/conversations/${conversationId}/messages?limit=50`)
    ).body.items as { text: string; email: { messageId: string } | null; delivery: unknown }[];
    const reply = items.find((m) => m.text.includes('hier die Antwort per E-Mail'))!;
    expect(reply.email?.messageId).toMatch(/^<sd\./);
    expect(reply.delivery).toMatchObject({ status: 'failed', detail: 'no SMTP relay configured' });
    expect(errors).toEqual([]);
  });
});
