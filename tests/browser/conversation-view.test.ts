/**
 * The conversation view in Debian's Chromium: a long conversation opens at its newest page and
 * loads older pages as the agent scrolls up, keeping what they look at in place, while live
 * messages still append at the bottom; files attached by picker and by pasting (checked by the
 * server); and the controls for status, priority, assignee, labels and snooze.
 * Builds apps/agent first when its sources changed (as `npm start` does).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_LOGINS } from '@sofortdesk/server';
import { createTestDatabase } from '@sofortdesk/testing';
import { api, type TestServer } from '../support/server.ts';
import { startDemoWorkspace } from './demo-workspace.ts';

const database = createTestDatabase('sqlite');
const anna = DEMO_LOGINS.find((login) => login.email.startsWith('anna'))!; // German profile
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
const PDF = '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n';

let t: TestServer;
let browser: Browser;
let token: string;
let inboxDe: string;
let sequence = 0;
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

async function customerWrites(identifier: string, name: string, text: string): Promise<string> {
  const result = await api(t.url, token, 'POST', `/api/v1/inboxes/${inboxDe}/messages`, {
    externalId: `view-${process.pid}-${++sequence}`,
    contact: { identifier, name },
    text,
  });
  expect(result.status, JSON.stringify(result.body)).toBe(201);
  return result.body.conversationId as string;
}

/** A conversation of `count` messages: the newest by the API, the older ones straight into the database. */
async function longConversation(identifier: string, name: string, count: number): Promise<string> {
  const last = `Nachricht ${String(count - 1).padStart(3, '0')}`;
  const conversationId = await customerWrites(identifier, name, last);
  const { uow } = t.server.useCases;
  const conversation = (await uow.repos.conversations.get(
    (await uow.repos.users.findForLogin(anna.email))!.accountId,
    conversationId,
  ))!;
  const newest = Date.now() - 1000;
  await uow.transaction(async (repos) => {
    for (let i = 0; i < count - 1; i++) {
      await repos.messages.create({
        accountId: conversation.accountId,
        inboxId: conversation.inboxId,
        conversationId,
        direction: 'in',
        kind: 'text',
        authorType: 'contact',
        authorId: conversation.contactId,
        text: `Nachricht ${String(i).padStart(3, '0')}`,
        externalId: null,
        attachments: [],
        at: new Date(newest - (count - 1 - i) * 1000).toISOString(),
      });
    }
  });
  return conversationId;
}

async function signedIn(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/401|422/.test(message.text())) errors.push(message.text());
  });
  await page.goto(t.url);
  await page.getByLabel('E-Mail').fill(anna.email);
  await page.getByLabel('Passwort', { exact: true }).fill(anna.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.locator('[data-realtime="live"]').waitFor();
  return { page, errors };
}

const messages = (page: Page) => page.locator('#conversation .message');
const message = (page: Page, text: string) => messages(page).filter({ hasText: text });
/** Code run in the page (as text: this file is type-checked without the DOM's types). */
const inPage = <T>(page: Page, code: string): Promise<T> => page.evaluate<T>(code);
const TIMELINE = "document.querySelector('#conversation .timeline')";
/** How far the timeline is from its bottom, in pixels. */
const fromBottom = (page: Page) =>
  inPage<number>(page, `(el => el.scrollHeight - el.clientHeight - el.scrollTop)(${TIMELINE})`);
const scrollTimeline = (page: Page, to: 'top' | 'bottom') =>
  inPage<void>(page, `(el => { el.scrollTop = ${to === 'top' ? '0' : 'el.scrollHeight'} })(${TIMELINE})`);
const attributes = async (locator: Locator, name: string) =>
  Promise.all((await locator.all()).map((element) => element.getAttribute(name)));

