/**
 * The admin area in Debian's Chromium against a real server with the demo company: an admin makes a
 * web chat inbox, copies its embed snippet and changes the greeting; writes a canned answer; an agent
 * inserts it in a conversation with "/versand" (keyboard only, the contact's name filled in); an
 * agent never sees the admin area. Saves the inbox screen in German and English to docs/screenshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_LOGINS } from '@sofortdesk/server';
import { createTestDatabase } from '@sofortdesk/testing';
import { ensureAgentBuilt } from '../../apps/agent/bin/build.ts';
import { api, startTestServer, type TestServer } from '../support/server.ts';
import { launchChromium } from './chromium.ts';

const database = createTestDatabase('sqlite');
const SCREENSHOTS = 'docs/screenshots';
const admin = DEMO_LOGINS.find((login) => login.role === 'admin')!;
const anna = DEMO_LOGINS.find((login) => login.email.startsWith('anna'))!;

let t: TestServer;
let browser: Browser;
let token: string;
const contexts: BrowserContext[] = [];
/** The web chat inbox the admin makes in the first test. */
let inboxId: string;

beforeAll(async () => {
  await ensureAgentBuilt({ quiet: true });
  t = await startTestServer(database, { SOFORTDESK_DEMO: 'on', SOFORTDESK_LOGIN_RATE_LIMIT: '1000' });
  const user = (await t.server.useCases.uow.repos.users.findForLogin(admin.email))!;
  token = (
    await t.server.auth.createApiToken(
      { userId: user.id, accountId: user.accountId, role: 'admin', inboxIds: [] },
      'browser test',
    )
  ).token;
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await t?.close();
  await database.drop();
});

async function newPage(locale: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().includes('401')) errors.push(message.text());
  });
  return { page, errors };
}

