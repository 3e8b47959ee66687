/**
 * The XSS corpus in Debian's Chromium: every payload is sent by a visitor through the real widget on
 * a customer's site, and again as an agent's reply, and is rendered in the widget and in the agent
 * workspace. Each payload would set `window.__xss` (or open a dialog, or load something) if any of it
 * ran; none may. Payloads stay visible as the text that was sent, and the safe markdown subset still
 * works: an https link is a link, with rel="noopener noreferrer".
 * Builds apps/agent and apps/widget first when their sources changed (as `npm start` does).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_LOGINS } from '@sofortdesk/server';
import { createTestDatabase } from '@sofortdesk/testing';
import { ensureAgentBuilt } from '../../apps/agent/bin/build.ts';
import { ensureWidgetBuilt } from '../../apps/widget/bin/build.ts';
import { api, startTestServer, type TestServer } from '../support/server.ts';
import { launchChromium } from './chromium.ts';

const database = createTestDatabase('sqlite');
const anna = DEMO_LOGINS.find((login) => login.email.startsWith('anna'))!;

/** A payload and the text of it a reader must see (by default, all of it). */
interface Attack {
  name: string;
  payload: string;
  visible?: string;
}

const BIG = '<img src=x onerror="window.__xss=99">'.repeat(280); // about 10 KB

const CORPUS: Attack[] = [
  { name: 'script tag', payload: '<script>window.__xss=1</script>' },
  { name: 'img onerror', payload: '<img src=x onerror="window.__xss=2">' },
  { name: 'svg onload', payload: '<svg onload="window.__xss=3"><circle r="9"/></svg>' },
  { name: 'iframe srcdoc', payload: '<iframe srcdoc="<script>parent.__xss=4</script>"></iframe>' },
  { name: 'html javascript link', payload: '<a href="javascript:window.__xss=5">klick</a>' },
  { name: 'markdown javascript link', payload: '[Gutschein](javascript:window.__xss=6)' },
  { name: 'markdown javascript link, mixed case', payload: '[Gutschein](JaVaScRiPt:window.__xss=7)' },
  {
    name: 'markdown javascript link, tab inside',
    payload: '[Gutschein](java\tscript:window.__xss=8)',
  },
  {
    name: 'markdown data link',
    payload: '[Rechnung](data:text/html,<script>window.__xss=9</script>)',
  },
  {
    name: 'markdown vbscript link',
    payload: '[x](vbscript:window.__xss=10)',
  },
  {
    name: 'html entities',
    payload: '&lt;img src=x onerror=window.__xss=11&gt; &#60;script&#62;window.__xss=11&#60;/script&#62;',
  },
  {
    name: 'nested brackets',
    payload: '[[x](javascript:window.__xss=12)](https://example.com/ok)',
    visible: '[x](javascript:window.__xss=12)',
  },
  {
    name: 'emphasis around markup',
    payload: '**<img src=x onerror="window.__xss=13">** _<svg onload=window.__xss=13>_',
    visible: '<img src=x onerror="window.__xss=13">',
  },
  {
    name: 'code around markup',
    payload: '`<script>window.__xss=14</script>`',
    visible: '<script>window.__xss=14</script>',
  },
  {
    name: 'style injection',
    payload:
      '<style>*{display:none!important} body{background:url("javascript:window.__xss=15")}</style><div style="position:fixed;inset:0">x</div>',
  },
  {
    name: 'unicode bidi override',
    payload: 'Rechnung\u202Efdp.exe\u202C <img src=x onerror=window.__xss=16>',
  },
  {
    name: 'mutation xss',
    payload:
      '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=17></style></mglyph></table></mtext></math>',
  },
  {
    name: 'details ontoggle',
    payload: '<details open ontoggle="window.__xss=18"><summary>x</summary></details>',
  },
  { name: '10 KB payload', payload: BIG, visible: BIG.slice(0, 200) },
];
const SAFE = 'Hier entlang: [Hilfe-Center](https://example.com/hilfe) **fett**';

let t: TestServer;
let site: http.Server;
let siteUrl: string;
let browser: Browser;
let adminToken: string;
let inboxId: string;
const contexts: BrowserContext[] = [];

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
      'xss test',
    )
  ).token;
  site = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Shop</title>
