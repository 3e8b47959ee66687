/**
 * Routing rules in the admin area, in Debian's Chromium against the demo company: an admin writes a
 * rule in the screen (English messages go to the team "Erste Hilfe", urgent), a customer's message
 * arrives through the API, and the conversation shows why it was routed (the event line) and the
 * message's triage chips. Saves docs/screenshots/routing-rules-de.png and routing-conversation-de.png.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_LOGINS } from '@sofortdesk/server';
import { createTestDatabase } from '@sofortdesk/testing';
import { api } from '../support/server.ts';
import { startDemoWorkspace, type DemoWorkspace } from './demo-workspace.ts';

const database = createTestDatabase('sqlite');
const admin = DEMO_LOGINS.find((login) => login.role === 'admin')!;

let demo: DemoWorkspace;

beforeAll(async () => {
  demo = await startDemoWorkspace(database);
}, 180_000);

afterAll(async () => {
  await demo?.browser.close();
  await demo?.t.close();
  await database.drop();
});

it('an admin creates a rule in the screen, and a routed conversation explains itself', async () => {
  const { t, browser, token, inboxes } = demo;
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${t.url}/admin/routing`);
  await page.getByLabel(/^E-mail$/i).fill(admin.email);
  await page
    .getByLabel(/Passwor[dt]/, { exact: false })
    .first()
    .fill(admin.password);
  await page.getByRole('button', { name: /Anmelden|Sign in|Log in/ }).click();
  await page.getByRole('heading', { name: 'Weiterleitungsregeln', level: 1 }).waitFor();
  // Every account has its fallback rule, last.
  await page.locator('.routing-list__item').filter({ hasText: 'Standardregel' }).first().waitFor();

  const form = page.getByRole('form', { name: 'Neue Regel' });
  await form.getByLabel('Name').fill('Englisch dringend');
  await form.getByRole('combobox', { name: 'Bedingung hinzufügen' }).selectOption('language');
  await form.getByRole('button', { name: 'Bedingung hinzufügen' }).click();
  await form.getByLabel('Sprache: Werte, durch Kommas getrennt').fill('en');
  await form.getByLabel('Team').selectOption({ label: 'Erste Hilfe' });
  await form.getByLabel('Priorität').selectOption('urgent');
  await form.getByRole('button', { name: 'Anlegen' }).click();
  const item = page.locator('.routing-list__item[data-rule="Englisch dringend"]');
  await item.waitFor();
  expect(await item.textContent()).toContain('Team Erste Hilfe');
  // The new rule stands before the fallback.
  const names = await page.locator('.routing-list__name').allTextContents();
  expect(names.at(-1)).toBe('Standardregel');
  expect(names).toContain('Englisch dringend');
  fs.mkdirSync('docs/screenshots', { recursive: true });
  await page.screenshot({ path: 'docs/screenshots/routing-rules-de.png' });

  const sent = await api(t.url, token, 'POST', `/api/v1/inboxes/${inboxes.en}/messages`, {
    externalId: 'routing-browser-1',
    contact: { identifier: 'customer-routing', name: 'Grace Hopper' },
    text: 'Hello, my order has not arrived yet and I would like to know where it is.',
  });
  expect(sent.status).toBe(201);
  const { conversationId } = sent.body as { conversationId: string };
  await expect
    .poll(
      async () =>
        (
          (await api(t.url, token, 'GET', `/api/v1/conversations/${conversationId}/triage`)).body as {
            triage: unknown;
          }
        ).triage,
      {
        timeout: 20_000,
      },
    )
    .not.toBeNull();

  await page.goto(`${t.url}/conversations/${conversationId}`);
  const line = page.locator('.timeline').getByText('Weitergeleitet an Erste Hilfe, weil Sprache=en');
  await line.waitFor();
  const chips = page.getByRole('group', { name: 'Einordnung' });
  await chips.waitFor();
  expect(await chips.textContent()).toContain('Sprache: English');
  expect(await chips.locator('[data-chip="sentiment"]').count()).toBe(1);
  expect(await chips.locator('[data-chip="complexity"]').count()).toBe(1);
  await page.screenshot({ path: 'docs/screenshots/routing-conversation-de.png' });

  // A follow-up while the agent looks: routing changes nothing now (no event), the chips still follow.
  const followUp = await api(t.url, token, 'POST', `/api/v1/inboxes/${inboxes.en}/messages`, {
    externalId: 'routing-browser-2',
    contact: { identifier: 'customer-routing', name: 'Grace Hopper' },
    text: 'This is really annoying, I am very angry about it!',
  });
  expect(followUp.status).toBe(201);
  const { messageId } = followUp.body as { messageId: string };
  await page.locator(`[data-triage="${messageId}"]`).waitFor({ timeout: 20_000 });
  expect(await chips.locator('[data-chip="sentiment"]').textContent()).toBe('negativ');
  expect(errors).toEqual([]);
  await context.close();
}, 120_000);
