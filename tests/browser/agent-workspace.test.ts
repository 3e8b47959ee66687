/**
 * The agent workspace in Debian's Chromium against a real server with the demo company: login,
 * the conversation list, a conversation, replying, live updates over the WebSocket (and resuming
 * with ?after= after a drop), the keyboard, German and English, and customer text that tries to be
 * HTML. Builds apps/agent first when its sources changed (as `npm start` does).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_LOGINS } from '@sofortdesk/server';
import { createTestDatabase } from '@sofortdesk/testing';
import { api, type TestServer } from '../support/server.ts';
import { startDemoWorkspace } from './demo-workspace.ts';

const database = createTestDatabase('sqlite');
const SCREENSHOTS = 'docs/screenshots';
const anna = DEMO_LOGINS.find((login) => login.email.startsWith('anna'))!; // German profile
const ben = DEMO_LOGINS.find((login) => login.email.startsWith('ben'))!; // English profile

let t: TestServer;
let browser: Browser;
let token: string;
let inboxes: { de: string; en: string };
const contexts: BrowserContext[] = [];
let sequence = 0;

beforeAll(async () => {
  ({ t, browser, token, inboxes } = await startDemoWorkspace(database));
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await t?.close();
  await database.drop();
});

/** A customer writes through the API channel (Bearer token), as their app would. */
async function customerWrites(inbox: string, contact: { identifier: string; name?: string }, text: string) {
  const result = await api(t.url, token, 'POST', `/api/v1/inboxes/${inbox}/messages`, {
    externalId: `browser-${process.pid}-${++sequence}`,
    contact,
    text,
  });
  expect(result.status, JSON.stringify(result.body)).toBe(201);
  return result.body as { conversationId: string; messageId: string };
}

async function newPage(locale: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().includes('401')) errors.push(message.text());
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(t.url) && !request.url().startsWith(t.url.replace('http', 'ws')))
      errors.push(`external request: ${request.url()}`);
  });
  return { page, errors };
}

async function login(page: Page, who: { email: string; password: string }, labels: Labels) {
  await page.goto(t.url);
  await page.getByLabel(labels.email).fill(who.email);
  await page.getByLabel(labels.password, { exact: true }).fill(who.password);
  await page.getByRole('button', { name: labels.submit }).click();
  await page.getByRole('listbox').waitFor();
  await page.locator('[data-realtime="live"]').waitFor();
}

/** The login form's labels, in the browser's language. */
interface Labels {
  email: string;
  password: string;
  submit: string;
}
const DE: Labels = { email: 'E-Mail', password: 'Passwort', submit: 'Anmelden' };
const EN: Labels = { email: 'E-mail', password: 'Password', submit: 'Sign in' };

/** The computed background colour of an element (the function runs in the page). */
const background = (locator: Locator) =>
  locator.evaluate((el) => (globalThis as unknown as PageWindow).getComputedStyle(el).backgroundColor);
type PageWindow = { getComputedStyle(element: unknown): { backgroundColor: string } };
const focusedRole = (page: Page) => page.locator(':focus').getAttribute('role');
const documentLanguage = (page: Page) => page.locator('html').getAttribute('lang');

const options = (page: Page) => page.locator('#conversation-list [role="option"]');
const option = (page: Page, name: string) => options(page).filter({ hasText: name });
const messageWithText = (page: Page, text: string) =>
  page.locator('#conversation .message').filter({ hasText: text });

