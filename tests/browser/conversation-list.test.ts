/**
 * The conversation list in Debian's Chromium with a few hundred conversations: a virtualised list
 * (few rows in the DOM, the next page fetched while scrolling), the waiting time on each row in German
 * and English, j/k that scroll the selection into view, live rows, and filters that survive a reload
 * because they are in the address bar.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ingestInboundMessage, type Actor } from '@sofortdesk/domain';
import { DEMO_LOGINS } from '@sofortdesk/server';
import { createTestDatabase } from '@sofortdesk/testing';
import { ensureAgentBuilt } from '../../apps/agent/bin/build.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { launchChromium } from './chromium.ts';

const database = createTestDatabase('sqlite');
const anna = DEMO_LOGINS.find((login) => login.email.startsWith('anna'))!; // German profile
const ben = DEMO_LOGINS.find((login) => login.email.startsWith('ben'))!; // English profile
/** More than two pages of 100, so scrolling has to fetch. */
const EXTRA = 240;

let t: TestServer;
let browser: Browser;
let admin: Actor;
let germanInbox: string;
const contexts: BrowserContext[] = [];
let sequence = 0;

beforeAll(async () => {
  await ensureAgentBuilt({ quiet: true });
  t = await startTestServer(database, { SOFORTDESK_DEMO: 'on', SOFORTDESK_LOGIN_RATE_LIMIT: '1000' });
  const user = (await t.server.useCases.uow.repos.users.findForLogin(DEMO_LOGINS[0]!.email))!;
  admin = { userId: user.id, accountId: user.accountId, role: 'admin', inboxIds: [] };
  const inboxes = await t.server.useCases.uow.repos.inboxes.list(user.accountId);
  germanInbox = inboxes.find((inbox) => inbox.language === 'de')!.id;
  for (let i = 0; i < EXTRA; i++) await customerWrites(`viele-${i}`, `Kundin ${i}`, 'Frage');
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await t?.close();
  await database.drop();
});

function customerWrites(identifier: string, name: string, text: string) {
  return ingestInboundMessage(t.server.useCases, admin, {
    inboxId: germanInbox,
    externalId: `list-${process.pid}-${++sequence}`,
    contact: { identifier, name },
    text,
  });
}

async function loggedIn(who: { email: string; password: string }, locale: string, path = '/') {
  const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(t.url + path);
  await page.locator('input[type="email"]').fill(who.email);
  await page.locator('input[type="password"]').fill(who.password);
  await page.locator('form button[type="submit"]').click();
  await page.getByRole('listbox').waitFor();
  await page.locator('[data-realtime="live"]').waitFor();
  return { page, errors };
}

/** What the test touches of the list element (this project has no DOM types). */
type Scrollable = { scrollTo(x: number, y: number): void; scrollHeight: number };
const options = (page: Page) => page.locator('#conversation-list [role="option"]');
const setSize = (page: Page) => options(page).first().getAttribute('aria-setsize');
const selectedId = (page: Page) =>
  page.locator('[role="option"][aria-selected="true"]').getAttribute('data-conversation-id');

/** Whether the element lies wholly inside the list's visible area. */
async function inView(page: Page, id: string): Promise<boolean> {
  const list = await page.locator('#conversation-list').boundingBox();
  const row = await page.locator(`[role="option"][data-conversation-id="${id}"]`).boundingBox();
  return !!list && !!row && row.y >= list.y - 1 && row.y + row.height <= list.y + list.height + 1;
}

