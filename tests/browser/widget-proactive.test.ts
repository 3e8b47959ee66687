/**
 * The widget's engagement features in Debian's Chromium, on a customer's site (a second loopback
 * origin): proactive invitations (URL and time on page, events the page tracks, once a day), the
 * pre-chat form (German and English, stored on the contact), business hours in the header, read
 * receipts both ways, and identify(): a verified customer sees their history of another channel,
 * an anonymous visitor in another browser context does not.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_LOGINS } from '@sofortdesk/server';
import { createTestDatabase } from '@sofortdesk/testing';
import { ensureAgentBuilt } from '../../apps/agent/bin/build.ts';
import { ensureWidgetBuilt } from '../../apps/widget/bin/build.ts';
import { api, startTestServer, type TestServer } from '../support/server.ts';
import { launchChromium } from './chromium.ts';

const database = createTestDatabase('sqlite');
const SCREENSHOTS = 'docs/screenshots';
const SHADOW = "document.querySelector('sofortdesk-widget').shadowRoot";
const anna = DEMO_LOGINS.find((login) => login.email.startsWith('anna'))!; // German profile

let t: TestServer;
let site: http.Server;
let siteUrl: string;
let browser: Browser;
/** The demo account's admin (API token), its agent Anna, and an API channel inbox of it. */
let adminToken: string;
let annaId: string;
let apiInboxId: string;
/** A web chat inbox with proactive rules, and one with the pre-chat form and business hours. */
let proactiveInbox: { id: string; secret: string };
let formInbox: { id: string; secret: string };
const contexts: BrowserContext[] = [];

const always = [{ from: '00:00', to: '24:00' }];
const openAllWeek = {
  timezone: 'Europe/Berlin',
  weekly: { mon: always, tue: always, wed: always, thu: always, fri: always, sat: always, sun: always },
  holidays: [],
  typicalReplyMinutes: 10,
};

const rule = (id: string, message: string, changes: Record<string, unknown>) => ({
  id,
  enabled: true,
  message: { de: message, en: `${message} (en)` },
  urlPattern: null,
  minSecondsOnPage: null,
  minVisits: null,
  event: null,
  ...changes,
});

