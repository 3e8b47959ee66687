/**
 * The suggestions panel when the customer has not consented to content analysis, in Chromium against
 * the demo company: instead of "no matching article" (which would read as a gap in the knowledge
 * base) it says that the customer did not allow the analysis, in the agent's language, and offers
 * no article. Saves the panel (German) to docs/screenshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { DEMO_LOGINS } from '@sofortdesk/server';
import { createTestDatabase } from '@sofortdesk/testing';
import { api, type TestServer } from '../support/server.ts';
import { startDemoWorkspace } from './demo-workspace.ts';

const database = createTestDatabase('sqlite');
const anna = DEMO_LOGINS.find((login) => login.email.startsWith('anna'))!; // German profile
const SCREENSHOTS = 'docs/screenshots';

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
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await t?.close();
  await database.drop();
});

it('says that the customer did not consent to content analysis, and shows no article', async () => {
  const purpose = await api(t.url, token, 'POST', '/api/v1/consent-purposes', {
    key: 'content-analysis',
    texts: {
      de: { title: 'Inhaltsanalyse', text: 'Wir werten Ihre Nachrichten automatisch aus.' },
      en: { title: 'Content analysis', text: 'We analyse your messages automatically.' },
    },
  });
  expect(purpose.status, JSON.stringify(purpose.body)).toBe(201);
  // A question the demo knowledge base answers well: only the missing consent keeps it quiet.
  const asked = await api(t.url, token, 'POST', `/api/v1/inboxes/${inboxDe}/messages`, {
    externalId: `consent-panel-${process.pid}`,
    contact: { identifier: 'kunde-ohne-einwilligung', name: 'Jonas Berg' },
    text: 'Mein Flug hat Verspätung. Wartet der Mietwagen auf mich?',
  });
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);

  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/\b401\b/.test(message.text())) errors.push(message.text());
  });
  await page.goto(`${t.url}/conversations/${asked.body.conversationId}`);
  await page.getByLabel('E-Mail').fill(anna.email);
  await page.getByLabel('Passwort', { exact: true }).fill(anna.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.locator('.topbar').waitFor();

  const panel = page.getByRole('region', { name: 'Aus der Wissensbasis' });
  const state = panel.locator('[data-suggestions-state]');
  await state.filter({ hasText: /^Keine Einwilligung zur Inhaltsanalyse/ }).waitFor();
  expect(await panel.getAttribute('data-reason')).toBe('no-consent');
  expect(await panel.getByRole('listitem').count()).toBe(0);
  expect(await panel.getByRole('button', { name: 'Einfügen' }).count()).toBe(0);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await panel.screenshot({ path: path.join(SCREENSHOTS, 'suggestions-no-consent-de.png') });
  expect(errors).toEqual([]);
});
