/**
 * The customer's privacy centre in Debian's chromium, without any script on its pages: a customer
 * follows the help centre's link, asks for a login link, opens it from the mail (captured by a test
 * SMTP relay), gives a consent with one click and downloads their data; in English too. A verified
 * customer opens the centre from the chat widget, signed in. Screenshots of both languages go to
 * docs/screenshots/.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ContactExport } from '@sofortdesk/domain';
import { createTestDatabase } from '@sofortdesk/testing';
import { ensureWidgetBuilt } from '../../apps/widget/bin/build.ts';
import { api, startTestServer, type TestServer } from '../support/server.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { launchChromium } from './chromium.ts';

const database = createTestDatabase('sqlite');
let t: TestServer;
let sink: SmtpSink;
let browser: Browser;
let apiInboxId: string;
let site: http.Server | undefined;

const admin = (method: string, path: string, body?: unknown) =>
  api(t.url, t.a.adminToken, method, path, body);

/** A customer who wrote through the company's app, with a consent the team recorded on the phone. */
async function customer(name: string, language: 'de' | 'en') {
  const email = `${name.toLowerCase()}-${Date.now()}@kunde.example.test`;
  const created = await admin('POST', `/api/v1/inboxes/${apiInboxId}/messages`, {
    externalId: `ext-${name}-${Date.now()}`,
    contact: { identifier: `app-${name}-${Date.now()}`, name, email },
    text: language === 'de' ? 'Wo bleibt meine Bestellung 4711?' : 'Where is my order 4711?',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { contactId, conversationId } = created.body as { contactId: string; conversationId: string };
  const recorded = await admin('PUT', `/api/v1/contacts/${contactId}/consents`, {
    purposeKey: 'content-analysis',
    granted: true,
    channel: 'phone',
    proof: { how: 'am Telefon zugestimmt' },
  });
  expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
  // Shared for this case through the app, and looked at once by the team.
  const share = await admin('POST', `/api/v1/conversations/${conversationId}/shares`, {
    kind: 'order-number',
    number: '4711',
  });
  expect(share.status, JSON.stringify(share.body)).toBe(201);
  const viewed = await admin('POST', `/api/v1/conversations/${conversationId}/shares/${share.body.id}/view`);
  expect(viewed.status, JSON.stringify(viewed.body)).toBe(200);
  return { email, contactId };
}

async function linkMailedTo(address: string): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const mail = sink.mails.find((m) => m.envelope.rcptTo.includes(address));
    const url = mail && /https?:\/\/\S+\/login\?token=\S+/.exec(mail.parsed.text ?? '')?.[0];
    if (url) return url;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no link mailed to ${address}`);
}

beforeAll(async () => {
  await ensureWidgetBuilt({ quiet: true });
  sink = await startSmtpSink();
  t = await startTestServer(database, { SOFORTDESK_SMTP_RELAY: sink.url });
  browser = await launchChromium();
  const inbox = await admin('POST', '/api/v1/inboxes', { name: 'App', channel: 'api' });
  apiInboxId = inbox.body.id as string;
  for (const [key, de, en] of [
    [
      'content-analysis',
      [
        'Automatische Auswertung',
        'Wir werten Ihre Nachrichten automatisch aus, um sie schneller zu beantworten.',
      ],
      ['Automatic analysis', 'We analyse your messages automatically to answer them faster.'],
    ],
    [
      'marketing',
      ['Angebote per E-Mail', 'Wir schreiben Ihnen höchstens einmal im Monat zu neuen Angeboten.'],
      ['Offers by e-mail', 'We write to you about new offers at most once a month.'],
    ],
  ] as const) {
    const created = await admin('POST', '/api/v1/consent-purposes', {
      key,
      texts: { de: { title: de[0], text: de[1] }, en: { title: en[0], text: en[1] } },
    });
    expect(created.status).toBe(201);
  }
});
afterAll(async () => {
  await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
  await browser?.close();
  await t?.close();
  await sink?.close();
  await database.drop();
});

async function open(locale: string): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({
    locale,
    viewport: { width: 1000, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${message.text()} ${message.location().url}`);
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('request', (request) => {
    if (!request.url().startsWith(t.url)) problems.push(`external request: ${request.url()}`);
  });
  return { page, problems };
}

