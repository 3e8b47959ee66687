/**
 * The automatic answers' settings in the admin area, in Debian's Chromium against the demo company
 * (which has them on): an admin changes the precision target and turns them off; the server has it.
 * German and English; saves the German screen to docs/screenshots/automatic-answers-de.png.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_LOGINS } from '@sofortdesk/server';
import { createTestDatabase } from '@sofortdesk/testing';
import { ensureAgentBuilt } from '../../apps/agent/bin/build.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { launchChromium } from './chromium.ts';

const database = createTestDatabase('sqlite');
const admin = DEMO_LOGINS.find((login) => login.role === 'admin')!;

let t: TestServer;
let browser: Browser;
let accountId: string;

beforeAll(async () => {
  await ensureAgentBuilt({ quiet: true });
  t = await startTestServer(database, { SOFORTDESK_DEMO: 'on', SOFORTDESK_LOGIN_RATE_LIMIT: '1000' });
  accountId = (await t.server.useCases.uow.repos.users.findForLogin(admin.email))!.accountId;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await database.drop();
});

async function open(locale: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${t.url}/admin/automatic-answers`);
  await page.getByLabel(/^E-mail$/i).fill(admin.email);
  await page
    .getByLabel(/Passwor[dt]/, { exact: false })
    .first()
    .fill(admin.password);
  await page.getByRole('button', { name: /Anmelden|Sign in|Log in/ }).click();
  return { page, errors };
}

it('lets an admin change the precision target and turn automatic answers off (German)', async () => {
  const { page, errors } = await open('de-DE');
  await page.getByRole('heading', { name: 'Automatische Antworten', level: 1 }).waitFor();
  const form = page.getByRole('form', { name: 'Automatische Antworten' });
  const enabled = form.getByLabel('Kunden automatisch antworten');
  // The demo company answers automatically, at 95 %.
  expect(await enabled.isChecked()).toBe(true);
  const precision = form.getByLabel('Mindestgenauigkeit (%)');
  expect(await precision.inputValue()).toBe('95');
  await precision.fill('97.5');
  await form.getByRole('button', { name: 'Speichern' }).click();
  await form.getByRole('status').filter({ hasText: 'Gespeichert.' }).waitFor();
  expect(await t.server.useCases.uow.repos.autoAnswers.getSettings(accountId)).toEqual({
    enabled: true,
    precisionTarget: 0.975,
  });
  fs.mkdirSync('docs/screenshots', { recursive: true });
  await page.screenshot({ path: 'docs/screenshots/automatic-answers-de.png' });

  await enabled.uncheck();
  await form.getByRole('button', { name: 'Speichern' }).click();
  await expect
    .poll(async () => (await t.server.useCases.uow.repos.autoAnswers.getSettings(accountId)).enabled)
    .toBe(false);
  expect(errors).toEqual([]);
}, 60_000);

it('speaks English too, and refuses a target out of range in the form', async () => {
  const { page } = await open('en-US');
  await page.getByRole('heading', { name: 'Automatische Antworten', level: 1 }).waitFor();
  await page.locator('.topbar').getByLabel('Sprache').selectOption('en');
  await page.getByRole('heading', { name: 'Automatic answers', level: 1 }).waitFor();
  const form = page.getByRole('form', { name: 'Automatic answers' });
  expect(await form.getByLabel('Answer customers automatically').isChecked()).toBe(false);
  const precision = form.getByLabel('Precision target (%)');
  expect(await precision.inputValue()).toBe('97.5');
  await precision.fill('20');
  await form.getByRole('button', { name: 'Save' }).click();
  // The browser's own check keeps 20 % from being sent.
  expect(
    await precision.evaluate(
      // This file is type-checked without the DOM's types.
      (input) => (input as unknown as { validity: { rangeUnderflow: boolean } }).validity.rangeUnderflow,
    ),
  ).toBe(true);
  expect((await t.server.useCases.uow.repos.autoAnswers.getSettings(accountId)).precisionTarget).toBe(0.975);
}, 60_000);
