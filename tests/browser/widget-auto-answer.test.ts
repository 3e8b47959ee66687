/**
 * An automatic answer in the chat widget, in Debian's Chromium, with the demo company (automatic
 * answers on): a visitor asks what a public article answers; the bot's answer arrives live, cites the
 * article and offers "Ja" / "Nein"; "Nein" hands the conversation to the agents with an internal note.
 * Saves the widget to docs/screenshots/widget-auto-answer-de.png.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_LOGINS } from '@sofortdesk/server';
import { createTestDatabase } from '@sofortdesk/testing';
import { ensureWidgetBuilt } from '../../apps/widget/bin/build.ts';
import { api, startTestServer, type TestServer } from '../support/server.ts';
import { launchChromium } from './chromium.ts';

const database = createTestDatabase('sqlite');

let t: TestServer;
let site: http.Server;
let siteUrl: string;
let browser: Browser;
let adminToken: string;
let inboxId: string;

beforeAll(async () => {
  await ensureWidgetBuilt({ quiet: true });
  t = await startTestServer(database, { SOFORTDESK_DEMO: 'on' });
  const admin = (await t.server.useCases.uow.repos.users.findForLogin(DEMO_LOGINS[0]!.email))!;
  adminToken = (
    await t.server.auth.createApiToken(
      { userId: admin.id, accountId: admin.accountId, role: 'admin', inboxIds: [] },
      'widget auto-answer test',
    )
  ).token;
  site = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Autovermietung</title>
<script src="${t.url}/widget.js" data-inbox="${inboxId}" async></script></head>
<body><main><h1>Musterfirma Mietwagen</h1></main></body></html>`);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  const created = await api(t.url, adminToken, 'POST', '/api/v1/inboxes', {
    name: 'Website',
    channel: 'webchat',
    language: 'de',
    allowedOrigins: [siteUrl],
    preChatForm: false,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  inboxId = created.body.id;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => site?.close(resolve));
  await t?.close();
  await database.drop();
});

const widget = (page: Page) => page.locator('sofortdesk-widget');

it('answers a visitor automatically, and "Nein" hands over to the agents', async () => {
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(siteUrl);
  await widget(page).locator('.launcher').click();
  const input = widget(page).getByLabel('Ihre Nachricht');
  await input.fill('Wie kann ich meine Buchung stornieren?');
  const posted = page.waitForResponse(
    (r) => r.url().endsWith('/messages') && r.request().method() === 'POST',
  );
  await input.press('Enter');
  const conversationId = ((await (await posted).json()) as { conversationId: string }).conversationId;

  // The answer arrives live, from the bot, citing the article, with one-click "did this help?".
  const answer = widget(page).locator('.msg[data-direction="out"]').filter({ hasText: 'Meine Buchungen' });
  await answer.waitFor({ timeout: 15_000 });
  expect(await answer.locator('.meta').first().textContent()).toContain('Automatische Antwort');
  expect(
    await answer.getByRole('link', { name: 'Wie storniere ich meine Buchung?' }).getAttribute('href'),
  ).toMatch(/\/help\/[^/]+\/de\/articles\//);
  const buttons = answer.getByRole('group', { name: 'Hat Ihnen das geholfen?' });
  fs.mkdirSync('docs/screenshots', { recursive: true });
  await page.screenshot({ path: 'docs/screenshots/widget-auto-answer-de.png' });
  await buttons.getByRole('button', { name: 'Nein' }).click();

  // The agents get the conversation with the context.
  await expect
    .poll(
      async () => {
        const result = await api(
          t.url,
          adminToken,
          'GET',
          `/api/v1/conversations/${conversationId}/messages?limit=50`,
        );
        return (
          (result.body.items as { kind: string; text: string }[]).find((m) => m.kind === 'note')?.text ?? ''
        );
      },
      { timeout: 15_000 },
    )
    .toContain('Die automatische Antwort hat nicht geholfen');
  // The buttons go once the visitor has answered.
  await expect.poll(() => buttons.count()).toBe(0);
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);
