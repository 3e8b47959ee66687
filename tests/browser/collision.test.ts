/**
 * The collision warning in Debian's Chromium: two agents (two browser contexts, German and English)
 * open the same conversation and see each other there; while one writes a reply the other sees it;
 * and when one leaves (another conversation, or the tab closes) the warning goes away.
 * Builds apps/agent first when its sources changed (as `npm start` does).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_LOGINS } from '@sofortdesk/server';
import { createTestDatabase } from '@sofortdesk/testing';
import { api, type TestServer } from '../support/server.ts';
import { startDemoWorkspace } from './demo-workspace.ts';

const database = createTestDatabase('sqlite');
const anna = DEMO_LOGINS.find((login) => login.email.startsWith('anna'))!; // German profile
const ben = DEMO_LOGINS.find((login) => login.email.startsWith('ben'))!; // English profile

let t: TestServer;
let browser: Browser;
let token: string;
let inboxDe: string;
let sequence = 0;

beforeAll(async () => {
  ({
    t,
    browser,
    token,
    inboxes: { de: inboxDe },
  } = await startDemoWorkspace(database));
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await database.drop();
});

async function customerWrites(identifier: string, name: string, text: string): Promise<string> {
  const result = await api(t.url, token, 'POST', `/api/v1/inboxes/${inboxDe}/messages`, {
    externalId: `collision-${process.pid}-${++sequence}`,
    contact: { identifier, name },
    text,
  });
  expect(result.status, JSON.stringify(result.body)).toBe(201);
  return result.body.conversationId as string;
}

/** A signed-in agent in a context of their own, with the conversation open. */
async function agentWith(
  who: { email: string; password: string },
  locale: string,
  labels: { email: string; password: string; submit: string },
  conversationId: string,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().includes('401')) errors.push(message.text());
  });
  await page.goto(`${t.url}/conversations/${conversationId}`);
  await page.getByLabel(labels.email).fill(who.email);
  await page.getByLabel(labels.password, { exact: true }).fill(who.password);
  await page.getByRole('button', { name: labels.submit }).click();
  await page.locator(`#conversation[data-conversation-id="${conversationId}"]`).waitFor();
  await page.locator('[data-realtime="live"]').waitFor();
  return { context, page, errors };
}

describe('the collision warning', () => {
  it('shows two agents each other in the same conversation, and who is replying', async () => {
    const conversationId = await customerWrites(
      'collision-1',
      'Clara Kollision',
      'Ist meine Bestellung unterwegs?',
    );
    const other = await customerWrites('collision-2', 'Otto Anders', 'Eine andere Frage');
    const a = await agentWith(
      anna,
      'de-DE',
      { email: 'E-Mail', password: 'Passwort', submit: 'Anmelden' },
      conversationId,
    );
    const b = await agentWith(
      ben,
      'en-GB',
      { email: 'E-mail', password: 'Password', submit: 'Sign in' },
      conversationId,
    );

    // Each sees the other: the newcomer at once (the one already there answers the newcomer's hello).
    const annaPresence = a.page.locator('#conversation [data-presence]');
    const benPresence = b.page.locator('#conversation [data-presence]');
    await expect
      .poll(() => annaPresence.textContent(), { timeout: 5000 })
      .toBe('Ben Carter sieht sich das gerade an');
    await expect.poll(() => benPresence.textContent(), { timeout: 5000 }).toBe('Anna Schneider is viewing');

    // Ben writes a reply: Anna sees that he is replying, next to her composer.
    await b.page.keyboard.press('r');
    await b.page.keyboard.type('Your parcel left our warehouse');
    await expect
      .poll(() => a.page.locator('#conversation [data-replying]').textContent(), { timeout: 5000 })
      .toBe('Ben Carter schreibt gerade eine Antwort');
    await a.page.screenshot({ path: '/tmp/collision-anna.png' });
    // He sends it: the warning goes back to "viewing" and the reply arrives.
    await b.page.keyboard.press('Control+Enter');
    await a.page
      .locator('#conversation .message')
      .filter({ hasText: 'Your parcel left our warehouse' })
      .waitFor();
    await expect
      .poll(() => annaPresence.textContent(), { timeout: 5000 })
      .toBe('Ben Carter sieht sich das gerade an');
    // An internal note is not announced as a reply (nor to the customer).
    await b.page.keyboard.press('Escape');
    await b.page.keyboard.press('n');
    await b.page.keyboard.type('Carrier delayed');
    await a.page.waitForTimeout(600);
    expect(await a.page.locator('#conversation [data-replying]').count()).toBe(0);

    // Ben moves on to another conversation: Anna is alone again; her colleague's presence went with him.
    await b.page.goto(`${t.url}/conversations/${other}`);
    await b.page.locator(`#conversation[data-conversation-id="${other}"]`).waitFor();
    await expect.poll(() => annaPresence.textContent(), { timeout: 5000 }).toBe('');

    // Anna opens that one too and sees Ben there; Ben's tab closes and the warning goes with it.
    await a.page.goto(`${t.url}/conversations/${other}`);
    await a.page.locator(`#conversation[data-conversation-id="${other}"]`).waitFor();
    await expect
      .poll(() => annaPresence.textContent(), { timeout: 5000 })
      .toBe('Ben Carter sieht sich das gerade an');
    await b.context.close();
    await expect.poll(() => annaPresence.textContent(), { timeout: 5000 }).toBe('');

    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    await a.context.close();
  });
});
