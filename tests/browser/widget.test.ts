/**
 * The embeddable chat widget in Debian's Chromium: a customer's site on a second loopback origin
 * embeds the one-line snippet; a visitor chats with an agent in the agent workspace (a second browser
 * context), live both ways; the chat survives a reload and a new tab; a message written offline
 * arrives exactly once; the site's CSS cannot break the widget; and HTML in messages stays text.
 * Builds apps/agent and apps/widget first when their sources changed (as `npm start` does).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_LOGINS } from '@sofortdesk/server';
import { createTestDatabase } from '@sofortdesk/testing';
import { ensureAgentBuilt } from '../../apps/agent/bin/build.ts';
import { ensureWidgetBuilt } from '../../apps/widget/bin/build.ts';
import { api, startTestServer, type TestServer } from '../support/server.ts';
import { launchChromium } from './chromium.ts';

const database = createTestDatabase('sqlite');
const SCREENSHOTS = 'docs/screenshots';
const anna = DEMO_LOGINS.find((login) => login.email.startsWith('anna'))!; // German profile

/** What a script injected through a message would set. */
const XSS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=2</script>',
  '<a href="javascript:window.__xss=3">klick</a>',
  '<svg onload="window.__xss=4"></svg>',
  '"><iframe srcdoc="<script>parent.__xss=5</script>"></iframe>',
];

/** Rules a careless or hostile site might have: nothing of it may reach into the widget. */
const HOSTILE_CSS = `
  body * { display: none !important; color: red !important; font-size: 40px !important;
           visibility: hidden !important; opacity: 0.2 !important; transform: rotate(8deg) !important; }
  div, button, textarea, span, p, form { all: unset !important; border: 6px solid red !important;
           background: yellow !important; width: 3px !important; height: 3px !important; }
  html { font-size: 40px !important; }
  body { font-family: 'Comic Sans MS', cursive !important; line-height: 4 !important; }
`;

let t: TestServer;
let site: http.Server;
let siteUrl: string;
let browser: Browser;
let adminToken: string;
let inboxId: string;
const contexts: BrowserContext[] = [];