it('a customer logs in by the mailed link, gives a consent and downloads their data (German)', async () => {
  const { email, contactId } = await customer('Greta', 'de');
  const { page, problems } = await open('de-DE');
  await page.goto(`${t.url}/help/${t.a.accountId}/de`);
  await page.getByRole('link', { name: /Datenschutz-Center/ }).click();
  await page.waitForURL(/\/privacy\//);
  expect(await page.locator('h1').textContent()).toBe('Datenschutz-Center');
  fs.mkdirSync('docs/screenshots', { recursive: true });
  await page.screenshot({ path: 'docs/screenshots/privacy-centre-login-de.png', fullPage: true });

  await page.getByLabel('Ihre E-Mail-Adresse').fill(email);
  await page.getByRole('button', { name: 'Link senden' }).click();
  await page.waitForURL(/sent/);
  expect(await page.locator('h1').textContent()).toBe('Bitte sehen Sie in Ihr Postfach');

  await page.goto(await linkMailedTo(email));
  await page.getByRole('button', { name: 'Weiter zum Datenschutz-Center' }).click();
  await page.locator('#consents').waitFor();
  expect(await page.locator('h1').textContent()).toBe('Guten Tag, Greta');
  expect(await page.locator('script').count()).toBe(0);
  const marketing = page.locator('[data-purpose="marketing"]');
  expect(await marketing.getAttribute('data-state')).toBe('not-asked');
  expect(await page.locator('#shares').textContent()).toContain('Bestellnummer');
  await page.screenshot({ path: 'docs/screenshots/privacy-centre-de.png', fullPage: true });

  await marketing.getByRole('button', { name: 'Einwilligen' }).click();
  await page.getByRole('status').waitFor();
  expect(await page.getByRole('status').textContent()).toContain('Gespeichert');
  expect(await page.locator('[data-purpose="marketing"]').getAttribute('data-state')).toBe('granted');
  const ledger = await admin('GET', `/api/v1/contacts/${contactId}/consents`);
  const history = ledger.body.history as { purposeKey: string }[];
  expect(history.at(-1)).toMatchObject({
    purposeKey: 'marketing',
    granted: true,
    channel: 'privacy-centre',
    how: 'contact via one-time link',
  });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Meine Daten herunterladen' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^my-data-\d{4}-\d{2}-\d{2}\.json$/);
  const doc = JSON.parse(fs.readFileSync(await download.path(), 'utf8')) as ContactExport;
  expect(doc.contact).toMatchObject({ id: contactId, name: 'Greta', email });
  expect(doc.conversations.flatMap((c) => c.messages).map((m) => m.text)).toEqual([
    'Wo bleibt meine Bestellung 4711?',
  ]);
  expect(doc.consents.current).toContainEqual(
    expect.objectContaining({ purposeKey: 'marketing', state: 'granted' }),
  );

  await page.getByRole('link', { name: 'Löschung beantragen …' }).click();
  expect(await page.locator('h1').textContent()).toBe('Wirklich alle Daten löschen?');
  await page.screenshot({ path: 'docs/screenshots/privacy-centre-erase-de.png', fullPage: true });
  await page.getByRole('link', { name: 'Abbrechen' }).click();
  await page.getByRole('button', { name: 'Abmelden' }).click();
  expect(await page.getByRole('status').textContent()).toContain('abgemeldet');
  expect(problems).toEqual([]);
  await page.context().close();
});

it("speaks English, by the browser's language or ?lang", async () => {
  const { email } = await customer('Harry', 'en');
  const { page, problems } = await open('en-GB');
  await page.goto(`${t.url}/privacy/${t.a.accountId}`);
  expect(await page.locator('h1').textContent()).toBe('Privacy centre');
  await page.getByLabel('Your e-mail address').fill(email);
  await page.getByRole('button', { name: 'Send link' }).click();
  await page.waitForURL(/sent/);
  await page.goto(await linkMailedTo(email));
  await page.getByRole('button', { name: 'Continue to the privacy centre' }).click();
  await page.locator('#consents').waitFor();
  expect(await page.locator('h1').textContent()).toBe('Hello, Harry');
  await page.locator('[data-purpose="content-analysis"]').getByRole('button', { name: 'Withdraw' }).click();
  await page.getByRole('status').waitFor();
  expect(await page.locator('[data-purpose="content-analysis"]').getAttribute('data-state')).toBe(
    'withdrawn',
  );
  await page.screenshot({ path: 'docs/screenshots/privacy-centre-en.png', fullPage: true });
  // The language switch keeps the page.
  await page.getByRole('link', { name: 'Deutsch' }).click();
  expect(await page.locator('h1').textContent()).toBe('Guten Tag, Harry');
  expect(problems).toEqual([]);
  await page.context().close();
});

it('opens the centre signed in from the chat widget of a verified customer', async () => {
  let page_ = '';
  site = http.createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page_);
  });
  await new Promise<void>((resolve) => site!.listen(0, '127.0.0.1', resolve));
  const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  const created = await admin('POST', '/api/v1/inboxes', {
    name: 'Shop',
    channel: 'webchat',
    allowedOrigins: [siteUrl],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const inboxId = created.body.id as string;
  const jwt = await new SignJWT({
    sub: 'kunde-77',
    email: `ina-${Date.now()}@kunde.example.test`,
    name: 'Ina',
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setAudience(inboxId)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(created.body.identitySecret as string));
  page_ = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Shop</title>
<script>window.Sofortdesk = { q: [["identify", ${JSON.stringify(jwt)}]] };</script>
<script src="${t.url}/widget.js" data-inbox="${inboxId}" async></script></head>
<body><h1>Musterfirma Shop</h1></body></html>`;

  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  await page.goto(siteUrl);
  const widget = page.locator('sofortdesk-widget');
  await widget.getByRole('button', { name: 'Chat öffnen' }).click();
  const link = widget.getByRole('button', { name: 'Datenschutz' });
  await link.waitFor();
  await page.screenshot({ path: 'docs/screenshots/widget-privacy-link-de.png' });
  const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await tab.waitForURL(new RegExp(`/privacy/${t.a.accountId}\\?lang=de`));
  expect(await tab.locator('h1').textContent()).toBe('Guten Tag, Ina');
  expect(await tab.locator('main').textContent()).toContain('über Ihr Kundenkonto im Chat');
  await context.close();
});
