/**
 * The public help centre in Debian's chromium: a customer searches, reads an article and says
 * whether it helped, with the keyboard and without any script on the page. Screenshots of both
 * languages go to docs/screenshots/.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase } from '@sofortdesk/testing';
import { api, startTestServer, type TestServer } from '../support/server.ts';
import { ensureWidgetBuilt } from '../../apps/widget/bin/build.ts';
import { launchChromium } from './chromium.ts';

const database = createTestDatabase('sqlite');
let t: TestServer;
let browser: Browser;
let base: string;
/** A customer's site embedding the chat widget of a web chat inbox of the same company. */
let site: http.Server;
let siteUrl: string;
let webchatInboxId: string;

beforeAll(async () => {
  await ensureWidgetBuilt({ quiet: true });
  t = await startTestServer(database);
  browser = await launchChromium();
  base = `${t.url}/help/${t.a.accountId}`;
  const admin = (path: string, body: unknown) => api(t.url, t.a.adminToken, 'POST', path, body);
  const shipping = await admin('/api/v1/knowledge/collections', {
    name: 'Versand & Lieferung',
    description: 'Alles rund um Ihr Paket',
  });
  const account = await admin('/api/v1/knowledge/collections', {
    name: 'Konto & Zahlung',
    description: null,
  });
  const article = async (collectionId: string, fields: Record<string, unknown>) => {
    const created = await admin('/api/v1/knowledge/articles', {
      collectionId,
      visibility: 'public',
      ...fields,
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const delivery = await article(shipping.body.id, {
    language: 'de',
    title: 'Wie lange dauert die Lieferung?',
    body:
      'Innerhalb Deutschlands liefern wir in **2–3 Werktagen**, ins EU-Ausland in 5–7 Werktagen.\n\n' +
      '- Bestellungen bis 12 Uhr verlassen das Lager am selben Tag.\n- Den Stand sehen Sie in der ' +
      '[Sendungsverfolgung](https://example.test/track).\n\n<script>window.__xss = 1</script>',
    alternativeQuestions: ['Wann kommt mein Paket an?', 'Lieferzeit'],
  });
  await article(shipping.body.id, {
    language: 'en',
    translationOf: delivery,
    title: 'How long does delivery take?',
    body: 'Within Germany we deliver in **2–3 working days**, to other EU countries in 5–7.',
  });
  await article(shipping.body.id, {
    language: 'de',
    title: 'Wie sende ich einen Artikel zurück?',
    body: 'Drucken Sie das Rücksendeetikett in Ihrem Kundenkonto aus und geben Sie das Paket bei der Post ab.',
  });
  await article(account.body.id, {
    language: 'de',
    title: 'Wie ändere ich meine Kreditkarte?',
    body: 'Unter **Konto → Zahlungsarten** können Sie eine neue Karte hinterlegen.',
  });
  await article(account.body.id, {
    language: 'en',
    title: 'Where do I find my invoice?',
    body: 'Every invoice is in your account under Orders, as a PDF.',
  });
});
afterAll(async () => {
  await new Promise((resolve) => site?.close(resolve));
  await browser?.close();
  await t?.close();
  await database.drop();
});

async function open(path: string, locale: string): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale, viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${message.text()} ${message.location().url}`);
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('dialog', (dialog) => problems.push(`dialog: ${dialog.message()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(t.url)) problems.push(`external request: ${request.url()}`);
  });
  await page.goto(`${t.url}${path}`);
  return { page, problems };
}

it('lets a customer search, read and rate an article by keyboard, with no script on the page', async () => {
  const { page, problems } = await open(`/help/${t.a.accountId}`, 'de-DE');
  await expect.poll(() => page.url()).toBe(`${base}/de`);
  expect(await page.locator('h1').textContent()).toBe('Hilfe');
  fs.mkdirSync('docs/screenshots', { recursive: true });
  await page.screenshot({ path: 'docs/screenshots/help-centre-de.png', fullPage: true });

  await page.getByLabel('Wonach suchen Sie?').fill('Wann kommt mein Paket?');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/search\?q=/);
  const first = page.locator('.results li a').first();
  expect(await first.textContent()).toBe('Wie lange dauert die Lieferung?');
  await first.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/articles\//);
  expect(await page.locator('article strong').first().textContent()).toBe('2–3 Werktagen');
  // The article's script is shown as text and never ran.
  expect(await page.locator('article').textContent()).toContain('<script>window.__xss = 1</script>');
  expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('script').count()).toBe(0);
  const external = page.getByRole('link', { name: 'Sendungsverfolgung' });
  expect(await external.getAttribute('rel')).toBe('noopener noreferrer nofollow ugc');

  await page.getByRole('button', { name: 'Ja' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/feedback=yes/);
  expect(await page.getByRole('status').textContent()).toContain('Danke für Ihre Rückmeldung!');
  expect(
    await t.server.useCases.uow.repos.knowledge.feedbackCounts(
      t.a.accountId,
      page.url().split('/articles/')[1]!.split('?')[0]!,
    ),
  ).toEqual({ helpful: 1, notHelpful: 0 });

  // The language switch leads to the English translation.
  await page.getByRole('link', { name: 'English' }).click();
  expect(await page.locator('h1').textContent()).toBe('How long does delivery take?');
  expect(problems).toEqual([]);
  await page.context().close();
});

it('speaks English to English browsers', async () => {
  const { page, problems } = await open(`/help/${t.a.accountId}`, 'en-GB');
  await expect.poll(() => page.url()).toBe(`${base}/en`);
  expect(await page.locator('h1').textContent()).toBe('Help');
  expect(await page.getByLabel('What are you looking for?').count()).toBe(1);
  // German-only articles are offered too, marked.
  expect(await page.locator('.badge').first().textContent()).toBe('Only in German');
  await page.screenshot({ path: 'docs/screenshots/help-centre-en.png', fullPage: true });
  expect(problems).toEqual([]);
  await page.context().close();
});

it('suggests help-centre articles in the chat widget while the visitor types', async () => {
  site = http.createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Shop</title>
<script src="${t.url}/widget.js" data-inbox="${webchatInboxId}" async></script></head>
<body><h1>Musterfirma Shop</h1></body></html>`);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  const inbox = await api(t.url, t.a.adminToken, 'POST', '/api/v1/inboxes', {
    name: 'Shop',
    channel: 'webchat',
    allowedOrigins: [siteUrl],
  });
  expect(inbox.status).toBe(201);
  webchatInboxId = inbox.body.id as string;

  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  await page.goto(siteUrl);
  const widget = page.locator('sofortdesk-widget');
  await widget.getByRole('button', { name: 'Chat öffnen' }).click();
  await widget.getByLabel('Ihre Nachricht').fill('Wann kommt mein Paket an?');
  const suggestion = widget.locator('.suggestions a').first();
  await suggestion.waitFor();
  expect(await suggestion.textContent()).toBe('Wie lange dauert die Lieferung?');
  expect(await suggestion.getAttribute('href')).toMatch(new RegExp(`^${base}/de/articles/[0-9a-f-]+$`));
  expect(await suggestion.getAttribute('rel')).toBe('noopener noreferrer');
  await page.screenshot({ path: 'docs/screenshots/widget-suggestions-de.png' });
  // Sent: the suggestions make room for the conversation.
  await page.keyboard.press('Enter');
  await widget.locator('.suggestions').waitFor({ state: 'detached' });
  await context.close();
});
