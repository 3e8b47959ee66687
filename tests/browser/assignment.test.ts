/**
 * Automatic assignment in Debian's Chromium against a real server with the demo company: Anna sets
 * herself "away" in the workspace header (kept after a reload); the admin gives her capacity 3 and
 * turns on automatic assignment for the team "Erste Hilfe" on /admin/assignment. Saves the admin
 * screen to docs/screenshots.
 */
import fs from 'node:fs';
import os from 'node:os';
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

interface AgentRow {
  agentId: string;
  name: string;
  availability: string;
  effective: string;
  capacity: number;
}

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

async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().includes('401')) errors.push(message.text());
  });
  return { page, errors };
}

async function login(page: Page, who: { email: string; password: string }, at = '/') {
  await page.goto(t.url + at);
  await page.getByLabel('E-Mail').fill(who.email);
  await page.getByLabel('Passwort', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.locator('.topbar').waitFor();
}

const overview = async () =>
  (await api(t.url, token, 'GET', '/api/v1/settings/assignment')).body as {
    agents: AgentRow[];
    teams: { teamId: string; strategy: string; autoAssign: boolean }[];
  };
const annaRow = async () => (await overview()).agents.find((agent) => agent.name.startsWith('Anna'))!;

describe('automatic assignment in the workspace', () => {
  it('an agent sets herself away in the header, and it stays after a reload', async () => {
    const { page, errors } = await newPage();
    await login(page, anna);
    const status = page.locator('.topbar').getByLabel('Status');
    await expect.poll(() => status.inputValue()).toBe('online');
    // The connected workspace's heartbeat makes "online" count.
    await expect.poll(async () => (await annaRow()).effective).toBe('online');

    await status.selectOption({ label: 'Abwesend' });
    await expect.poll(async () => (await annaRow()).availability).toBe('away');
    expect((await annaRow()).effective).toBe('away');

    await page.reload();
    await page.locator('.topbar').waitFor();
    await expect.poll(() => page.locator('.topbar').getByLabel('Status').inputValue()).toBe('away');
    await page
      .locator('.topbar')
      .screenshot({ path: path.join(os.tmpdir(), 'sofortdesk-availability-de.png') });
    expect(errors).toEqual([]);
  });

  it('an admin sets capacity and turns on the team’s automatic assignment', async () => {
    const { page, errors } = await newPage();
    await login(page, admin, '/admin/assignment');
    await page.getByRole('heading', { name: 'Zuweisung', level: 1 }).waitFor();

    const capacity = page.getByLabel(/^Kapazität: Anna/);
    await capacity.fill('3');
    await capacity.press('Enter');
    await expect.poll(async () => (await annaRow()).capacity).toBe(3);
    await page.getByRole('status').filter({ hasText: 'Gespeichert' }).first().waitFor();

    const team = page.locator('.assignment-team').filter({ hasText: 'Erste Hilfe' });
    await team.getByLabel('Automatisch zuweisen').check();
    await team.getByLabel('Verfahren von Erste Hilfe').selectOption({ label: 'Am wenigsten ausgelastet' });
    await expect
      .poll(async () => (await overview()).teams[0])
      .toMatchObject({ autoAssign: true, strategy: 'least-load' });

    // Anna chose "away" in the test before: the screen says so.
    await expect
      .poll(() => page.locator(`tr:has-text("Anna") .presence`).textContent())
      .toContain('Abwesend');
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'assignment-admin-de.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