describe('the conversation view', () => {
  it('opens 600 messages at the newest page, loads older ones on scrolling up in place, and follows live ones', async () => {
    const conversationId = await longConversation('paging-1', 'Paula Paging', 600);
    const { page, errors } = await signedIn();

    // Timed in the page: from the click to the frame that shows the newest message.
    const row = page.locator('#conversation-list [role="option"]').filter({ hasText: 'Paula Paging' });
    await row.waitFor();
    const openedMs = await inPage<number>(
      page,
      `new Promise((resolve) => {
        const row = [...document.querySelectorAll('#conversation-list [role="option"]')].find((el) =>
          el.textContent.includes('Paula Paging'),
        );
        const started = performance.now();
        row.click();
        const check = () => {
          const shown = [...document.querySelectorAll('#conversation .message__text')].some(
            (node) => node.textContent === 'Nachricht 599',
          );
          if (shown) resolve(performance.now() - started);
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      })`,
    );
    console.log(
      `opened a conversation of 600 messages in ${Math.round(openedMs)} ms (click to newest shown)`,
    );
    expect(openedMs).toBeLessThan(1500);
    expect(await messages(page).count()).toBe(100);
    await expect.poll(() => fromBottom(page)).toBeLessThan(2);

    // Scrolling up to the top loads the page before, and the message that was on top stays put.
    const oldestShown = message(page, 'Nachricht 500');
    const timeline = page.locator('#conversation .timeline');
    await scrollTimeline(page, 'top');
    await expect.poll(() => messages(page).count()).toBe(200);
    const top = async () => (await oldestShown.boundingBox())!.y - (await timeline.boundingBox())!.y;
    expect(Math.abs(await top())).toBeLessThan(200);
    // The page loaded in above, out of sight until the agent scrolls further: the view did not jump.
    expect(await inPage<number>(page, `${TIMELINE}.scrollTop`)).toBeGreaterThan(1000);

    // The keyboard way: the button above the messages loads the rest, page by page, to the first.
    const older = page.getByRole('button', { name: 'Frühere Nachrichten laden' });
    while (await older.isVisible()) {
      const before = await messages(page).count();
      await older.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => messages(page).count()).toBeGreaterThan(before);
    }
    expect(await messages(page).count()).toBe(600);
    expect(await messages(page).first().textContent()).toContain('Nachricht 000');
    const texts = await page.locator('#conversation .message__text').allTextContents();
    expect(new Set(texts).size).toBe(600);

    // Back at the bottom, a live message appends and the view follows it.
    await scrollTimeline(page, 'bottom');
    await customerWrites('paging-1', 'Paula Paging', 'Noch da?');
    await message(page, 'Noch da?').waitFor();
    await expect.poll(() => fromBottom(page)).toBeLessThan(2);
    // Scrolled up, a live message does not pull the view away.
    await scrollTimeline(page, 'top');
    await page.waitForTimeout(100);
    await customerWrites('paging-1', 'Paula Paging', 'Hallo?');
    await message(page, 'Hallo?').waitFor({ state: 'attached' });
    expect(await inPage<number>(page, `${TIMELINE}.scrollTop`)).toBeLessThan(50);
    expect(conversationId).toBeTruthy();
    expect(errors).toEqual([]);
  });

  it('attaches images and PDFs by picker and by pasting, refuses other files, and sends them', async () => {
    const conversationId = await customerWrites(
      'files-1',
      'Frieda Datei',
      'Können Sie mir die Rechnung schicken?',
    );
    const { page, errors } = await signedIn();
    await page.goto(`${t.url}/conversations/${conversationId}`);
    await page.locator(`#conversation[data-conversation-id="${conversationId}"]`).waitFor();

    await page.locator('[data-composer-file]').setInputFiles([
      { name: 'Foto.png', mimeType: 'image/png', buffer: PNG },
      { name: 'boese.png', mimeType: 'image/png', buffer: Buffer.from('<html><script>alert(1)</script>') },
    ]);
    // Pasted, as from the clipboard.
    await inPage(
      page,
      `(() => {
        const data = new DataTransfer();
        data.items.add(new File([${JSON.stringify(PDF)}], 'Rechnung.pdf', { type: 'application/pdf' }));
        document.querySelector('#conversation textarea').dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
        );
      })()`,
    );
    const chips = page.locator('#conversation .file-chip');
    await expect.poll(() => attributes(chips, 'data-file-state')).toEqual(['ready', 'failed', 'ready']);
    await expect(
      page.getByRole('alert').filter({ hasText: 'boese.png konnte nicht angehängt werden' }).count(),
    ).resolves.toBe(1);
    await page.getByRole('button', { name: 'boese.png entfernen' }).click();

    await page.locator('#conversation textarea').fill('Anbei Foto und Rechnung.');
    await page.getByRole('button', { name: 'Antwort senden' }).click();
    const sent = message(page, 'Anbei Foto und Rechnung.');
    await sent.locator('a', { hasText: 'Rechnung.pdf' }).waitFor();
    await sent.locator('img.message__image').waitFor();
    expect(await attributes(sent.locator('a'), 'rel')).toEqual([
      'noopener noreferrer nofollow',
      'noopener noreferrer nofollow',
    ]);
    expect(await chips.count()).toBe(0);
    const stored = await api(
      t.url,
      token,
      'GET',
      `/api/v1/conversations/${conversationId}/messages?order=newest&limit=1`,
    );
    const [newest] = stored.body.items as { attachments: { filename: string }[] }[];
    expect(newest?.attachments.map((a) => a.filename)).toEqual(['Foto.png', 'Rechnung.pdf']);
    expect(errors).toEqual([]);
  });

  it('sets status, priority, assignee, labels and snooze with the keyboard, and shows the channel', async () => {
    const conversationId = await customerWrites('controls-1', 'Karl Knopf', 'Bitte um Rückruf');
    const { page, errors } = await signedIn();
    await page.goto(`${t.url}/conversations/${conversationId}`);
    await page.locator(`#conversation[data-conversation-id="${conversationId}"]`).waitFor();
    const stored = async () =>
      (await api(t.url, token, 'GET', `/api/v1/conversations/${conversationId}`)).body as {
        status: string;
        snoozedUntil: string;
        assigneeId: string | null;
      };

    await expect(
      page.locator('#conversation .message__channel').first().getAttribute('aria-label'),
    ).resolves.toBe('Über die API');

    const view = page.locator('#conversation');
    await view.getByLabel('Priorität', { exact: true }).focus();
    await view.getByLabel('Priorität', { exact: true }).selectOption('high');
    await page.locator('#conversation .badge--priority-high').waitFor();
    await view.getByLabel('Zuständig', { exact: true }).selectOption({ label: 'Anna Schneider (Sie)' });
    await page.locator('#conversation [data-assignee]', { hasText: 'Ihnen zugewiesen' }).waitFor();

    const label = page.getByPlaceholder('Label hinzufügen');
    await label.fill('Rückruf');
    await label.press('Enter');
    await page.locator('#conversation [data-label="rückruf"]').waitFor();
    await label.fill('vip');
    await label.press('Enter');
    await page.locator('#conversation [data-label="vip"]').waitFor();
    await page.getByRole('button', { name: 'Label rückruf entfernen' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#conversation [data-label="rückruf"]').waitFor({ state: 'detached' });

    await view.getByLabel('Status', { exact: true }).selectOption('pending');
    await page.locator('#conversation [data-status="pending"]').waitFor();

    await page.locator('[data-control="snooze-until"]').fill('2031-05-04T09:30');
    await page.getByRole('button', { name: 'Zurückstellen', exact: true }).click();
    await page.locator('#conversation [data-status="snoozed"]').waitFor();

    const after = await stored();
    expect(after).toMatchObject({ status: 'snoozed', priority: 'high', labels: ['vip'] });
    expect(new Date(after.snoozedUntil).getFullYear()).toBe(2031);
    expect(after.assigneeId).toBeTruthy();
    await page.screenshot({ path: '/tmp/controls.png' });
    expect(errors).toEqual([]);
  });
});
