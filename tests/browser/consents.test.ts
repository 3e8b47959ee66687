/**
 * Consents in Debian's Chromium against a real server with the demo company: the contact panel shows
 * the state per purpose (granted, withdrawn, not asked; since when, via which channel) with the
 * history on demand, and an agent records a consent given on the phone (the "how" note is
 * required); an admin changes a purpose's text, which makes a new version. Saves the contact panel
 * in German to docs/screenshots/consents-de.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_LOGINS } from '@sofortdesk/server';
import { createTestDatabase } from '@sofortdesk/testing';
import { api, type TestServer } from '../support/server.ts';
import { startDemoWorkspace } from './demo-workspace.ts';

const database = createTestDatabase('sqlite');
const SCREENSHOTS = 'docs/screenshots';
const admin = DEMO_LOGINS.find((login) => login.role === 'admin')!;
const anna = DEMO_LOGINS.find((login) => login.email.startsWith('anna'))!; // German profile

let t: TestServer;
let browser: Browser;
let token: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  ({ t, browser, token } = await startDemoWorkspace(database));
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await t?.close();
  await database.drop();
});

async function signedIn(who: { email: string; password: string }, path = '/') {
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1440, height: 1000 } });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/401/.test(message.text())) errors.push(message.text());
  });
  await page.goto(t.url + path);
  await page.getByLabel('E-Mail').fill(who.email);
  await page.getByLabel('Passwort', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.locator('.topbar').waitFor();
  return { page, errors };
}

/** Erika Mustermann, the demo customer whose consents the demo seeds. */
async function erika(): Promise<{ contactId: string; conversationId: string }> {
  const contacts = await api(t.url, token, 'GET', '/api/v1/contacts?q=Erika');
  const contactId = contacts.body.items[0].id as string;
  const conversations = await api(t.url, token, 'GET', `/api/v1/conversations?contactId=${contactId}`);
  return { contactId, conversationId: conversations.body.items[0].id as string };
}

const purposeRow = (page: Page, key: string) => page.locator(`.consents__item[data-purpose="${key}"]`);

