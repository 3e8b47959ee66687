/**
 * The knowledge area in Debian's Chromium against a real server with the demo company: an agent
 * writes an article (live preview), changes it, compares the versions and restores the first; a
 * save from a stale version shows the conflict with the other person's change; a partner's edit
 * waits for review and an agent approves it. Saves the editor (German) to docs/screenshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_LOGINS } from '@sofortdesk/server';
import { createTestDatabase } from '@sofortdesk/testing';
import { api, type TestServer } from '../support/server.ts';
import { startDemoWorkspace } from './demo-workspace.ts';

let inboxDe: string;
let sequence = 0;

const database = createTestDatabase('sqlite');
const SCREENSHOTS = 'docs/screenshots';
const anna = DEMO_LOGINS.find((login) => login.email.startsWith('anna'))!; // German profile
const partner = DEMO_LOGINS.find((login) => login.role === 'partner')!;
const admin = DEMO_LOGINS.find((login) => login.role === 'admin')!;

let t: TestServer;
let browser: Browser;
let token: string;
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

async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // 401 before login, 409 is the conflict the test provokes.
    if (message.type() === 'error' && !/\b(401|409)\b/.test(message.text())) errors.push(message.text());
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

const pathname = (page: Page) => new URL(page.url()).pathname;

async function articleByTitle(
  title: string,
): Promise<{ id: string; version: number; body: string; title: string }> {
  const list = await api(t.url, token, 'GET', '/api/v1/knowledge/articles');
  const found = (list.body.items as { id: string; title: string; version: number; body: string }[]).find(
    (a) => a.title === title,
  );
  expect(found, title).toBeDefined();
  return found!;
}

describe('the knowledge area', () => {
  it('lets an agent write an article with a live preview, change it, compare the versions and restore the first', async () => {
    const { page, errors } = await newPage();
    await login(page, anna);
    await page.getByRole('navigation', { name: 'Bereiche' }).getByRole('link', { name: 'Wissen' }).click();
    // The first collection opens, with the demo articles; the search narrows them as one types.
    await page.getByRole('heading', { name: 'Mietwagen & Reisen', level: 1 }).waitFor();
    const list = page.getByRole('list', { name: 'Artikel' });
    await list.getByRole('link', { name: 'Wie storniere ich meine Buchung?' }).waitFor();
    await page.getByRole('searchbox', { name: 'Suche' }).fill('flug verspaetet');
    await page.getByRole('status').filter({ hasText: '1 Artikel' }).waitFor();
    expect(await list.getByRole('listitem').allTextContents()).toEqual([
      expect.stringContaining('Was passiert, wenn sich mein Flug verspätet?'),
    ]);
    expect(new URL(page.url()).searchParams.get('q')).toBe('flug verspaetet');
    await page.getByRole('searchbox', { name: 'Suche' }).fill('');

    // A new article: the preview renders the markdown as one types, through the shared renderer.
    await page.getByRole('link', { name: 'Neuer Artikel' }).click();
    await page.getByRole('heading', { name: 'Neuer Artikel', level: 1 }).waitFor();
    await page.getByLabel('Titel').fill('Wie viel Gepäck passt in den Wagen?');
    const body = 'In jeden Wagen passen **zwei Koffer**.\n\n- Kompaktklasse: 2 Koffer\n- Kombi: 4 Koffer';
    await page.getByLabel('Text (Markdown)').fill(body);
    await page.getByLabel('Schlagwörter').fill('gepäck, koffer');
    await page.getByLabel('Auch gefragt als').fill('Wie viele Koffer passen rein?\nKofferraum Größe');
    await page.getByLabel('Sichtbarkeit').selectOption('internal');
    const preview = page.getByRole('region', { name: 'Vorschau' });
    expect(await preview.locator('strong').textContent()).toBe('zwei Koffer');
    expect(await preview.locator('li').allTextContents()).toEqual([
      'Kompaktklasse: 2 Koffer',
      'Kombi: 4 Koffer',
    ]);
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByRole('heading', { name: 'Wie viel Gepäck passt in den Wagen?', level: 1 }).waitFor();
    const created = await articleByTitle('Wie viel Gepäck passt in den Wagen?');
    expect(pathname(page)).toBe(`/knowledge/articles/${created.id}`);
    expect(created).toMatchObject({
      version: 1,
      body,
      tags: ['gepäck', 'koffer'],
      alternativeQuestions: ['Wie viele Koffer passen rein?', 'Kofferraum Größe'],
      visibility: 'internal',
    });

    // A change: only the body, as version 2.
    await page.getByLabel('Text (Markdown)').fill(`${body}\n- Transporter: 10 Koffer`);
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Als Version 2 gespeichert.' }).waitFor();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.locator('.kb-breadcrumb').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'knowledge-editor-de.png') });

    // The history shows what the change did, and the first version comes back as version 3.
    await page.getByRole('link', { name: 'Versionsverlauf' }).click();
    await page.getByRole('heading', { name: 'Änderungen von Version 1 bis 2' }).waitFor();
    await page.locator('.kb-diff[data-diff-from="1"][data-diff-to="2"]').waitFor();
    expect(await page.locator('.kb-diff ins').allTextContents()).toEqual(['- Transporter: 10 Koffer']);
    expect(await page.locator('.kb-diff del').count()).toBe(0);
    await page.getByRole('button', { name: 'Version 1 wiederherstellen' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Version 1 wiederhergestellt: Sie ist jetzt Version 3.' })
      .waitFor();
    await page.locator('.kb-diff[data-diff-from="2"][data-diff-to="3"]').waitFor();
    expect(await page.locator('.kb-diff del').allTextContents()).toEqual(['- Transporter: 10 Koffer']);
    const restored = await api(t.url, token, 'GET', `/api/v1/knowledge/articles/${created.id}`);
    expect(restored.body).toMatchObject({ version: 3, body });

    // Comparing any two versions is a choice in the list, kept in the URL.
    await page.getByRole('radio', { name: 'Vergleichen von Version 1' }).check();
    await page.getByRole('heading', { name: 'Änderungen von Version 1 bis 3' }).waitFor();
    await page
      .locator('.kb-diff[data-diff-from="1"][data-diff-to="3"]')
      .getByText('Keine Unterschiede.')
      .waitFor();
    expect(new URL(page.url()).searchParams.get('from')).toBe('1');
    expect(errors).toEqual([]);
  });

  it('writes the English translation of an article, and the two link to each other', async () => {
    const { page, errors } = await newPage();
    const german = await articleByTitle('Wie storniere ich meine Buchung?');
    await login(page, anna, `/knowledge/articles/${german.id}`);
    const translations = page.getByRole('navigation', { name: 'Übersetzungen' });
    await translations.getByRole('link', { name: 'Übersetzung auf Englisch schreiben' }).click();
    await page.getByRole('heading', { name: 'Neue Übersetzung', level: 1 }).waitFor();
    await page
      .getByText('Übersetzung von')
      .getByRole('link', { name: 'Wie storniere ich meine Buchung?' })
      .waitFor();
    expect(
      await page.getByRole('form', { name: 'Neue Übersetzung' }).getByLabel('Sprache').inputValue(),
    ).toBe('en');
    await page.getByLabel('Titel').fill('How do I cancel my booking?');
    await page
      .getByLabel('Text (Markdown)')
      .fill('Under **My bookings → Cancel**, free of charge up to 48 hours before pick-up.');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByRole('heading', { name: 'How do I cancel my booking?', level: 1 }).waitFor();
    const english = await articleByTitle('How do I cancel my booking?');
    expect(english).toMatchObject({ language: 'en', visibility: 'draft' });
    const detail = await api(t.url, token, 'GET', `/api/v1/knowledge/articles/${german.id}`);
    expect(detail.body.translations).toEqual([expect.objectContaining({ id: english.id, language: 'en' })]);
    // The translation leads back to the original.
    await translations.getByRole('link', { name: /Wie storniere ich meine Buchung\?/ }).click();
    await page.getByRole('heading', { name: 'Wie storniere ich meine Buchung?', level: 1 }).waitFor();
    expect(await translations.getByRole('link', { name: /How do I cancel my booking\?/ }).count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('lets an admin make a collection, which agents see but cannot make', async () => {
    const { page, errors } = await newPage();
    await login(page, admin, '/knowledge');
    await page.getByRole('heading', { name: 'Mietwagen & Reisen', level: 1 }).waitFor();
    await page.getByText('Neue Sammlung').click();
    const form = page.getByRole('form', { name: 'Neue Sammlung' });
    await form.getByLabel('Name').fill('Versicherungen');
    await form.getByRole('button', { name: 'Anlegen' }).click();
    await page.getByRole('heading', { name: 'Versicherungen', level: 1 }).waitFor();
    await page.getByText('Diese Sammlung hat noch keine Artikel.').waitFor();
    const navigation = page.getByRole('navigation', { name: 'Wissensbasis' });
    expect(await navigation.getByRole('link', { name: 'Versicherungen' }).getAttribute('aria-current')).toBe(
      'page',
    );
    expect(errors).toEqual([]);

    const agent = await newPage();
    await login(agent.page, anna, '/knowledge');
    await agent.page.getByRole('link', { name: 'Versicherungen' }).waitFor();
    expect(await agent.page.getByText('Neue Sammlung').count()).toBe(0);
  });

  it('says so when someone else saved in between, shows their change, and reloads', async () => {
    const { page, errors } = await newPage();
    const article = await articleByTitle('Wie storniere ich meine Buchung?');
    await login(page, anna, `/knowledge/articles/${article.id}`);
    await page.getByRole('heading', { name: 'Wie storniere ich meine Buchung?', level: 1 }).waitFor();

    // Someone else saves while Anna edits.
    const other = await api(t.url, token, 'PATCH', `/api/v1/knowledge/articles/${article.id}`, {
      baseVersion: article.version,
      title: 'Wie storniere ich eine Buchung?',
    });
    expect(other.status).toBe(200);
    await page.getByLabel('Text (Markdown)').fill('Anna schreibt den Text neu.');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    const conflict = page
      .getByRole('alert')
      .filter({ hasText: 'Jemand anderes hat diesen Artikel inzwischen geändert.' });
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain(
      `Sie haben mit Version ${article.version} begonnen, jetzt ist es Version ${article.version + 1}.`,
    );
    // Nothing was overwritten.
    const stored = await api(t.url, token, 'GET', `/api/v1/knowledge/articles/${article.id}`);
    expect(stored.body).toMatchObject({ title: 'Wie storniere ich eine Buchung?', body: article.body });
    expect(await page.getByRole('button', { name: 'Speichern', exact: true }).isDisabled()).toBe(true);

    await conflict.getByRole('button', { name: 'Die andere Änderung zeigen' }).click();
    expect(await conflict.locator('del').allTextContents()).toEqual(['meine']);
    expect(await conflict.locator('ins').allTextContents()).toEqual(['eine']);
    await conflict.getByRole('button', { name: 'Neu laden (meine Änderungen verwerfen)' }).click();
    await page.getByRole('heading', { name: 'Wie storniere ich eine Buchung?', level: 1 }).waitFor();
    expect(await page.getByLabel('Text (Markdown)').inputValue()).toBe(article.body);
    expect(await page.getByLabel('Titel').inputValue()).toBe('Wie storniere ich eine Buchung?');
    expect(errors).toEqual([]);
  });

  it("puts a partner's edit up for review, and an agent's approval publishes it", async () => {
    const collections = await api(t.url, token, 'GET', '/api/v1/knowledge/collections');
    const collection = (collections.body.items as { id: string; name: string }[]).find(
      (c) => c.name === 'Mietwagen & Reisen',
    )!;
    const partnerUser = (await t.server.useCases.uow.repos.users.findForLogin(partner.email))!;
    const shared = await api(t.url, token, 'PUT', `/api/v1/knowledge/collections/${collection.id}/partners`, {
      partnerIds: [partnerUser.id],
    });
    expect(shared.status).toBe(200);
    const article = await articleByTitle('Was passiert, wenn sich mein Flug verspätet?');

    // The partner lands in the knowledge area (the workspace is not theirs) and proposes a change.
    const { page, errors } = await newPage();
    await login(page, partner);
    await page.getByRole('heading', { name: 'Mietwagen & Reisen', level: 1 }).waitFor();
    expect(pathname(page)).toBe(`/knowledge/collections/${collection.id}`);
    expect(await page.getByRole('link', { name: 'Arbeitsplatz' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Was passiert, wenn sich mein Flug verspätet?' }).click();
    const newBody = `${article.body}\n\nAuch bei Zugverspätungen warten wir.`;
    await page.getByLabel('Text (Markdown)').fill(newBody);
    await page.getByRole('button', { name: 'Zur Prüfung vorschlagen' }).click();
    await page.getByRole('status').filter({ hasText: 'Wartet auf Prüfung.' }).waitFor();
    const unchanged = await api(t.url, token, 'GET', `/api/v1/knowledge/articles/${article.id}`);
    expect(unchanged.body).toMatchObject({ version: article.version, body: article.body });
    await page.getByRole('link', { name: 'Meine Vorschläge' }).first().click();
    await page.locator('[data-change-request] [data-status="pending"]').waitFor();
    expect(errors).toEqual([]);

    // An agent approves it: it is published as the next version.
    const agent = await newPage();
    await login(agent.page, anna, '/knowledge/reviews');
    const proposal = agent.page.getByRole('article', {
      name: 'Was passiert, wenn sich mein Flug verspätet?',
    });
    await proposal.getByText('Auch bei Zugverspätungen warten wir.').waitFor();
    await proposal.getByLabel('Anmerkung für den Partner (optional)').fill('Danke!');
    await proposal.getByRole('button', { name: 'Freigeben und veröffentlichen' }).click();
    await proposal.locator('[data-status="approved"]').waitFor();
    const published = await api(t.url, token, 'GET', `/api/v1/knowledge/articles/${article.id}`);
    expect(published.body).toMatchObject({ version: article.version + 1, body: newBody });
    expect(agent.errors).toEqual([]);
  });
});

describe('the suggestions panel in a conversation', () => {
  async function customerWrites(identifier: string, text: string): Promise<string> {
    const result = await api(t.url, token, 'POST', `/api/v1/inboxes/${inboxDe}/messages`, {
      externalId: `kb-${process.pid}-${++sequence}`,
      contact: { identifier, name: 'Lena Vogel' },
      text,
    });
    expect(result.status, JSON.stringify(result.body)).toBe(201);
    return result.body.conversationId as string;
  }

  it('shows the top articles with their probability, inserts one, and reports accepted, edited and rejected', async () => {
    const conversationId = await customerWrites(
      'kunde-kb-1',
      'Mein Flug hat Verspätung. Wartet der Mietwagen auf mich?',
    );
    const { page, errors } = await newPage();
    const feedback: unknown[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/suggestions/feedback')) feedback.push(request.postDataJSON());
    });
    await login(page, anna, `/conversations/${conversationId}`);
    const panel = page.getByRole('region', { name: 'Aus der Wissensbasis' });
    const first = panel.getByRole('listitem').first();
    await first.waitFor();
    // The flight article comes first, with its probability in German ("87 %").
    expect(await first.locator('.suggestion__title').textContent()).toMatch(/Flug|flight/);
    const percentages = await panel.locator('.suggestion__probability').allTextContents();
    expect(percentages.length).toBeGreaterThan(0);
    for (const text of percentages) expect(text).toMatch(/^(< )?\d{1,3}\u00a0%$/);
    const shown: number[] = [];
    for (const node of await panel.locator('[data-probability]').all())
      shown.push(Number(await node.getAttribute('data-probability')));
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'suggestions-panel-de.png') });

    // Insert: the article's answer and its link go into the reply; sent unchanged, it was accepted.
    const articleId = await first.getAttribute('data-article-id');
    await first.getByRole('button', { name: 'Einfügen', exact: false }).click();
    const composer = page.locator('[data-composer]');
    // The insertion renders after the click; under load not within the same tick.
    await expect.poll(() => composer.inputValue(), { timeout: 5000 }).toContain('12 Stunden');
    const inserted = await composer.inputValue();
    expect(inserted).toMatch(/\]\(http:\/\/[^)]+\)$/);
    await page.getByRole('button', { name: 'Antwort senden' }).click();
    // Sent: the composer is empty again (the demo account may have answered automatically too).
    await expect.poll(() => composer.inputValue()).toBe('');
    await expect.poll(() => feedback.length).toBe(1);
    expect(feedback[0]).toMatchObject({ articleId, outcome: 'accepted' });

    // A new customer message arrives live: the panel asks again, for it.
    const reloaded = page.waitForResponse((r) =>
      r.url().endsWith(`/conversations/${conversationId}/suggestions`),
    );
    await customerWrites('kunde-kb-1', 'Und wie storniere ich meine Buchung?');
    await reloaded;
    const storno = panel.getByRole('listitem').filter({ hasText: /storniere/ });
    await storno.waitFor();
    // Inserted and changed before sending: edited.
    await storno.getByRole('button', { name: 'Einfügen', exact: false }).click();
    await composer.press('Control+Home');
    await composer.pressSequentially('Hallo Frau Vogel, ');
    await page.getByRole('button', { name: 'Antwort senden' }).click();
    await expect.poll(() => feedback.length).toBe(2);
    expect(feedback[1]).toMatchObject({ outcome: 'edited' });

    // "Not relevant" reports a rejection at once and takes the article off the list.
    const before = await panel.getByRole('listitem').count();
    const last = panel.getByRole('listitem').last();
    const rejectedId = await last.getAttribute('data-article-id');
    await last.getByRole('button', { name: /passt nicht/ }).click();
    await expect.poll(() => feedback.length).toBe(3);
    expect(feedback[2]).toMatchObject({ articleId: rejectedId, outcome: 'rejected' });
    expect(await panel.getByRole('listitem').count()).toBe(before - 1);
    expect(errors).toEqual([]);
  });

  it('says plainly when no article fits', async () => {
    const conversationId = await customerWrites(
      'kunde-kb-2',
      'Quantenphysik Schrödinger Katze Wellenfunktion',
    );
    const { page, errors } = await newPage();
    await login(page, anna, `/conversations/${conversationId}`);
    const panel = page.getByRole('region', { name: 'Aus der Wissensbasis' });
    await panel
      .locator('[data-suggestions-state]')
      .filter({
        hasText:
          /^(Kein Artikel beantwortet diese Frage sicher\. Bitte selbst antworten\.|Kein passender Artikel gefunden\.)$/,
      })
      .waitFor();
    expect(await panel.getByRole('button', { name: 'Einfügen' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