<script src="${t.url}/widget.js" data-inbox="${inboxId}" async></script></head>
<body><main><h1>Musterfirma Shop</h1></main></body></html>`);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  const created = await api(t.url, adminToken, 'POST', '/api/v1/inboxes', {
    name: 'Musterfirma Shop',
    channel: 'webchat',
    language: 'de',
    agentIds: [agent.id],
    allowedOrigins: [siteUrl],
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

/** A page that records whatever a payload could make it do: errors, dialogs, requests elsewhere. */
async function watchedPage(locale: string): Promise<{ page: Page; incidents: string[] }> {
  const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const incidents: string[] = [];
  page.on('pageerror', (error) => incidents.push(`error: ${error.message}`));
  page.on('dialog', (dialog) => {
    incidents.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  const allowed = [t.url, siteUrl].flatMap((origin) => [origin, origin.replace(/^http/, 'ws')]);
  page.on('request', (request) => {
    const url = request.url();
    const known = allowed.some((origin) => url.startsWith(`${origin}/`) || url === origin);
    // <img src=x> rendered as markup would fetch "x" from the page's own origin. Only the path counts:
    // a payload the visitor typed travels, encoded, in the query of the suggestions request, as data.
    const { pathname, protocol } = new URL(url);
    if (!known || /\/x$|__xss/i.test(pathname) || protocol === 'javascript:')
      incidents.push(`request: ${url}`);
  });
  return { page, incidents };
}

/** Whatever a payload would have set (code as text: this file is type-checked without the DOM's types). */
const canary = (page: Page) =>
  page.evaluate("window.__xss ?? parent.__xss ?? document.querySelector('[data-xss]')");

describe('the XSS corpus', () => {
  it(`stays inert in the widget and the agent workspace (${CORPUS.length} payloads, both directions)`, async () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(15);
    expect(BIG.length).toBeGreaterThanOrEqual(10_000);

    // The visitor sends every payload through the real widget.
    const visitor = await watchedPage('de-DE');
    await visitor.page.goto(siteUrl);
    const widget = visitor.page.locator('sofortdesk-widget');
    await widget.getByRole('button', { name: 'Chat öffnen' }).click();
    const input = widget.getByLabel('Ihre Nachricht');
    for (const attack of [...CORPUS.map((a) => a.payload), SAFE]) {
      await input.fill(attack);
      await input.press('Enter');
    }
    const sent = widget.locator('.msg[data-direction="in"][data-state="sent"]');
    await expect.poll(() => sent.count(), { timeout: 15_000 }).toBe(CORPUS.length + 1);

    // ...and an agent answers with every payload too.
    const list = await api(t.url, adminToken, 'GET', `/api/v1/conversations?inboxId=${inboxId}`);
    const conversationId = list.body.items[0].id as string;
    for (const attack of [...CORPUS.map((a) => a.payload), SAFE]) {
      const reply = await api(t.url, adminToken, 'POST', `/api/v1/conversations/${conversationId}/messages`, {
        text: attack,
      });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    }
    const answers = widget.locator('.msg[data-direction="out"]:not([data-greeting])');
    await expect.poll(() => answers.count(), { timeout: 15_000 }).toBe(CORPUS.length + 1);

    // The agent workspace shows the whole conversation.
    const agent = await watchedPage('de-DE');
    await agent.page.goto(`${t.url}/conversations/${conversationId}`);
    await agent.page.getByLabel('E-Mail').fill(anna.email);
    await agent.page.getByLabel('Passwort', { exact: true }).fill(anna.password);
    await agent.page.getByRole('button', { name: 'Anmelden' }).click();
    // Event lines (routing's reasons) are the system's, not the conversation's messages.
    const texts = agent.page.locator('#conversation .message:not(.message--event) .message__text');
    await expect.poll(() => texts.count(), { timeout: 10_000 }).toBe(2 * (CORPUS.length + 1));

    // Give anything that would run the time to run.
    await agent.page.waitForTimeout(500);
    for (const { page, incidents } of [visitor, agent]) {
      expect(await canary(page)).toBeNull();
      expect(await page.evaluate('document.body.innerText.length')).toBeGreaterThan(0);
      expect(incidents).toEqual([]);
    }
    expect(
      await widget
        .locator('.bubble script, .bubble img, .bubble iframe, .bubble svg, .bubble style, .bubble [style]')
        .count(),
    ).toBe(0);
    expect(
      await agent.page
        .locator(
          '#conversation .message__text :is(script, img, iframe, svg, style, math, details, [style], [onerror], [onload])',
        )
        .count(),
    ).toBe(0);

    // Every payload is visible as the text that was sent, twice (the visitor's and the agent's).
    const agentTexts = await texts.allTextContents();
    const widgetTexts = await widget.locator('.msg:not([data-greeting]) .bubble').allTextContents();
    for (const attack of CORPUS) {
      const visible = attack.visible ?? attack.payload;
      expect(agentTexts.filter((text) => text.includes(visible)).length, attack.name).toBe(2);
      expect(widgetTexts.filter((text) => text.includes(visible)).length, attack.name).toBe(2);
    }

    // No link but the safe ones: https, in a new tab, without handing over the page.
    for (const links of [agent.page.locator('#conversation .message__text a'), widget.locator('.bubble a')]) {
      const found = await Promise.all(
        (await links.all()).map((a) =>
          Promise.all([a.getAttribute('href'), a.getAttribute('rel'), a.getAttribute('target')]),
        ),
      );
      expect(found.length).toBeGreaterThanOrEqual(4);
      for (const [href, rel, target] of found) {
        expect(href).toMatch(/^https:\/\/example\.com\//);
        expect(rel).toContain('noopener');
        expect(rel).toContain('noreferrer');
        expect(target).toBe('_blank');
      }
    }
    expect(
      await agent.page.locator('#conversation .message__text a', { hasText: 'Hilfe-Center' }).count(),
    ).toBe(2);
    expect(await agent.page.locator('#conversation .message__text strong', { hasText: 'fett' }).count()).toBe(
      2,
    );
    expect(await widget.locator('.bubble a', { hasText: 'Hilfe-Center' }).count()).toBe(2);

    // The stored text is the text sent: escaping is the renderer's job, not a mangled database.
    const stored = await api(
      t.url,
      adminToken,
      'GET',
      `/api/v1/conversations/${conversationId}/messages?limit=200`,
    );
    expect((stored.body.items as { text: string }[]).map((m) => m.text)).toContain(BIG);
    await visitor.page.screenshot({ path: '/tmp/xss-widget.png' });
    await agent.page.screenshot({ path: '/tmp/xss-agent.png' });
  });
});