async function login(page: Page, who: { email: string; password: string }, path = '/') {
  await page.goto(t.url + path);
  await page.getByLabel('E-Mail').fill(who.email);
  await page.getByLabel('Passwort', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.locator('.topbar').waitFor();
}

const pathname = (page: Page) => new URL(page.url()).pathname;

describe('the admin area', () => {
  it('lets an admin make a web chat inbox, copy its snippet, change its greeting, hours, invitations and agents (German)', async () => {
    const { page, errors } = await newPage('de-DE');
    await login(page, admin);
    // The header leads to the administration, by keyboard too.
    const areas = page.getByRole('navigation', { name: 'Bereiche' });
    await areas.getByRole('link', { name: 'Verwaltung' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Posteingänge', level: 1 }).waitFor();
    expect(pathname(page)).toBe('/admin/inboxes');
    expect(await areas.getByRole('link', { name: 'Verwaltung' }).getAttribute('aria-current')).toBe('page');

    // A new web chat inbox.
    const form = page.getByRole('form', { name: 'Neuer Posteingang' });
    await form.getByLabel('Name').fill('Website Shop');
    await form.getByLabel('Kanal').selectOption('webchat');
    await form.getByRole('button', { name: 'Anlegen' }).click();
    await page.getByRole('heading', { name: /Posteingang Website Shop/ }).waitFor();
    inboxId = pathname(page).split('/').at(-1)!;
    expect(pathname(page)).toBe(`/admin/inboxes/${inboxId}`);
    // Its identity secret, shown this once.
    expect(await page.locator('[data-secret] code').textContent()).toMatch(/^[0-9a-f]{64}$/);

    // The snippet, and the copy button puts exactly it on the clipboard.
    const snippet = `<script src="${t.url}/widget.js" data-inbox="${inboxId}" async></script>`;
    expect(await page.locator('[data-snippet]').textContent()).toBe(snippet);
    const snippetCard = page.getByRole('region', { name: 'Einbettungscode' });
    await snippetCard.getByRole('button', { name: 'Kopieren' }).click();
    await snippetCard.getByRole('status').filter({ hasText: 'Kopiert.' }).waitFor();
    const clipboard = () =>
      (
        globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
      ).navigator.clipboard.readText();
    expect(await page.evaluate(clipboard)).toBe(snippet);

    // The greeting and the allowed site.
    const settings = page.getByRole('form', { name: 'Widget-Einstellungen' });
    await settings.getByLabel('Erlaubte Websites').fill('https://shop.example/');
    await settings.getByLabel('Begrüßung (Deutsch)').fill('Moin! Wie können wir helfen?');
    await settings.getByLabel('Vor der ersten Nachricht nach Name und E-Mail fragen').check();
    await settings.getByRole('button', { name: 'Speichern' }).click();
    await settings.getByRole('status').filter({ hasText: 'Gespeichert.' }).waitFor();
    const stored = await api(t.url, token, 'GET', `/api/v1/inboxes/${inboxId}/webchat`);
    expect(stored.body).toMatchObject({
      allowedOrigins: ['https://shop.example'],
      greeting: { de: 'Moin! Wie können wir helfen?', en: null },
      preChatForm: true,
    });

    // Anna works in it (and the change reaches the server).
    const members = page.getByRole('group', { name: 'Agenten in diesem Posteingang' });
    await members.getByRole('checkbox', { name: /Anna Schneider/ }).check();
    await expect
      .poll(
        async () =>
          (
            (await api(t.url, token, 'GET', `/api/v1/inboxes/${inboxId}/members`)).body as {
              items: unknown[];
            }
          ).items.length,
      )
      .toBe(1);

    // Business hours: office hours in Berlin, closed on the weekend, Saturday mornings added.
    const hours = page.getByRole('form', { name: 'Geschäftszeiten' });
    await hours.getByLabel('Dieser Posteingang hat Geschäftszeiten').check();
    await hours.getByLabel('Zeitzone').fill('Europe/Berlin');
    await hours.getByLabel('Übliche Antwortzeit in Minuten').fill('15');
    await hours.getByRole('button', { name: 'Öffnungszeit am Samstag hinzufügen' }).click();
    await hours.getByLabel('Samstag Bis').fill('12:00');
    await hours.getByLabel('Feiertage (ganztägig geschlossen)').fill('2026-12-24\n2026-12-25');
    await hours.getByRole('button', { name: 'Speichern' }).click();
    await hours.getByRole('status').filter({ hasText: 'Gespeichert.' }).waitFor();
    const inbox = await api(t.url, token, 'GET', `/api/v1/inboxes/${inboxId}`);
    expect(inbox.body.businessHours).toMatchObject({
      timezone: 'Europe/Berlin',
      typicalReplyMinutes: 15,
      holidays: ['2026-12-24', '2026-12-25'],
      weekly: { mon: [{ from: '09:00', to: '17:00' }], sat: [{ from: '09:00', to: '12:00' }], sun: [] },
    });

    // A proactive invitation on the checkout pages after 20 seconds.
    const rules = page.getByRole('form', { name: 'Proaktive Einladungen' });
    await rules.getByRole('button', { name: 'Einladung hinzufügen' }).click();
    await rules.getByLabel('Nachricht (Deutsch)').fill('Fragen zur Bestellung? Wir helfen gern.');
    await rules.getByLabel('Seitenadresse').fill('/kasse*');
    await rules.getByLabel('Sekunden auf der Seite').fill('20');
    await rules.getByRole('button', { name: 'Speichern' }).click();
    await rules.getByRole('status').filter({ hasText: 'Gespeichert.' }).waitFor();
    const widget = await api(t.url, token, 'GET', `/api/v1/inboxes/${inboxId}/webchat`);
    expect(widget.body.proactiveRules).toMatchObject([
      {
        enabled: true,
        message: { de: 'Fragen zur Bestellung? Wir helfen gern.', en: null },
        urlPattern: '/kasse*',
        minSecondsOnPage: 20,
        minVisits: null,
        event: null,
      },
    ]);

    // The address keeps the screen: a reload shows the same inbox with what was saved.
    await page.reload();
    await page.getByRole('heading', { name: /Posteingang Website Shop/ }).waitFor();
    expect(await page.getByLabel('Begrüßung (Deutsch)').inputValue()).toBe('Moin! Wie können wir helfen?');
    // The secret is not shown again.
    expect(await page.locator('[data-secret]').count()).toBe(0);

    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-inboxes-de.png') });

    // The same screen in English.
    await page.locator('.topbar').getByLabel('Sprache').selectOption('en');
    await page.getByRole('heading', { name: 'Inboxes', level: 1 }).waitFor();
    await page.getByRole('heading', { name: /Inbox Website Shop/ }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-inboxes-en.png') });
    expect(errors).toEqual([]);
  });

  it('lets an admin write a canned answer that an agent inserts with /versand', async () => {
    const { page, errors } = await newPage('de-DE');
    await login(page, admin, '/admin/canned-answers');
    await page.getByRole('heading', { name: 'Textbausteine', level: 1 }).waitFor();
    const form = page.getByRole('form', { name: 'Neuer Textbaustein' });
    await form.getByLabel('Kürzel').fill('/versand');
    await form.getByLabel('Titel').fill('Versand unterwegs');
    await form.getByLabel('Text', { exact: true }).fill('Hallo {{contact.name}}, Ihr Paket ist unterwegs.');
    await form.getByRole('button', { name: 'Anlegen' }).click();
    await page.locator('[data-shortcut="versand"]').waitFor();
    expect(await page.locator('[data-shortcut="versand"] .canned-list__title').textContent()).toBe(
      'Versand unterwegs',
    );
    // Changing it: the same form, filled in.
    await page.getByRole('button', { name: 'Bearbeiten /versand' }).click();
    const editing = page.getByRole('form', { name: '/versand bearbeiten' });
    expect(await editing.getByLabel('Titel').inputValue()).toBe('Versand unterwegs');
    await editing.getByLabel('Titel').fill('Paket unterwegs');
    await editing.getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('form', { name: 'Neuer Textbaustein' }).waitFor();
    expect(await page.locator('[data-shortcut="versand"] .canned-list__title').textContent()).toBe(
      'Paket unterwegs',
    );
    expect(errors).toEqual([]);

    // A second one with a similar shortcut, so the list has something to choose from.
    const second = await api(t.url, token, 'POST', '/api/v1/canned-answers', {
      shortcut: 'versandkosten',
      title: 'Versandkosten',
      text: 'Der Versand kostet 4,90 €.',
    });
    expect(second.status).toBe(201);

    // Anna, in a conversation with Erika Mustermann, types "/versand" and chooses it by keyboard.
    const agent = await newPage('de-DE');
    await login(agent.page, anna);
    const row = agent.page
      .locator('#conversation-list [role="option"]')
      .filter({ hasText: 'Erika Mustermann' });
    await row.click();
    await agent.page.getByRole('heading', { name: 'Erika Mustermann', level: 2 }).waitFor();
    const field = agent.page.getByLabel('Antwort an den Kunden');
    await field.click();
    await agent.page.keyboard.type('/vers');
    const listbox = agent.page.getByRole('listbox', { name: 'Textbausteine' });
    await listbox.waitFor();
    expect(await field.getAttribute('aria-expanded')).toBe('true');
    const active = listbox.getByRole('option', { selected: true });
    expect(await active.textContent()).toContain('/versand');
    expect(await field.getAttribute('aria-activedescendant')).toBe(await active.getAttribute('id'));
    expect(await listbox.getByRole('option').count()).toBe(2);
    // The arrows move through the options (and wrap around); the field keeps the focus.
    await agent.page.keyboard.press('ArrowDown');
    expect(await listbox.getByRole('option', { selected: true }).textContent()).toContain('/versandkosten');
    await agent.page.keyboard.press('ArrowDown');
    expect(await listbox.getByRole('option', { selected: true }).textContent()).toContain('/versand');
    await agent.page.keyboard.press('ArrowUp');
    expect(await field.getAttribute('aria-activedescendant')).toBe(
      await listbox.getByRole('option', { selected: true }).getAttribute('id'),
    );
    await agent.page.keyboard.press('ArrowUp');

    // Escape closes the list and stays in the field; a new "/" opens it again.
    await agent.page.keyboard.press('Escape');
    await listbox.waitFor({ state: 'hidden' });
    expect(await agent.page.locator('[data-composer]:focus').count()).toBe(1);
    for (const _ of '/vers') await agent.page.keyboard.press('Backspace');
    expect(await field.inputValue()).toBe('');
    await agent.page.keyboard.type('Guten Tag! /versand');
    await listbox.waitFor();
    await agent.page.keyboard.press('Enter');
    await listbox.waitFor({ state: 'hidden' });
    expect(await field.inputValue()).toBe('Guten Tag! Hallo Erika Mustermann, Ihr Paket ist unterwegs.');
    expect(await field.getAttribute('aria-expanded')).toBe('false');
    // The caret is after the inserted text: typing goes on there.
    await agent.page.keyboard.type(' Bis bald!');
    expect(await field.inputValue()).toBe(
      'Guten Tag! Hallo Erika Mustermann, Ihr Paket ist unterwegs. Bis bald!',
    );
    await agent.page.keyboard.press('Control+Enter');
    await agent.page
      .locator('#conversation .message')
      .filter({ hasText: 'Hallo Erika Mustermann, Ihr Paket ist unterwegs. Bis bald!' })
      .waitFor();
    expect(agent.errors).toEqual([]);

    // The admin deletes the second one (after confirming); agents no longer get it.
    await page.reload();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Löschen /versandkosten' }).click();
    await page.locator('[data-shortcut="versandkosten"]').waitFor({ state: 'detached' });
    const left = await api(t.url, token, 'GET', '/api/v1/canned-answers');
    expect((left.body as { items: { shortcut: string }[] }).items.map((answer) => answer.shortcut)).toEqual([
      'versand',
    ]);
  });

  it('shows agents no admin area, not even at its address', async () => {
    const { page, errors } = await newPage('de-DE');
    await login(page, anna, '/admin/inboxes');
    await page.locator('#conversation-list').waitFor();
    expect(pathname(page)).toBe('/');
    expect(await page.getByRole('link', { name: 'Verwaltung' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Posteingänge' }).count()).toBe(0);
    expect(errors).toEqual([]);
    // And the server agrees: the admin routes refuse her (the browser logs that 403 as an error).
    const refused = await page.evaluate(async () => {
      const me = (await (await fetch('/api/v1/me')).json()) as { csrfToken: string };
      const response = await fetch('/api/v1/canned-answers', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ shortcut: 'agentin', title: 'Von Anna', text: 'Hallo' }),
      });
      return { status: response.status, body: (await response.json()) as { title: string } };
    });
    expect(refused.status).toBe(403);
    expect(refused.body.title).not.toMatch(/CSRF/);
  });
});