describe('consents in the agent workspace', () => {
  it('shows the state per purpose with its history, and records a consent given on the phone (German)', async () => {
    const { contactId, conversationId } = await erika();
    const { page, errors } = await signedIn(anna, `/conversations/${conversationId}`);
    await page.locator(`#conversation[data-conversation-id="${conversationId}"]`).waitFor();
    const panel = page.locator('.pane--contact');
    await panel.getByRole('heading', { name: 'Einwilligungen' }).waitFor();

    await expect(purposeRow(page, 'marketing').locator('.consent-state').textContent()).resolves.toBe(
      'erteilt',
    );
    await expect(purposeRow(page, 'marketing').textContent()).resolves.toContain('über Web-Formular');
    await expect(purposeRow(page, 'profiling').locator('.consent-state').textContent()).resolves.toBe(
      'widerrufen',
    );
    await expect(purposeRow(page, 'profiling').textContent()).resolves.toContain('über E-Mail');
    await expect(purposeRow(page, 'location').locator('.consent-state').textContent()).resolves.toBe(
      'nicht gefragt',
    );

    // The history on demand: every entry, newest first, with its proof.
    await panel.getByText('Verlauf (3)').click();
    const entries = panel.locator('.consents__entry');
    await expect(entries.count()).resolves.toBe(3);
    await expect(entries.first().textContent()).resolves.toContain('Widerruf per E-Mail');
    await expect(entries.first().textContent()).resolves.toContain('Ticket 4711');

    // A consent given on the phone: the proof is required.
    await panel.getByText('Am Telefon erfassen').click();
    await panel.getByLabel('Zweck').selectOption({ label: 'Standort für diesen Fall' });
    await panel.getByLabel('eingewilligt').check();
    const save = panel.getByRole('button', { name: 'Erfassen' });
    await expect(save.isDisabled()).resolves.toBe(true);
    await panel.getByLabel('Wie? (Nachweis)').fill('Am Telefon zugestimmt, Anruf 10:42');
    await save.click();
    await panel.getByText('Erfasst.').waitFor();
    await expect(purposeRow(page, 'location').locator('.consent-state').textContent()).resolves.toBe(
      'erteilt',
    );
    await expect(purposeRow(page, 'location').textContent()).resolves.toContain('über Telefon');
    await expect(entries.count()).resolves.toBe(4);
    await expect(entries.first().textContent()).resolves.toContain('erfasst von Anna Schneider');

    // The ledger has it, with who recorded it.
    const ledger = await api(t.url, token, 'GET', `/api/v1/contacts/${contactId}/consents`);
    const user = (await t.server.useCases.uow.repos.users.findForLogin(anna.email))!;
    expect((ledger.body.history as unknown[]).at(-1)).toMatchObject({
      purposeKey: 'location',
      granted: true,
      channel: 'phone',
      how: 'Am Telefon zugestimmt, Anruf 10:42',
      recordedBy: { kind: 'agent', userId: user.id },
    });

    // The screenshot: the states at the top of the panel, the history open below them.
    await panel.getByText('Am Telefon erfassen').click();
    await panel.evaluate('(element) => element.scrollTo(0, 0)');
    await panel.getByRole('heading', { name: 'Einwilligungen' }).scrollIntoViewIfNeeded();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'consents-de.png') });
    expect(errors).toEqual([]);
  });

  it('speaks English to an English-speaking agent', async () => {
    const ben = DEMO_LOGINS.find((login) => login.email.startsWith('ben'))!; // English profile
    const { conversationId } = await erika();
    const { page, errors } = await signedIn(ben, `/conversations/${conversationId}`);
    const panel = page.locator('.pane--contact');
    await panel.getByRole('heading', { name: 'Consents' }).waitFor();
    await expect(purposeRow(page, 'profiling').textContent()).resolves.toMatch(
      /Personal offers.*withdrawn.*via e-mail/,
    );
    await expect(purposeRow(page, 'marketing').locator('.consent-state').textContent()).resolves.toBe(
      'granted',
    );
    await panel.getByText('Record from a phone call').waitFor();
    expect(errors).toEqual([]);
  });

  it('lets an admin change a purpose text, which makes a new version (German)', async () => {
    const { page, errors } = await signedIn(admin, '/admin/consents');
    await page.getByRole('heading', { name: 'Einwilligungen', level: 1 }).waitFor();
    const marketing = page.locator('.canned-list__item[data-purpose="marketing"]');
    await expect(marketing.textContent()).resolves.toContain('Version 1');
    await marketing.getByRole('button', { name: /Bearbeiten/ }).click();
    const form = page.locator('form.admin-form');
    await form.getByRole('heading', { name: 'Zweck marketing bearbeiten' }).waitFor();
    await form.locator('textarea').first().fill('Höchstens zweimal im Monat Neuigkeiten per E-Mail.');
    await form.getByRole('button', { name: 'Speichern' }).click();
    await marketing.locator('.badge', { hasText: 'Version 2' }).waitFor();
    await marketing.getByText('2 Versionen').click();
    await expect(marketing.textContent()).resolves.toContain('Höchstens zweimal im Monat');
    await expect(marketing.textContent()).resolves.toContain('höchstens einmal im Monat');

    // A new purpose.
    await page.getByLabel('Schlüssel').fill('umfragen');
    const fieldsets = page.locator('fieldset.consents__texts');
    await fieldsets.nth(0).getByLabel('Titel').fill('Umfragen');
    await fieldsets.nth(0).getByLabel('Text für den Kunden').fill('Wir fragen Sie nach Ihrer Meinung.');
    await fieldsets.nth(1).getByLabel('Titel').fill('Surveys');
    await fieldsets.nth(1).getByLabel('Text für den Kunden').fill('We ask for your opinion.');
    await page.getByRole('button', { name: 'Anlegen' }).click();
    await page.locator('.canned-list__item[data-purpose="umfragen"]').waitFor();
    const purposes = await api(t.url, token, 'GET', '/api/v1/consent-purposes');
    expect((purposes.body.items as { key: string }[]).map((p) => p.key)).toContain('umfragen');
    expect(errors).toEqual([]);
  });
});