async function webchatInbox(name: string, settings: Record<string, unknown>) {
  const created = await api(t.url, adminToken, 'POST', '/api/v1/inboxes', {
    name,
    channel: 'webchat',
    language: 'de',
    agentIds: [annaId],
    allowedOrigins: [siteUrl],
    greeting: { de: 'Hallo! Wie können wir helfen?', en: 'Hi there! How can we help?' },
    ...settings,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id as string, secret: created.body.identitySecret as string };
}

beforeAll(async () => {
  await ensureAgentBuilt({ quiet: true });
  await ensureWidgetBuilt({ quiet: true });
  t = await startTestServer(database, { SOFORTDESK_DEMO: 'on', SOFORTDESK_LOGIN_RATE_LIMIT: '1000' });
  const repos = t.server.useCases.uow.repos;
  const admin = (await repos.users.findForLogin(DEMO_LOGINS[0]!.email))!;
  annaId = (await repos.users.findForLogin(anna.email))!.id;
  adminToken = (
    await t.server.auth.createApiToken(
      { userId: admin.id, accountId: admin.accountId, role: 'admin', inboxIds: [] },
      'widget engagement test',
    )
  ).token;
  // The customer's site: any path shows a shop page embedding the widget of ?inbox=.
  site = http.createServer((request, response) => {
    const inbox = new URL(request.url ?? '/', 'http://site').searchParams.get('inbox') ?? '';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Shop</title>
<style>body{font-family:Georgia,serif;margin:0;background:#fafaf9}main{max-width:720px;margin:0 auto;padding:48px 24px}</style>
<script src="${t.url}/widget.js" data-inbox="${inbox}" async></script></head>
<body><main><h1>Musterfirma Shop</h1><p>Ihr Warenkorb: 2 Artikel, 120,00 €.</p>
<label>Gutschein <input id="coupon"></label></main></body></html>`);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

  proactiveInbox = await webchatInbox('Musterfirma Shop', { preChatForm: false });
  const rules = await api(t.url, adminToken, 'PATCH', `/api/v1/inboxes/${proactiveInbox.id}/webchat`, {
    proactiveRules: [
      rule('checkout', 'Brauchen Sie Hilfe beim Bezahlen?', {
        urlPattern: '/checkout*',
        minSecondsOnPage: 3,
      }),
      rule('big-cart', 'Ab 100 € versenden wir kostenlos!', { event: { name: 'cart', minValue: 100 } }),
      rule('off', 'Nie zu sehen', { enabled: false }),
    ],
  });
  expect(rules.status, JSON.stringify(rules.body)).toBe(200);
  formInbox = await webchatInbox('Musterfirma Support', { preChatForm: true });
  const app = await api(t.url, adminToken, 'POST', '/api/v1/inboxes', {
    name: 'Musterfirma App',
    channel: 'api',
    agentIds: [annaId],
  });
  apiInboxId = app.body.id as string;
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await new Promise((resolve) => site?.close(resolve));
  await t?.close();
  await database.drop();
});

async function newContext(locale: string): Promise<BrowserContext> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  return context;
}

async function visit(
  context: BrowserContext,
  pagePath: string,
  inboxId: string,
): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${siteUrl}${pagePath}${pagePath.includes('?') ? '&' : '?'}inbox=${inboxId}`);
  await widget(page).locator('.launcher').waitFor();
  return { page, errors };
}

const widget = (page: Page) => page.locator('sofortdesk-widget');
const dialog = (page: Page) => widget(page).getByRole('dialog');
const bubble = (page: Page, text: string) => widget(page).locator('.msg').filter({ hasText: text });

async function write(page: Page, text: string, label: string): Promise<string> {
  const posted = page.waitForResponse(
    (r) => r.url().endsWith('/messages') && r.request().method() === 'POST',
  );
  const input = widget(page).getByLabel(label);
  await input.fill(text);
  await input.press('Enter');
  const response = await posted;
  expect(response.status()).toBe(201);
  return ((await response.json()) as { conversationId: string }).conversationId;
}

describe('proactive invitations', () => {
  it('open the widget with the rule message after the time on a matching page, once a day', async () => {
    const context = await newContext('de-DE');
    const sessions: string[] = [];
    context.on('request', (request) => {
      if (request.url().endsWith('/sessions')) sessions.push(request.url());
    });
    const { page, errors } = await visit(context, '/checkout/cart', proactiveInbox.id);
    await bubble(page, 'Brauchen Sie Hilfe beim Bezahlen?').waitFor({ timeout: 6000 });
    expect(await dialog(page).isVisible()).toBe(true);
    // Not before its three seconds on the page; only this rule; the page keeps its focus.
    expect(await page.evaluate('performance.now()')).toBeGreaterThanOrEqual(3000);
    expect(await bubble(page, 'Ab 100 €').count()).toBe(0);
    expect(await page.evaluate(`${SHADOW}.activeElement`)).toBeNull();
    // Shown as the team's message, stored nowhere: no session (no contact) for an invitation.
    expect(await bubble(page, 'Brauchen Sie Hilfe').getAttribute('data-direction')).toBe('out');
    expect(sessions).toEqual([]);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'widget-proactive-de.png') });

    // A reload the same day: the same rule stays quiet.
    await page.reload();
    await widget(page).locator('.launcher').waitFor();
    await page.waitForTimeout(4000);
    expect(await dialog(page).isVisible()).toBe(false);
    expect(errors).toEqual([]);
  });

  it('fire on an event the page tracks, only with the minimum value', async () => {
    const context = await newContext('en-GB');
    const { page, errors } = await visit(context, '/product/42', proactiveInbox.id);
    await page.evaluate("window.Sofortdesk.track('cart', { value: 50 })");
    await page.waitForTimeout(1000);
    expect(await dialog(page).isVisible()).toBe(false);
    await page.evaluate("window.Sofortdesk.track('cart', { value: 120 })");
    // In the visitor's language.
    await bubble(page, 'Ab 100 € versenden wir kostenlos! (en)').waitFor({ timeout: 2000 });
    expect(await dialog(page).isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('take tracked events queued before the script loaded', async () => {
    const context = await newContext('de-DE');
    await context.addInitScript("window.Sofortdesk = { q: [['track', 'cart', { value: 150 }]] };");
    const { page } = await visit(context, '/product/7', proactiveInbox.id);
    await bubble(page, 'Ab 100 € versenden wir kostenlos!').waitFor({ timeout: 3000 });
  });
});

describe('pre-chat form and business hours', () => {
  it('asks for name and e-mail before the first message and stores them on the contact (English)', async () => {
    await api(t.url, adminToken, 'PUT', `/api/v1/inboxes/${formInbox.id}/business-hours`, {
      businessHours: openAllWeek,
    });
    const context = await newContext('en-US');
    const { page, errors } = await visit(context, '/help', formInbox.id);
    await widget(page).getByRole('button', { name: 'Open chat' }).click();
    await widget(page).getByText('We usually reply within 10 minutes').waitFor();
    const email = widget(page).getByLabel('Email address');
    await email.waitFor();
    expect(await widget(page).getByLabel('Your message').count()).toBe(0);
    // Opened by the visitor: the focus is in the form's first field.
    await expect.poll(() => page.evaluate(`${SHADOW}.activeElement?.id`)).toBe('sofortdesk-name');
    await widget(page).getByLabel('Name (optional)').fill('Jane Doe');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'widget-prechat-en.png') });

    // A wrong address is announced and keeps the form.
    await email.fill('jane@');
    await widget(page).getByRole('button', { name: 'Start chat' }).click();
    await widget(page)
      .getByRole('alert')
      .filter({ hasText: 'Please enter a valid email address.' })
      .waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');

    await email.fill('Jane.Doe@Example.test');
    await widget(page).getByRole('button', { name: 'Start chat' }).click();
    const conversationId = await write(page, 'Where is my parcel?', 'Your message');
    const conversation = await api(t.url, adminToken, 'GET', `/api/v1/conversations/${conversationId}`);
    const contact = await api(t.url, adminToken, 'GET', `/api/v1/contacts/${conversation.body.contactId}`);
    expect(contact.body).toMatchObject({ name: 'Jane Doe', email: 'jane.doe@example.test' });
    expect(contact.body.identities).toContainEqual(
      expect.objectContaining({ kind: 'email', value: 'jane.doe@example.test' }),
    );
    // After a reload the chat goes on without the form.
    await page.reload();
    await widget(page).getByRole('button', { name: 'Open chat' }).click();
    await bubble(page, 'Where is my parcel?').waitFor();
    expect(await widget(page).getByLabel('Email address').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('says in German when the team is back, in the inbox time zone', async () => {
    // Only Mondays 09:00 to 17:00 in Berlin, and today is a holiday: closed now.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
    const mondays = {
      ...openAllWeek,
      weekly: { mon: [{ from: '09:00', to: '17:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      holidays: [today],
    };
    await api(t.url, adminToken, 'PUT', `/api/v1/inboxes/${formInbox.id}/business-hours`, {
      businessHours: mondays,
    });
    const context = await newContext('de-DE');
    const { page } = await visit(context, '/hilfe', formInbox.id);
    await widget(page).getByRole('button', { name: 'Chat öffnen' }).click();
    await widget(page)
      // A week ahead or more, the date tells which Monday ("ab Montag, 30. November, 09:00").
      .getByText(/^Wir sind ab (Montag|morgen)(, \d{1,2}\. [A-Za-zä]+)?, 09:00 wieder da$/)
      .waitFor();
    await widget(page).getByLabel('E-Mail-Adresse').waitFor();
    await widget(page).getByLabel('Name (freiwillig)').fill('Erika Mustermann');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'widget-prechat-de.png') });
  });
});

describe('read receipts', () => {
  it('show "Gelesen" to the visitor once an agent opened the chat, and "gelesen" to the agent once the visitor read the reply', async () => {
    const context = await newContext('de-DE');
    const { page, errors } = await visit(context, '/', proactiveInbox.id);
    await widget(page).getByRole('button', { name: 'Chat öffnen' }).click();
    const conversationId = await write(page, 'Ist meine Nachricht angekommen?', 'Ihre Nachricht');
    await widget(page).locator('[data-connection="live"]').waitFor();
    expect(await widget(page).locator('[data-read]').count()).toBe(0);

    // Anna opens the conversation in the workspace (another browser context): the visitor sees it live.
    const agentPage = await (await newContext('de-DE')).newPage();
    await agentPage.goto(t.url);
    await agentPage.getByLabel('E-Mail').fill(anna.email);
    await agentPage.getByLabel('Passwort', { exact: true }).fill(anna.password);
    await agentPage.getByRole('button', { name: 'Anmelden' }).click();
    await agentPage.locator('[data-realtime="live"]').waitFor();
    await agentPage.goto(`${t.url}/conversations/${conversationId}`);
    await agentPage.locator('#conversation .message').filter({ hasText: 'Ist meine Nachricht' }).waitFor();
    await bubble(page, 'Ist meine Nachricht angekommen?')
      .locator('[data-read]')
      .filter({ hasText: 'Gelesen' })
      .waitFor({ timeout: 3000 });

    // Anna replies; the visitor has the chat open and in front: marked read once, and Anna sees it.
    const marks: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/read')) marks.push(request.postData() ?? '');
    });
    await agentPage.locator('[data-realtime="live"]').waitFor();
    await agentPage.getByLabel('Antwort an den Kunden').fill('Ja, ist angekommen.');
    await agentPage.getByRole('button', { name: 'Antwort senden' }).click();
    await bubble(page, 'Ja, ist angekommen.').waitFor();
    await agentPage
      .locator('#conversation .message')
      .filter({ hasText: 'Ja, ist angekommen.' })
      .locator('[data-read]')
      .filter({ hasText: 'gelesen' })
      .waitFor({ timeout: 5000 });
    const conversation = await api(t.url, adminToken, 'GET', `/api/v1/conversations/${conversationId}`);
    expect(conversation.body.contactLastReadAt).not.toBeNull();
    await page.waitForTimeout(2500);
    expect(marks).toEqual([JSON.stringify({ conversationId })]);

    // After a reload the visitor still sees what was read.
    await page.reload();
    await widget(page).getByRole('button', { name: 'Chat öffnen' }).click();
    await bubble(page, 'Ist meine Nachricht angekommen?').locator('[data-read]').waitFor();
    expect(errors).toEqual([]);
  });
});

describe('identify()', () => {
  it('shows a verified customer their earlier conversation of another channel; an anonymous visitor sees none', async () => {
    const customer = `kunde-${Date.now()}`;
    const email = `${customer}@example.test`;
    const earlier = await api(t.url, adminToken, 'POST', `/api/v1/inboxes/${apiInboxId}/messages`, {
      externalId: `app-${customer}`,
      contact: { identifier: customer, email },
      text: 'Per App gefragt: Wann kommt meine Lieferung?',
    });
    expect(earlier.status).toBe(201);
    const jwt = await new SignJWT({ sub: customer, email, name: 'Stammkundin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience(proactiveInbox.id)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(proactiveInbox.secret));

    const verified = await newContext('de-DE');
    const { page, errors } = await visit(verified, '/konto', proactiveInbox.id);
    await page.evaluate(`window.Sofortdesk.identify(${JSON.stringify(jwt)})`);
    await widget(page).getByRole('button', { name: 'Chat öffnen' }).click();
    await bubble(page, 'Per App gefragt: Wann kommt meine Lieferung?').waitFor();

    const anonymous = await newContext('de-DE');
    const other = await visit(anonymous, '/konto', proactiveInbox.id);
    await widget(other.page).getByRole('button', { name: 'Chat öffnen' }).click();
    await write(other.page, 'Hallo, ich bin jemand anderes', 'Ihre Nachricht');
    await widget(other.page).locator('[data-connection="live"]').waitFor();
    await other.page.waitForTimeout(500);
    expect(await bubble(other.page, 'Per App gefragt').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
