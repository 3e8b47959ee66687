/**
 * The knowledge-gap screen in Debian's Chromium against a real server with the demo company, whose
 * customers keep asking a few things no article answers: the service lead sees the groups with
 * counts and examples, drafts an article from one with a click and lands in its editor; an English
 * agent sees the screen in English. Saves the German screen to docs/screenshots.
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
const admin = DEMO_LOGINS.find((login) => login.role === 'admin')!; // German profile
const ben = DEMO_LOGINS.find((login) => login.email.startsWith('ben'))!; // English profile

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

async function newPage(locale: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/\b401\b/.test(message.text())) errors.push(message.text());
  });
  return { page, errors };
}

async function login(page: Page, who: { email: string; password: string }, labels: [string, string, string]) {
  await page.goto(`${t.url}/knowledge/gaps`);
  await page.getByLabel(labels[0]).fill(who.email);
  await page.getByLabel(labels[1], { exact: true }).fill(who.password);
  await page.getByRole('button', { name: labels[2] }).click();
  await page.locator('.topbar').waitFor();
}

describe('the knowledge-gap screen', () => {
  it('shows recurring unanswered questions with counts and examples, and drafts an article from one', async () => {
    const { page, errors } = await newPage('de-DE');
    await login(page, admin, ['E-Mail', 'Passwort', 'Anmelden']);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/knowledge/gaps');
    await page.getByRole('heading', { name: 'Wissenslücken', level: 1 }).waitFor();
    const abroad = page.locator('.kb-gap').filter({ hasText: 'ins Ausland' });
    await abroad.waitFor();
    await expect.poll(() => abroad.locator('.kb-gap__count').textContent()).toBe('3 Unterhaltungen');
    expect(await abroad.locator('.kb-gap__examples li').count()).toBe(3);
    // The other recurring questions of the demo are groups of their own; one-off questions are none.
    expect(await page.locator('.kb-gap').filter({ hasText: 'Kindersitz' }).count()).toBe(1);
    expect(await page.locator('.kb-gap').filter({ hasText: 'driver' }).count()).toBe(1);
    expect(await page.locator('.kb-gap').filter({ hasText: 'Passwort' }).count()).toBe(0);
    // Each example opens its conversation.
    const link = abroad.getByRole('link', { name: 'Unterhaltung öffnen' }).first();
    expect(await link.getAttribute('href')).toMatch(/^\/conversations\/[0-9a-f-]+$/);

    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'knowledge-gaps-de.png') });

    await abroad.getByRole('button', { name: 'Artikel entwerfen' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/knowledge\/articles\/[0-9a-f-]+$/);
    const draftId = new URL(page.url()).pathname.split('/').pop()!;
    const draft = await api(t.url, token, 'GET', `/api/v1/knowledge/articles/${draftId}`);
    expect(draft.status).toBe(200);
    expect(draft.body.visibility).toBe('draft');
    expect(draft.body.title).toMatch(/Mietwagen.*Ausland|Ausland.*Mietwagen/);
    expect(draft.body.body).toContain('Fahrten in alle EU-Länder');
    expect(draft.body.alternativeQuestions).toHaveLength(2);
    // The editor shows the draft.
    await expect.poll(() => page.getByLabel('Titel', { exact: true }).inputValue()).toBe(draft.body.title);
    expect(errors).toEqual([]);
  });

  it('speaks English to an English agent and offers the period in the address', async () => {
    const { page, errors } = await newPage('en-GB');
    await login(page, ben, ['E-mail', 'Password', 'Sign in']);
    await page.getByRole('heading', { name: 'Knowledge gaps', level: 1 }).waitFor();
    // Ben works in both inboxes: the English drivers' question is there.
    const drivers = page.locator('.kb-gap').filter({ hasText: 'driver' });
    await drivers.waitFor();
    expect(await drivers.locator('.kb-gap__count').textContent()).toBe('2 conversations');
    await page.getByLabel('Period').selectOption('30');
    await expect.poll(() => new URL(page.url()).search).toBe('?days=30');
    await page.getByRole('button', { name: 'Draft article' }).first().waitFor();
    expect(errors).toEqual([]);
  });
});