function sitePage(title: string, css = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:Georgia,serif;margin:0;background:#fafaf9}main{max-width:720px;margin:0 auto;padding:48px 24px}
h1{font-size:32px;margin:0 0 12px}p{color:#44403c;line-height:1.6}${css}</style>
<script src="${t.url}/widget.js" data-inbox="${inboxId}" async></script></head>
<body><main><h1>Musterfirma Shop</h1><p>Schöne Dinge für Haus und Garten. Fragen? Schreiben Sie uns unten rechts.</p>
<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.</p></main></body></html>`;
}

beforeAll(async () => {
  await ensureAgentBuilt({ quiet: true });
  await ensureWidgetBuilt({ quiet: true });
  t = await startTestServer(database, { SOFORTDESK_DEMO: 'on', SOFORTDESK_LOGIN_RATE_LIMIT: '1000' });
  const repos = t.server.useCases.uow.repos;
  const admin = (await repos.users.findForLogin(DEMO_LOGINS[0]!.email))!;
  const agent = (await repos.users.findForLogin(anna.email))!;
  adminToken = (
    await t.server.auth.createApiToken(
      { userId: admin.id, accountId: admin.accountId, role: 'admin', inboxIds: [] },
      'widget test',
    )
  ).token;

  // The customer's site: another origin (another port on the loopback).
  site = http.createServer((request, response) => {
    const hostile = request.url?.startsWith('/hostile');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(sitePage(hostile ? 'Hostile shop' : 'Shop', hostile ? HOSTILE_CSS : ''));
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

  const created = await api(t.url, adminToken, 'POST', '/api/v1/inboxes', {
    name: 'Musterfirma Shop',
    channel: 'webchat',
    language: 'de',
    agentIds: [agent.id],
    allowedOrigins: [siteUrl],
    greeting: { de: 'Hallo! Wie können wir helfen?', en: 'Hi there! How can we help?' },
    preChatForm: false,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  inboxId = created.body.id;
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await new Promise((resolve) => site?.close(resolve));
  await t?.close();
  await database.drop();
});

async function newContext(locale: string): Promise<BrowserContext> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  return context;
}

async function visit(context: BrowserContext, pagePath = '/'): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/ERR_INTERNET_DISCONNECTED|net::/.test(message.text()))
      errors.push(message.text());
  });
  await page.goto(siteUrl + pagePath);
  await widget(page).locator('.launcher').waitFor();
  return { page, errors };
}

type PageWindow = { getComputedStyle(element: unknown): Record<string, string> };
/** The widget's shadow root, as an expression evaluated in the page. */
const SHADOW = "document.querySelector('sofortdesk-widget').shadowRoot";
const widget = (page: Page) => page.locator('sofortdesk-widget');
const bubbles = (page: Page, direction?: 'in' | 'out') =>
  widget(page).locator(direction ? `.msg[data-direction="${direction}"]:not([data-greeting])` : '.msg');
const bubble = (page: Page, text: string) => widget(page).locator('.msg').filter({ hasText: text });

async function write(page: Page, text: string, label: string): Promise<void> {
  const input = widget(page).getByLabel(label);
  await input.fill(text);
  await input.press('Enter');
}

async function loginAgent(page: Page): Promise<void> {
  await page.goto(t.url);
  await page.getByLabel('E-Mail').fill(anna.email);
  await page.getByLabel('Passwort', { exact: true }).fill(anna.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('listbox').waitFor();
  await page.locator('[data-realtime="live"]').waitFor();
}

async function storedTexts(conversationId: string): Promise<string[]> {
  const result = await api(
    t.url,
    adminToken,
    'GET',
    `/api/v1/conversations/${conversationId}/messages?limit=200`,
  );
  expect(result.status).toBe(200);
  return (result.body.items as { text: string }[]).map((m) => m.text);
}

describe('the chat widget', () => {
  let visitor: BrowserContext;
  let conversationId: string;

  it('is served to other sites: JavaScript, cross-origin, revalidated, within its size budget', async () => {
    const response = await fetch(`${t.url}/widget.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const etag = response.headers.get('etag')!;
    expect(etag).toBeTruthy();
    await response.arrayBuffer();
    const again = await fetch(`${t.url}/widget.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const size = JSON.parse(fs.readFileSync('apps/widget/dist/size.json', 'utf8'));
    expect(size.gzipBytes).toBeLessThanOrEqual(35 * 1024);
  });

  it('lets a visitor chat with an agent, live both ways (German)', async () => {
    visitor = await newContext('de-DE');
    const { page, errors } = await visit(visitor);
    // Nothing leaks onto the page but window.Sofortdesk.
    expect(await page.evaluate('typeof window.Sofortdesk?.identify')).toBe('function');
    const launcher = widget(page).getByRole('button', { name: 'Chat öffnen' });
    await launcher.click();
    const dialog = widget(page).getByRole('dialog');
    await dialog.waitFor();
    await bubble(page, 'Hallo! Wie können wir helfen?').waitFor();
    // Focus is in the composer; Esc closes and returns focus to the launcher.
    expect(await page.evaluate(`${SHADOW}.activeElement?.id`)).toBe('sofortdesk-input');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    // Focus comes back to the launcher once the dialog has gone; that may take a frame.
    await expect.poll(() => page.evaluate(`${SHADOW}.activeElement?.className`)).toBe('launcher');
    await launcher.click();

    // The visitor types (agents are told) and writes.
    const typing = page.waitForRequest((r) => r.url().endsWith('/typing') && r.method() === 'POST');
    const posted = page.waitForResponse(
      (r) => r.url().endsWith('/messages') && r.request().method() === 'POST',
    );
    await write(page, 'Hallo, wo ist meine Bestellung 4711?', 'Ihre Nachricht');
    await typing;
    const response = await posted;
    expect(response.status()).toBe(201);
    conversationId = ((await response.json()) as { conversationId: string }).conversationId;
    await bubble(page, 'Bestellung 4711').and(widget(page).locator('[data-state="sent"]')).waitFor();

    // The agent, in the agent workspace of another browser context.
    const agentContext = await newContext('de-DE');
    const agentPage = await agentContext.newPage();
    await loginAgent(agentPage);
    await agentPage.goto(`${t.url}/conversations/${conversationId}`);
    const agentSees = (text: string) => agentPage.locator('#conversation .message').filter({ hasText: text });
    await agentSees('Bestellung 4711').waitFor();

    // The agent types (over the API: the workspace sends no typing yet), the visitor sees it.
    await api(t.url, adminToken, 'POST', `/api/v1/conversations/${conversationId}/typing`, { typing: true });
    await widget(page).getByText('Das Team schreibt …').waitFor({ timeout: 1000 });

    let started = Date.now();
    await agentPage
      .getByLabel('Antwort an den Kunden')
      .fill('Guten Tag! Ihr Paket ist unterwegs und kommt morgen.');
    await agentPage.getByRole('button', { name: 'Antwort senden' }).click();
    await bubble(page, 'Ihr Paket ist unterwegs').waitFor({ timeout: 1000 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await widget(page).getByText('Das Team schreibt …').count()).toBe(0);

    started = Date.now();
    await write(page, 'Super, vielen Dank!', 'Ihre Nachricht');
    await agentSees('Super, vielen Dank!').waitFor({ timeout: 1000 });
    expect(Date.now() - started).toBeLessThan(1000);
    await bubble(page, 'Super, vielen Dank!').and(widget(page).locator('[data-state="sent"]')).waitFor();

    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'widget-de.png') });
    await agentContext.close();
    expect(errors).toEqual([]);
  });

  it('keeps the chat after a reload and in a new tab', async () => {
    const { page } = await visit(visitor);
    // A new tab of the same browser: the stored session is resumed with its history.
    await widget(page).getByRole('button', { name: 'Chat öffnen' }).click();
    await bubble(page, 'Bestellung 4711').waitFor();
    await bubble(page, 'Ihr Paket ist unterwegs').waitFor();
    await page.reload();
    await widget(page).getByRole('button', { name: 'Chat öffnen' }).click();
    await bubble(page, 'Super, vielen Dank!').waitFor();
    expect(await bubbles(page, 'in').count()).toBe(2);
    expect(await bubbles(page, 'out').count()).toBe(1);

    // Still live after the reload: the agent's next reply arrives.
    await api(t.url, adminToken, 'POST', `/api/v1/conversations/${conversationId}/messages`, {
      text: 'Gern geschehen!',
    });
    await bubble(page, 'Gern geschehen!').waitFor({ timeout: 1000 });
    await page.close();
  });

  it('sends a message written offline exactly once when the connection returns', async () => {
    const { page } = await visit(visitor);
    await widget(page).getByRole('button', { name: 'Chat öffnen' }).click();
    await bubble(page, 'Gern geschehen!').waitFor();
    await visitor.setOffline(true);
    await write(page, 'Ich war kurz offline.', 'Ihre Nachricht');
    const queued = bubble(page, 'Ich war kurz offline.');
    await queued.waitFor();
    expect(await queued.getAttribute('data-state')).toBe('pending');
    await queued.getByText('Wird gesendet, sobald Sie wieder online sind').waitFor();
    await page.waitForTimeout(500);
    expect(
      (await storedTexts(conversationId)).filter((text) => text === 'Ich war kurz offline.'),
    ).toHaveLength(0);

    await visitor.setOffline(false);
    await expect.poll(() => queued.getAttribute('data-state'), { timeout: 5000 }).toBe('sent');
    await page.waitForTimeout(1000);
    expect(
      (await storedTexts(conversationId)).filter((text) => text === 'Ich war kurz offline.'),
    ).toHaveLength(1);
    expect(await bubble(page, 'Ich war kurz offline.').count()).toBe(1);
    // A reload re-reads the outbox: it is empty, nothing is sent again.
    await page.reload();
    await widget(page).getByRole('button', { name: 'Chat öffnen' }).click();
    await bubble(page, 'Ich war kurz offline.').waitFor();
    await page.waitForTimeout(500);
    expect(
      (await storedTexts(conversationId)).filter((text) => text === 'Ich war kurz offline.'),
    ).toHaveLength(1);
    await page.close();
  });

  it("shows English, survives the site's CSS, and renders HTML in messages as text", async () => {
    const context = await newContext('en-US');
    const { page, errors } = await visit(context);
    await widget(page).getByRole('button', { name: 'Open chat' }).click();
    await bubble(page, 'Hi there! How can we help?').waitFor();
    const posted = page.waitForResponse(
      (r) => r.url().endsWith('/messages') && r.request().method() === 'POST',
    );
    await write(page, 'Hello! Can I change my delivery address?', 'Your message');
    const { conversationId: conversation } = (await (await posted).json()) as { conversationId: string };
    await api(t.url, adminToken, 'POST', `/api/v1/conversations/${conversation}/messages`, {
      text: 'Of course – just reply with the new address and we will update it.',
    });
    await bubble(page, 'just reply with the new address').waitFor();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'widget-en.png') });

    // XSS, from the visitor and from the agent: shown as text, nothing runs.
    for (const attack of XSS) await write(page, attack, 'Your message');
    for (const attack of XSS) {
      await api(t.url, adminToken, 'POST', `/api/v1/conversations/${conversation}/messages`, {
        text: attack,
      });
    }
    await expect.poll(() => bubble(page, '<svg onload').count()).toBe(2);
    await expect.poll(() => widget(page).locator('.msg[data-state="sent"]').count()).toBe(2 + 2 * XSS.length);
    await page.waitForTimeout(300);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    const injected = await page.evaluate(
      `${SHADOW}.querySelectorAll('.bubble img, .bubble script, .bubble svg, .bubble iframe, a[href^="javascript"]').length`,
    );
    expect(injected).toBe(0);
    expect(await bubble(page, '<img src=x onerror="window.__xss=1">').count()).toBe(2);

    // The hostile site: the widget looks and works the same.
    const hostile = await context.newPage();
    hostile.on('pageerror', (error) => errors.push(error.message));
    await hostile.goto(`${siteUrl}/hostile`);
    const launcher = widget(hostile).getByRole('button', { name: 'Open chat' });
    await launcher.waitFor();
    const box = (await launcher.boundingBox())!;
    expect(box.width).toBeCloseTo(60, 0);
    expect(box.x + box.width).toBeCloseTo(1280 - 20, 0);
    await launcher.click();
    const dialog = widget(hostile).getByRole('dialog');
    await dialog.waitFor();
    const frame = (await dialog.boundingBox())!;
    expect(frame.width).toBeCloseTo(380, 0);
    expect(frame.height).toBeGreaterThan(400);
    await bubble(hostile, 'just reply with the new address').waitFor();
    const look = await bubble(hostile, 'just reply with the new address')
      .locator('.bubble')
      .evaluate((element) => {
        const style = (globalThis as unknown as PageWindow).getComputedStyle(element);
        return {
          color: style.color,
          fontSize: style.fontSize,
          visibility: style.visibility,
          opacity: style.opacity,
        };
      });
    expect(look).toEqual({ color: 'rgb(17, 24, 39)', fontSize: '15px', visibility: 'visible', opacity: '1' });
    await write(hostile, 'Written on the hostile page', 'Your message');
    await bubble(hostile, 'Written on the hostile page')
      .and(widget(hostile).locator('[data-state="sent"]'))
      .waitFor();
    await hostile.screenshot({ path: path.join(os.tmpdir(), 'sofortdesk-widget-hostile.png') });
    expect(await hostile.evaluate('window.__xss')).toBeUndefined();
    expect(errors).toEqual([]);
  });
});
