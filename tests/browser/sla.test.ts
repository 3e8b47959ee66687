/**
 * SLA timers in Debian's Chromium against a real server with the demo company: a policy for
 * conversations without priority puts a first-response timer on a new conversation ("Antwort fällig
 * in 30 Min." in the list row, "Erste Antwort …" in the header); a conversation past its due time shows red
 * ("überfällig seit"); the countdown ticks on the browser's clock; admins see the policy under
 * /admin/sla. Saves docs/screenshots/sla-de.png (running and overdue timers in the list, the
 * overdue one open).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
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
let inboxes: { de: string; en: string };
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  ({ t, browser, token, inboxes } = await startDemoWorkspace(database));
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await t?.close();
  await database.drop();
});

async function signedIn(who: { email: string; password: string }, at = '/') {
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  // The page's clock can be moved forward later, to see the countdown tick.
  await context.clock.install();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/401/.test(message.text())) errors.push(message.text());
  });
  await page.goto(t.url + at);
  await page.getByLabel('E-Mail').fill(who.email);
  await page.getByLabel('Passwort', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.locator('.topbar').waitFor();
  return { page, errors };
}

async function customerWrites(identifier: string, name: string, text: string): Promise<string> {
  const response = await api(t.url, token, 'POST', `/api/v1/inboxes/${inboxes.de}/messages`, {
    externalId: `sla-browser-${identifier}`,
    contact: { identifier, name },
    text,
  });
  expect(response.status).toBe(201);
  return response.body.conversationId as string;
}

describe('SLA timers in the agent workspace', () => {
  it('shows a running and an overdue first-response timer in the list and the header (German)', async () => {
    const policy = await api(t.url, token, 'POST', '/api/v1/sla-policies', {
      name: 'Standard',
      priority: 'none',
      targets: { firstResponse: 30, nextResponse: 60, resolution: 1440 },
      calendar: 'always',
      warnAtPercent: 80,
    });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);

    const running = await customerWrites('sla-lena', 'Lena Vogel', 'Wann wird meine Bestellung geliefert?');
    const late = await customerWrites(
      'sla-tom',
      'Tom Berger',
      'Meine Rechnung ist doppelt abgebucht worden!',
    );
    // The second one has waited longer than its target: its timer was due three minutes ago.
    const repos = t.server.useCases.uow.repos;
    const accountId = (await repos.users.findForLogin(admin.email))!.accountId;
    const conversation = (await repos.conversations.get(accountId, late))!;
    const startedAt = new Date(Date.now() - 33 * 60_000).toISOString();
    await repos.conversations.update(accountId, late, {
      waitingSince: startedAt,
      sla: {
        ...conversation.sla!,
        timers: conversation.sla!.timers.map((timer) =>
          timer.target === 'firstResponse'
            ? {
                ...timer,
                startedAt,
                warnAt: new Date(Date.now() - 9 * 60_000).toISOString(),
                dueAt: new Date(Date.now() - 3 * 60_000).toISOString(),
              }
            : timer,
        ),
      },
    });

    const { page, errors } = await signedIn(anna, `/conversations/${late}`);
    await page.locator(`#conversation[data-conversation-id="${late}"]`).waitFor();
    const row = (id: string) => page.locator(`.row[data-conversation-id="${id}"] .sla`);
    await row(running).waitFor();
    await expect(row(running).textContent()).resolves.toBe('Antwort fällig in 30 Min.');
    await expect(row(running).getAttribute('data-sla')).resolves.toBe('ok');
    await expect(row(late).textContent()).resolves.toBe('Antwort überfällig seit 3 Min.');
    await expect(row(late).getAttribute('data-sla')).resolves.toBe('overdue');
    // Whole in the narrow row (the assignee gives way), not cut off.
    for (const id of [running, late]) {
      await expect(row(id).evaluate((element) => element.scrollWidth <= element.clientWidth)).resolves.toBe(
        true,
      );
    }
    const header = page.locator('.conversation-header__meta .sla');
    await expect(header.textContent()).resolves.toBe('Erste Antwort überfällig seit 3 Min.');
    // Overdue is red: the text's colour is mostly red.
    const color: string = await header.evaluate(
      (element) =>
        (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(
          element,
        ).color,
    );
    const [red = 0, green = 0, blue = 0] = (color.match(/\d+/g) ?? []).map(Number);
    expect(red).toBeGreaterThan(120);
    expect(green + blue).toBeLessThan(red);

    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sla-de.png') });

    // An agent's reply meets the first response: the row shows the resolution next, through the stream.
    await api(t.url, token, 'POST', `/api/v1/conversations/${running}/messages`, {
      text: 'Ihre Bestellung kommt morgen.',
      kind: 'text',
    });
    await expect.poll(() => row(running).textContent(), { timeout: 10_000 }).toBe('Lösung fällig in 24 Std.');

    // The countdown runs on the browser's clock, without asking the server.
    await page.clock.fastForward(2 * 60_000);
    await expect
      .poll(() => header.textContent(), { timeout: 5_000 })
      .toBe('Erste Antwort überfällig seit 5 Min.');
    expect(errors).toEqual([]);
  });

  it('lists the policies for admins under /admin/sla', async () => {
    const { page, errors } = await signedIn(admin, '/admin/sla');
    await page.getByRole('heading', { name: 'Servicelevel (SLA)', level: 1 }).waitFor();
    const item = page.locator('[data-sla-policy="Standard"]');
    await item.waitFor();
    await expect(item.textContent()).resolves.toContain('Erste Antwort 30 Min.');
    await expect(item.textContent()).resolves.toContain('Rund um die Uhr');
    // Editing fills the form with the policy.
    await item.getByRole('button', { name: 'Bearbeiten' }).click();
    await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('Standard');
    await expect(page.getByLabel('Erste Antwort').inputValue()).resolves.toBe('30');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sla-admin-de.png') });
    expect(errors).toEqual([]);
  });
});
