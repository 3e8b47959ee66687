/**
 * Per-case sharing in Debian's Chromium: a visitor on a customer's site shares their location (the
 * browser's Geolocation API, permission granted to the site) through the widget's "Teilen" menu,
 * which shows what will be shared and for how long before anything leaves; the agent sees the item
 * in that conversation's contact panel ("Standort geteilt für diesen Fall, läuft ab in 1 Stunde"),
 * views it (logged), and after the resolve sees it deleted. Screenshots of both sides.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_LOGINS } from '@sofortdesk/server';
import { createTestDatabase } from '@sofortdesk/testing';
import { ensureAgentBuilt } from '../../apps/agent/bin/build.ts';
import { ensureWidgetBuilt } from '../../apps/widget/bin/build.ts';
import { api, startTestServer, type TestServer } from '../support/server.ts';
import { launchChromium } from './chromium.ts';

const database = createTestDatabase('sqlite');
const SCREENSHOTS = 'docs/screenshots';
const anna = DEMO_LOGINS.find((login) => login.email.startsWith('anna'))!; // German profile
const BERLIN = { latitude: 52.520008, longitude: 13.404954, accuracy: 12 };

let t: TestServer;
let site: http.Server;
let siteUrl: string;
let browser: Browser;
let adminToken: string;
let inboxId: string;

beforeAll(async () => {
  await ensureAgentBuilt({ quiet: true });
  await ensureWidgetBuilt({ quiet: true });
  t = await startTestServer(database, { SOFORTDESK_DEMO: 'on', SOFORTDESK_LOGIN_RATE_LIMIT: '1000' });
  const repos = t.server.useCases.uow.repos;
  const admin = (await repos.users.findForLogin(DEMO_LOGINS[0]!.email))!;
  const agent = (await repos.users.findForLogin(anna.email))!;
  adminToken = (
    await t.server.auth.createApiToken(
      { userId: admin.id, accountId: admin.accountId, role: 'admin', inboxIds: [] },
      'case shares test',
    )
  ).token;
  site = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Versicherung</title>
<style>body{font-family:Georgia,serif;margin:0;background:#fafaf9}main{max-width:720px;margin:0 auto;padding:48px 24px}</style>
<script src="${t.url}/widget.js" data-inbox="${inboxId}" async></script></head>
<body><main><h1>Musterversicherung</h1><p>Schaden melden? Schreiben Sie uns unten rechts.</p></main></body></html>`);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  const created = await api(t.url, adminToken, 'POST', '/api/v1/inboxes', {
    name: 'Schadenmeldung',
    channel: 'webchat',
    language: 'de',
    agentIds: [agent.id],
    allowedOrigins: [siteUrl],
    preChatForm: false,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  inboxId = created.body.id;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => site?.close(resolve));
  await t?.close();
  await database.drop();
});

it('the widget shares a location for one case, and the agent sees it in that conversation', async () => {
  const visitor = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 860 } });
  await visitor.grantPermissions(['geolocation'], { origin: siteUrl });
  await visitor.setGeolocation(BERLIN);
  const page = await visitor.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(siteUrl);
  const widget = page.locator('sofortdesk-widget');
  await widget.getByRole('button', { name: 'Chat öffnen' }).click();
  const posted = page.waitForResponse(
    (r) => r.url().endsWith('/messages') && r.request().method() === 'POST',
  );
  const input = widget.getByLabel('Ihre Nachricht');
  await input.fill('Ich hatte gerade einen Unfall auf der Kreuzung.');
  await input.press('Enter');
  const conversationId = ((await (await posted).json()) as { conversationId: string }).conversationId;
  await widget.locator('.msg[data-state="sent"]').waitFor();

  // The menu: choose the location; the browser gives it; the widget shows it and the duration first.
  await widget.getByRole('button', { name: 'Teilen' }).click();
  await widget.getByRole('button', { name: 'Standort' }).click();
  await widget.getByText('52.52001, 13.40495 (auf 12 m genau)').waitFor();
  await widget.getByLabel('1 Stunde').check();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'case-share-widget-confirm-de.png') });
  const shared = page.waitForResponse((r) => r.url().endsWith('/shares') && r.request().method() === 'POST');
  await widget.getByRole('button', { name: 'Jetzt teilen' }).click();
  expect((await shared).status()).toBe(201);
  await widget.locator('.shared li[data-status="active"]').filter({ hasText: 'Standort' }).waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'case-share-widget-shared-de.png') });

  // The agent: the item in this conversation's panel, without its value until viewed.
  const agentContext = await browser.newContext({ locale: 'de-DE', viewport: { width: 1440, height: 900 } });
  const agentPage = await agentContext.newPage();
  await agentPage.goto(t.url);
  await agentPage.getByLabel('E-Mail').fill(anna.email);
  await agentPage.getByLabel('Passwort', { exact: true }).fill(anna.password);
  await agentPage.getByRole('button', { name: 'Anmelden' }).click();
  await agentPage.getByRole('listbox').waitFor();
  await agentPage.goto(`${t.url}/conversations/${conversationId}`);
  const item = agentPage.locator('.case-share[data-kind="location"]');
  await item.getByText('Standort geteilt für diesen Fall, läuft ab in 1 Stunde').waitFor();
  expect(await agentPage.locator('.pane--contact').textContent()).not.toContain('52.52');
  await item.getByRole('button', { name: 'Ansehen' }).click();
  await item.getByText('52.52001, 13.40495 (± 12 m)').waitFor();
  await item.getByText('Zugriffe (1)').waitFor();
  await agentPage.screenshot({ path: path.join(SCREENSHOTS, 'case-share-agent-de.png') });

  // The view is in the share's access log, and resolving the case deletes the item.
  const listed = await api(t.url, adminToken, 'GET', `/api/v1/conversations/${conversationId}/shares`);
  expect(listed.body.items[0].access).toHaveLength(1);
  const resolved = await api(t.url, adminToken, 'PATCH', `/api/v1/conversations/${conversationId}`, {
    status: 'resolved',
  });
  expect(resolved.status).toBe(200);
  await expect
    .poll(async () => {
      const list = await api(t.url, adminToken, 'GET', `/api/v1/conversations/${conversationId}/shares`);
      return (list.body as { items: { status: string }[] }).items[0]?.status;
    })
    .toBe('ended');
  await agentPage.reload();
  await agentPage
    .locator('.case-share[data-status="ended"]')
    .getByText('Standort: gelöscht (Fall abgeschlossen)')
    .waitFor();
  expect(errors).toEqual([]);
  await agentContext.close();
  await visitor.close();
}, 90_000);

it('lets an admin set the share lifetime and retention on the privacy screen', async () => {
  const adminLogin = DEMO_LOGINS.find((login) => login.role === 'admin')!;
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${t.url}/admin/privacy`);
  await page.getByLabel('E-Mail').fill(adminLogin.email);
  await page.getByLabel('Passwort', { exact: true }).fill(adminLogin.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  const form = page.getByTestId('privacy-settings-form');
  await form.waitFor();
  await form.getByLabel('Für einen Fall Geteiltes bleibt (Stunden)').fill('3');
  await form.getByLabel('Für immer aufbewahren').uncheck();
  await form.getByLabel('Erledigte, unberührte Gespräche entfernen nach (Monaten)').fill('18');
  await form
    .getByRole('group', { name: /Aufbewahrung/ })
    .getByLabel(/anonymisieren/)
    .check();
  await form.getByRole('button', { name: 'Speichern' }).click();
  await expect
    .poll(async () => (await api(t.url, adminToken, 'GET', '/api/v1/settings/privacy')).body as unknown)
    .toMatchObject({ caseShareHours: 3, retentionMonths: 18, retentionAction: 'anonymise' });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-privacy-de.png'), fullPage: true });
  await context.close();
}, 60_000);