describe('the conversation list', () => {
  it('keeps few rows in the DOM, fetches pages while scrolling, and shows how long each customer waits', async () => {
    const { page, errors } = await loggedIn(anna, 'de-DE');
    await expect.poll(() => setSize(page)).toBe('100');
    expect(await options(page).count()).toBeLessThan(40);
    await expect
      .poll(() => options(page).first().locator('.row__waiting').textContent())
      .toMatch(/^wartet seit (< )?\d+ (Min\.|Std\.)$/);
    // Scroll to the end until every page is there (240 + the demo's 3 open ones).
    await expect
      .poll(
        async () => {
          await page
            .locator('#conversation-list')
            .evaluate((list: Scrollable) => list.scrollTo(0, list.scrollHeight));
          return setSize(page);
        },
        { timeout: 15_000 },
      )
      .toBe(String(EXTRA + 3));
    expect(await options(page).count()).toBeLessThan(40);
    // The answered demo conversation comes after every waiting one. The last page made the list
    // longer: scroll to its new end each time, then read the last row.
    await expect
      .poll(
        async () => {
          await page
            .locator('#conversation-list')
            .evaluate((list: Scrollable) => list.scrollTo(0, list.scrollHeight));
          return options(page).last().locator('.row__name').textContent();
        },
        { timeout: 10_000 },
      )
      .toBe('Erika Mustermann');
    expect(errors).toEqual([]);
  });

  it('moves with j/k and scrolls the selection into view', async () => {
    const { page, errors } = await loggedIn(anna, 'de-DE');
    await expect.poll(() => setSize(page)).toBe('100');
    for (let i = 0; i < 30; i++) await page.keyboard.press('j');
    const thirtieth = await selectedId(page);
    expect(await page.locator(`[aria-posinset="30"]`).getAttribute('data-conversation-id')).toBe(thirtieth);
    expect(await inView(page, thirtieth!)).toBe(true);
    for (let i = 0; i < 25; i++) await page.keyboard.press('k');
    await expect.poll(() => page.locator('[aria-selected="true"]').getAttribute('aria-posinset')).toBe('5');
    expect(await inView(page, (await selectedId(page))!)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('keeps filters in the address bar across a reload, and inserts live rows where they belong', async () => {
    const { page, errors } = await loggedIn(ben, 'en-US');
    const filters = page.getByRole('group', { name: 'Filter conversations' });
    await filters.getByText('More filters').click();
    await filters.getByLabel('Priority', { exact: true }).selectOption('high');
    await expect.poll(() => options(page).locator('.row__name').allTextContents()).toEqual(['Jonas Weber']);
    expect(new URL(page.url()).searchParams.get('priority')).toBe('high');
    await expect
      .poll(() => options(page).first().locator('.row__waiting').textContent())
      .toMatch(/^waiting (< )?\d+ (min|hr)$/);

    await filters.getByLabel('Priority', { exact: true }).selectOption('all');
    await filters.getByLabel('Order', { exact: true }).selectOption('recent');
    await filters.getByLabel('Label', { exact: true }).fill('VIP');
    await expect.poll(() => new URL(page.url()).searchParams.get('label')).toBe('VIP');
    await expect.poll(() => options(page).count()).toBe(0);
    await filters.getByLabel('Label', { exact: true }).fill('');
    await expect.poll(() => new URL(page.url()).searchParams.has('label')).toBe(false);

    await page.reload();
    await page.getByRole('listbox').waitFor();
    expect(await filters.getByLabel('Order').inputValue()).toBe('recent');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('recent');

    // Newest activity first: a customer who writes now appears on top, live.
    await page.locator('[data-realtime="live"]').waitFor();
    await customerWrites('live-1', 'Lara Live', 'Hello?');
    await expect.poll(() => options(page).first().locator('.row__name').textContent()).toBe('Lara Live');

    // Opening a conversation keeps the filter in the address.
    await options(page).first().click();
    expect(new URL(page.url()).pathname).toMatch(/^\/conversations\//);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('recent');

    await filters.getByLabel('Status', { exact: true }).selectOption('all');
    await filters.getByRole('button', { name: 'Reset filters' }).click();
    expect(await filters.getByLabel('Status', { exact: true }).inputValue()).toBe('open');
    expect(errors).toEqual([]);
  });
});