describe('the agent workspace', () => {
  it('logs in, lists, opens a conversation, replies, and shows a customer message live (German)', async () => {
    const { page, errors } = await newPage('de-DE');
    await page.goto(t.url);
    await page.getByRole('heading', { name: 'Bei Sofortdesk anmelden' }).waitFor();
    // A wrong password is said so, in German.
    await page.getByLabel('E-Mail').fill(anna.email);
    await page.getByLabel('Passwort').fill('wrong-password');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('alert').filter({ hasText: 'E-Mail oder Passwort ist falsch.' }).waitFor();

    await login(page, anna, DE);
    // Anna works in the German inbox: its three open demo conversations, those who wait for an
    // answer first (the longest-waiting on top), then the answered one.
    await expect.poll(() => options(page).count()).toBe(3);
    await option(page, 'Erika Mustermann').waitFor();
    const names = await options(page).locator('.row__name').allTextContents();
    expect(names).toEqual(['Jonas Weber', 'Leyla Yilmaz', 'Erika Mustermann']);

    await option(page, 'Erika Mustermann').click();
    await page.getByRole('heading', { name: 'Erika Mustermann', level: 2 }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/conversations\/.+/);
    const customer = messageWithText(page, 'meine Bestellung 4711');
    const agentReply = messageWithText(page, 'die Sendung ist unterwegs');
    expect(await customer.getAttribute('data-look')).toBe('customer');
    expect(await agentReply.getAttribute('data-look')).toBe('agent');
    // The contact panel: identities and the history across channels.
    const panel = page.getByRole('complementary', { name: 'Kontakt' });
    await panel.getByText('kunde-1001').waitFor();
    await panel.getByText('erika@example.de').first().waitFor();
    expect(await panel.locator('.history__item').count()).toBeGreaterThanOrEqual(2);

    // Reply.
    await page.getByLabel('Antwort an den Kunden').fill('Vielen Dank für Ihre Geduld!');
    await page.getByRole('button', { name: 'Antwort senden' }).click();
    const sent = messageWithText(page, 'Vielen Dank für Ihre Geduld!');
    await sent.waitFor();
    expect(await sent.getAttribute('data-look')).toBe('agent');
    expect(await sent.locator('.message__author').textContent()).toBe('Sie');
    // The reply's echo on the stream is not shown twice.
    await page.waitForTimeout(300);
    expect(await messageWithText(page, 'Vielen Dank für Ihre Geduld!').count()).toBe(1);

    // Internal note: visibly different.
    await page.getByRole('radio', { name: /Interne Notiz/ }).check();
    await page.getByLabel('Interne Notiz, nur für Ihr Team').fill('Kundin hat schon zweimal gefragt.');
    await page.getByRole('button', { name: 'Notiz hinzufügen' }).click();
    const note = messageWithText(page, 'Kundin hat schon zweimal gefragt.');
    await note.waitFor();
    expect(await note.getAttribute('data-look')).toBe('note');
    const backgrounds = await Promise.all([note, sent, customer].map(background));
    expect(new Set(backgrounds).size).toBe(3);

    // Meanwhile the customer writes through the API: it appears within a second, without reload.
    const started = Date.now();
    await customerWrites(inboxes.de, { identifier: 'kunde-1001' }, 'Ist das Paket schon da? (live)');
    await messageWithText(page, 'Ist das Paket schon da? (live)').waitFor({ timeout: 1000 });
    const latency = Date.now() - started;
    expect(latency).toBeLessThan(1000);
    // ... and the conversation waits again: it joins the waiting ones, after those who wait longer.
    await expect.poll(() => options(page).nth(2).locator('.row__waiting').count()).toBe(1);
    expect(await options(page).nth(2).locator('.row__name').textContent()).toBe('Erika Mustermann');

    // A new customer: a new conversation appears in the list, live.
    await customerWrites(
      inboxes.de,
      { identifier: 'kunde-1099', name: 'Greta Neu' },
      'Hallo, ich bin neu hier.',
    );
    await option(page, 'Greta Neu').waitFor({ timeout: 1000 });
    await option(page, 'Erika Mustermann').click();
    await page.getByRole('radio', { name: /Antwort/ }).check();

    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'agent-inbox-de.png') });
    expect(errors).toEqual([]);
  });

  it('works by keyboard: j/k move, r replies, n notes, e resolves and reopens, ? helps', async () => {
    const { page, errors } = await newPage('de-DE');
    await login(page, anna, DE);
    await expect.poll(() => options(page).count()).toBeGreaterThanOrEqual(3);
    const ids: (string | null)[] = [];
    for (const row of await options(page).all()) ids.push(await row.getAttribute('data-conversation-id'));
    const selected = () =>
      page.locator('[role="option"][aria-selected="true"]').getAttribute('data-conversation-id');
    const openId = () => page.locator('#conversation').getAttribute('data-conversation-id');

    await page.keyboard.press('j');
    await expect.poll(selected).toBe(ids[0]);
    await expect.poll(openId).toBe(ids[0]);
    await page.keyboard.press('j');
    await expect.poll(selected).toBe(ids[1]);
    await expect.poll(openId).toBe(ids[1]);
    await page.keyboard.press('k');
    await expect.poll(selected).toBe(ids[0]);
    await expect.poll(openId).toBe(ids[0]);
    expect(new URL(page.url()).pathname).toBe(`/conversations/${ids[0]}`);

    // r: the reply field takes focus; what is typed there is text, not shortcuts.
    await page.keyboard.press('r');
    await expect.poll(() => page.locator('[data-composer]:focus').count()).toBe(1);
    expect(await page.locator('form[data-mode]').getAttribute('data-mode')).toBe('text');
    await page.keyboard.type('Per Tastatur: jetzt erledigt, kein Problem.');
    await page.keyboard.press('Control+Enter');
    await messageWithText(page, 'Per Tastatur: jetzt erledigt').waitFor();
    expect(await page.locator('#conversation [data-status]').getAttribute('data-status')).toBe('open');

    // Esc leaves the field for the list; n writes a note.
    await page.keyboard.press('Escape');
    await expect.poll(() => focusedRole(page)).toBe('listbox');
    await page.keyboard.press('n');
    expect(await page.locator('form[data-mode]').getAttribute('data-mode')).toBe('note');
    await page.keyboard.type('Notiz per Tastatur');
    await page.keyboard.press('Control+Enter');
    const note = messageWithText(page, 'Notiz per Tastatur');
    await note.waitFor();
    expect(await note.getAttribute('data-look')).toBe('note');
    await page.keyboard.press('Escape');

    // e resolves (it leaves the "open" list) and e again reopens.
    await page.keyboard.press('e');
    await expect
      .poll(() => page.locator('#conversation [data-status]').getAttribute('data-status'))
      .toBe('resolved');
    await page.getByRole('button', { name: /Wieder öffnen/ }).waitFor();
    await expect
      .poll(() => page.locator(`[role="option"][data-conversation-id="${ids[0]}"]`).count())
      .toBe(0);
    await page.keyboard.press('e');
    await expect
      .poll(() => page.locator('#conversation [data-status]').getAttribute('data-status'))
      .toBe('open');

    // The open conversation is in the URL: a reload (the server answers the path with the app) keeps it.
    await page.reload();
    await expect.poll(openId).toBe(ids[0]);
    await expect.poll(selected).toBe(ids[0]);

    // ? shows the help; Escape closes it.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Tastenkürzel' });
    await help.waitFor();
    expect(await help.getByRole('row').count()).toBeGreaterThanOrEqual(8);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    expect(errors).toEqual([]);
  });

  it('speaks English to an English agent, German to a German one, and switches on request', async () => {
    // The browser says English, so the login page does; Anna's profile says German.
    const first = await newPage('en-US');
    await first.page.goto(t.url);
    await first.page.getByRole('heading', { name: 'Sign in to Sofortdesk' }).waitFor();
    await login(first.page, anna, EN);
    await first.page.getByRole('heading', { name: 'Unterhaltungen' }).waitFor();
    expect(await documentLanguage(first.page)).toBe('de');

    const { page, errors } = await newPage('de-DE');
    await page.goto(t.url);
    await page.getByRole('heading', { name: 'Bei Sofortdesk anmelden' }).waitFor();
    await login(page, ben, DE);
    await page.getByRole('heading', { name: 'Conversations' }).waitFor();
    expect(await documentLanguage(page)).toBe('en');
    // Ben works in both inboxes: the four open demo conversations (and the ones the tests added).
    await option(page, 'Liam Brown').waitFor();
    await option(page, 'Leyla Yilmaz').waitFor();
    await option(page, 'Liam Brown').click();
    await page.getByRole('heading', { name: 'Liam Brown', level: 2 }).waitFor();
    await page.getByRole('button', { name: /Assign to me/ }).click();
    await page.getByRole('button', { name: /Assigned to you/ }).waitFor();
    await page.getByLabel('Reply to the customer').fill('Hi Liam, your car will wait for you.');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'agent-inbox-en.png') });

    await page.getByLabel('Language', { exact: true }).selectOption('de');
    await page.getByRole('heading', { name: 'Unterhaltungen' }).waitFor();
    await page.getByRole('button', { name: /Ihnen zugewiesen/ }).waitFor();
    await page.getByLabel('Sprache', { exact: true }).selectOption('en');
    await page.getByRole('heading', { name: 'Conversations' }).waitFor();

    // The assignee filter: "Me" shows just Liam's conversation.
    // The list's filters (the open conversation has an assignee and a status control of its own).
    const filters = page.locator('nav.pane--list');
    await filters.getByLabel('Assignee').selectOption('me');
    await expect.poll(() => options(page).locator('.row__name').allTextContents()).toEqual(['Liam Brown']);
    await filters.getByLabel('Assignee').selectOption('all');
    await filters.getByLabel('Status').selectOption('resolved');
    await option(page, 'Olivia Smith').waitFor();
    expect(errors).toEqual([]);
  });

  it('shows customer text that looks like HTML as plain text, never running it', async () => {
    const payloads = ['<img src=x onerror="window.__xss=1">', '<script>window.__xss=1</script>'];
    const contact = { identifier: 'xss-1', name: '<b onmouseover="window.__xss=1">Mallory</b>' };
    let conversationId = '';
    for (const text of payloads)
      conversationId = (await customerWrites(inboxes.de, contact, text)).conversationId;

    const { page, errors } = await newPage('de-DE');
    await login(page, anna, DE);
    await option(page, 'Mallory').click();
    await expect
      .poll(() => page.locator('#conversation').getAttribute('data-conversation-id'))
      .toBe(conversationId);
    for (const text of payloads) await messageWithText(page, text).first().waitFor();
    expect(await page.locator('#conversation .message__text').allTextContents()).toEqual(payloads);
    // A payload typed live arrives over the stream as text, too.
    await customerWrites(inboxes.de, { identifier: 'xss-1' }, '<svg onload="window.__xss=1"></svg>');
    await messageWithText(page, '<svg onload="window.__xss=1"></svg>').waitFor();
    await page.waitForTimeout(300);
    expect(await page.locator('main img, main script, main svg[onload], aside img, nav b').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('resumes the stream with ?after= after a drop and shows what happened meanwhile', async () => {
    const { page, errors } = await newPage('de-DE');
    const urls: string[] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let drop: (() => void) | undefined;
    let dropped = false;
    await page.routeWebSocket(/\/api\/v1\/realtime/, async (ws) => {
      urls.push(ws.url());
      if (!dropped) {
        ws.connectToServer();
        drop = () => {
          dropped = true;
          void ws.close({ code: 1012, reason: 'test drop' });
        };
      } else {
        // Hold the reconnect until the customer has written, so only the replay can bring it.
        await released;
        ws.connectToServer();
      }
    });
    await login(page, anna, DE);
    await option(page, 'Erika Mustermann').click();
    await page.getByRole('heading', { name: 'Erika Mustermann', level: 2 }).waitFor();
    expect(urls).toHaveLength(1);
    expect(new URL(urls[0]!).searchParams.has('after')).toBe(false);

    const before = urls.length;
    drop!();
    await page.locator('[data-realtime="live"]').waitFor({ state: 'detached' });
    await expect.poll(() => urls.length, { timeout: 5000 }).toBe(before + 1);
    await customerWrites(inboxes.de, { identifier: 'kunde-1001' }, 'Geschrieben während der Funkstille');
    release();
    await page.locator('[data-realtime="live"]').waitFor();
    await messageWithText(page, 'Geschrieben während der Funkstille').waitFor({ timeout: 2000 });
    expect(new URL(urls.at(-1)!).searchParams.get('after')).toMatch(/^\d+$/);
    expect(errors.filter((e) => !e.includes('WebSocket'))).toEqual([]);
  });
});
