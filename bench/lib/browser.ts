/**
 * The browser phase of `npm run bench`: what an agent's and a visitor's browser pay, measured in
 * Debian's Chromium (playwright-core, the flags of tests/browser/chromium.ts) against a real server
 * (child process, SQLite).
 *
 *  a. The widget's bundle, gzipped (apps/widget/dist/size.json, written by its build).
 *  b. The agent app's JavaScript loaded before its first screen (the login form), and before the
 *     workspace's list after signing in: the files the browser asked for, gzipped here (level 9).
 *  c. The inbox with N conversations (seeded through the repositories): time until the first rows
 *     show after a page load, then the list scrolled from top to bottom in fixed steps, one per
 *     animation frame, with every frame's duration recorded by requestAnimationFrame. Beside it the
 *     same scroll over a plain, non-virtualised list of N rows (the same row markup and CSS, rendered
 *     by the same React in the same browser, all rows in the DOM: bench/browser/).
 *  d. Opening a conversation with M messages: from the click on its row until its newest message is
 *     visible on screen (IntersectionObserver, so clipping by the timeline's scroller counts). Floor:
 *     the same browser fetching and parsing the one page of newest messages a timeline needs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { connect, KyselyUnitOfWork } from '@sofortdesk/db';
import type { Clock } from '@sofortdesk/domain';
import { ensureAgentBuilt, AGENT_DIST } from '../../apps/agent/bin/build.ts';
import { ensureWidgetBuilt, WIDGET_DIST, type WidgetSize } from '../../apps/widget/bin/build.ts';
import { launchChromium } from '../../tests/browser/chromium.ts';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  createApiInbox,
  freePort,
  REPO_ROOT,
  startServerProcess,
  type ServerProcess,
} from './server-process.ts';
import { databaseConfigOf } from './tenancy.ts';

export interface JsLoad {
  files: string[];
  bytes: number;
  gzipBytes: number;
}

export interface FrameStats {
  /** Frames while the list moved (a step that could not move, waiting for the next page, is not one). */
  frames: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Frames longer than 50 ms (a visible stutter). */
  longFrames: number;
  /** Frames spent at the end of the loaded rows, waiting for the next page. */
  waitingFrames: number;
  /** From the first step until the last row was on screen. */
  totalMs: number;
  /** Whether the bottom was reached within the time limit. */
  reachedEnd: boolean;
  /** How far down the list the scroll got (1: the bottom). */
  share: number;
  /** The most rows the DOM held at once. */
  maxRowsInDom: number;
}

export interface ScrollRun {
  /** After a page load, until the first row is in the DOM (performance.now(): from navigation start). */
  firstRowsMs: number;
  scroll: FrameStats;
}

export interface BrowserResult {
  chromium: string;
  widget: WidgetSize;
  agentJs: { firstScreen: JsLoad; workspace: JsLoad };
  conversations: number;
  stepPx: number;
  app: ScrollRun;
  baseline: ScrollRun;
  messages: number;
  openMs: number[];
  floorMs: number[];
}

export interface BrowserOptions {
  workDir: string;
  conversations: number;
  messages: number;
  runs: number;
  log: (line: string) => void;
  track: (server: ServerProcess) => ServerProcess;
}

/** Pixels scrolled per animation frame: ten rows of the list (a brisk scroll, not a fling). */
const STEP_PX = 640;
const SCROLL_LIMIT_MS = 120_000;
/** The plain list is slow by design: this long gives it enough frames to compare, and the run ends. */
const BASELINE_LIMIT_MS = 45_000;
const BASELINE_ORIGIN = 'http://baseline.bench.invalid';
const NEWEST = 'Neueste Nachricht (bench)';

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
export const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

// ---- seeding ----

/**
 * N conversations in one API inbox, written through the repositories: every other one waits (since
 * its own moment), the rest were answered. Plus one conversation of M messages that waits longest,
 * so it is the first row.
 */
async function seed(
  databaseUrl: string,
  inboxId: string,
  conversations: number,
  messages: number,
): Promise<{ bigId: string }> {
  const connection = await connect(databaseConfigOf(databaseUrl));
  try {
    const { account_id: accountId } = await connection.db
      .selectFrom('inboxes')
      .select('account_id')
      .where('id', '=', inboxId)
      .executeTakeFirstOrThrow();
    const start = Date.now() - (conversations + messages + 10) * 1000;
    let tick = 0;
    const clock: Clock = { now: () => new Date(start + ++tick * 1000) };
    const uow = new KyselyUnitOfWork(connection, clock);
    const at = () => clock.now().toISOString();

    const bigId = await uow.transaction(async (repos) => {
      const contact = await repos.contacts.create({
        accountId,
        name: 'Lange Geschichte',
        email: null,
        phone: null,
        language: 'de',
      });
      const first = at();
      const conversation = await repos.conversations.create({
        accountId,
        inboxId,
        contactId: contact.id,
        language: 'de',
        at: first,
      });
      let last = first;
      for (let i = 1; i <= messages; i++) {
        const inbound = i % 2 === 1 || i === messages;
        last = at();
        await repos.messages.create({
          accountId,
          inboxId,
          conversationId: conversation.id,
          direction: inbound ? 'in' : 'out',
          kind: 'text',
          authorType: inbound ? 'contact' : 'user',
          authorId: inbound ? contact.id : null,
          text:
            i === messages ? NEWEST : `Nachricht ${i}: ${'Lorem ipsum dolor sit amet. '.repeat(1 + (i % 4))}`,
          externalId: null,
          attachments: [],
          at: last,
        });
      }
      await repos.conversations.update(accountId, conversation.id, {
        lastMessageAt: last,
        waitingSince: first,
      });
      return conversation.id;
    });

    for (let done = 0; done < conversations;) {
      const batch = Math.min(1000, conversations - done);
      await uow.transaction(async (repos) => {
        for (let i = done; i < done + batch; i++) {
          const contact = await repos.contacts.create({
            accountId,
            name: `Kundin ${i + 1}`,
            email: null,
            phone: null,
            language: 'de',
          });
          const created = at();
          const conversation = await repos.conversations.create({
            accountId,
            inboxId,
            contactId: contact.id,
            language: 'de',
            at: created,
          });
          await repos.conversations.update(accountId, conversation.id, {
            waitingSince: i % 2 === 0 ? created : null,
            ...(i % 7 === 0 && { priority: 'high' as const }),
          });
        }
      });
      done += batch;
    }
    return { bigId };
  } finally {
    await connection.close();
  }
}

// ---- measuring in the page (bench/browser/probes.js) ----

const PROBES = path.join(REPO_ROOT, 'bench/browser/probes.js');

/** Calls window.__bench[name](args) in the page: plain JavaScript, whatever compiles this file. */
const probe = <T>(page: Page, name: 'scroll' | 'open' | 'fetchJson', args: unknown): Promise<T> =>
  page.evaluate<T>(`window.__bench.${name}(${JSON.stringify(args)})`);

async function firstRows(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.locator('[role="option"]').first().waitFor({ timeout: 30_000 });
  return page.evaluate<number>('window.__firstRowAt');
}

async function scroll(page: Page, expected: number, limitMs: number): Promise<FrameStats> {
  const raw = await probe<{
    moving: number[];
    waitingFrames: number;
    totalMs: number;
    reachedEnd: boolean;
    maxRowsInDom: number;
    share: number;
  }>(page, 'scroll', { step: STEP_PX, expected, limitMs });
  const sorted = [...raw.moving].sort((a, b) => a - b);
  return {
    frames: sorted.length,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    maxMs: sorted.at(-1) ?? NaN,
    longFrames: sorted.filter((ms) => ms > 50).length,
    waitingFrames: raw.waitingFrames,
    totalMs: raw.totalMs,
    reachedEnd: raw.reachedEnd,
    share: raw.share,
    maxRowsInDom: raw.maxRowsInDom,
  };
}

// ---- the phase ----

const gzipOf = (file: string) => gzipSync(fs.readFileSync(file), { level: 9 }).length;

function jsLoad(urls: Set<string>): JsLoad {
  const files = [...urls].map((url) => new URL(url).pathname).sort();
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const local = path.join(AGENT_DIST, file);
    bytes += fs.statSync(local).size;
    gzipBytes += gzipOf(local);
  }
  return { files, bytes, gzipBytes };
}

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('input[type="email"]').fill(ADMIN_EMAIL);
  await page.locator('input[type="password"]').fill(ADMIN_PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await page.getByRole('listbox').waitFor();
}

/** Builds the plain list (bench/browser/index.html) with the agent app's Vite setup. */
async function buildBaseline(outDir: string): Promise<void> {
  const { build } = await import('vite');
  const { default: react } = await import('@vitejs/plugin-react');
  await build({
    root: path.join(REPO_ROOT, 'bench/browser'),
    configFile: false,
    base: '/',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, target: 'es2022', modulePreload: { polyfill: false } },
  });
}

async function baselineRun(browser: Browser, outDir: string, rows: number): Promise<ScrollRun> {
  // The app's main stylesheet, as its index.html names it (lazy areas bring stylesheets of their own).
  const css = /assets\/([^"]+\.css)/.exec(fs.readFileSync(path.join(AGENT_DIST, 'index.html'), 'utf8'))?.[1];
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'de-DE' });
  try {
    await context.route(`${BASELINE_ORIGIN}/**`, async (route) => {
      const { pathname } = new URL(route.request().url());
      const file =
        pathname === '/agent.css' && css
          ? path.join(AGENT_DIST, 'assets', css)
          : path.join(outDir, pathname === '/' ? 'index.html' : pathname);
      if (!file.startsWith(outDir) && !file.startsWith(AGENT_DIST)) return route.abort();
      if (!fs.existsSync(file)) return route.fulfill({ status: 404, body: '' });
      const type = file.endsWith('.js')
        ? 'text/javascript'
        : file.endsWith('.css')
          ? 'text/css'
          : 'text/html';
      await route.fulfill({ status: 200, contentType: type, body: fs.readFileSync(file) });
    });
    const page = await context.newPage();
    await page.addInitScript({ path: PROBES });
    const firstRowsMs = await firstRows(page, `${BASELINE_ORIGIN}/?rows=${rows}`);
    await page.locator(`[role="option"][aria-posinset="${rows}"]`).waitFor({ state: 'attached' });
    return { firstRowsMs, scroll: await scroll(page, rows, BASELINE_LIMIT_MS) };
  } finally {
    await context.close();
  }
}

export async function runBrowser(options: BrowserOptions): Promise<BrowserResult> {
  const { log } = options;
  log('browser: building the agent app and the widget when stale');
  await ensureAgentBuilt({ quiet: true });
  await ensureWidgetBuilt({ quiet: true });
  const widget = JSON.parse(fs.readFileSync(path.join(WIDGET_DIST, 'size.json'), 'utf8')) as WidgetSize;
  const baselineDir = path.join(options.workDir, 'browser-baseline');
  await buildBaseline(baselineDir);

  const databaseUrl = `sqlite:${path.join(options.workDir, 'browser.sqlite')}`;
  const server = options.track(await startServerProcess({ port: await freePort(), databaseUrl }));
  const browser = await launchChromium();
  try {
    const inboxId = await createApiInbox(server.url, 'Bench browser');
    log(`browser: seeding ${options.conversations} conversations and one of ${options.messages} messages`);
    const { bigId } = await seed(databaseUrl, inboxId, options.conversations, options.messages);

    // b. JavaScript before the first screen, and before the workspace's list after signing in.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'de-DE' });
    const page = await context.newPage();
    const js = new Set<string>();
    page.on('request', (request) => {
      if (request.resourceType() === 'script' && request.url().startsWith(server.url)) js.add(request.url());
    });
    await page.goto(server.url);
    await page.locator('input[type="email"]').waitFor();
    const firstScreen = jsLoad(js);
    await signIn(page, server.url);
    const workspace = jsLoad(js);
    log(`browser: initial JS ${firstScreen.gzipBytes} B gzip (${firstScreen.files.length} files)`);

    // c. The inbox: first rows after a load, then top to bottom.
    await page.addInitScript({ path: PROBES });
    const firstRowsMs = await firstRows(page, server.url);
    log('browser: scrolling the inbox');
    const app = { firstRowsMs, scroll: await scroll(page, options.conversations + 1, SCROLL_LIMIT_MS) };
    log(
      `browser: app p50/p95 ${app.scroll.p50Ms.toFixed(1)}/${app.scroll.p95Ms.toFixed(1)} ms, ${app.scroll.longFrames} long frames`,
    );
    log('browser: scrolling the plain list');
    const baseline = await baselineRun(browser, baselineDir, options.conversations + 1);
    log(
      `browser: plain list p50/p95 ${baseline.scroll.p50Ms.toFixed(1)}/${baseline.scroll.p95Ms.toFixed(1)} ms, first rows after ${baseline.firstRowsMs.toFixed(0)} ms`,
    );

    // d. Opening the long conversation, each time on a freshly loaded page (nothing cached in the app).
    const openMs: number[] = [];
    const floorMs: number[] = [];
    const floorUrl = `/api/v1/conversations/${bigId}/messages?order=newest&limit=100`;
    for (let run = 0; run < options.runs; run++) {
      await page.goto(server.url);
      await page.locator(`[role="option"][data-conversation-id="${bigId}"]`).waitFor();
      await page.waitForTimeout(300);
      floorMs.push(await probe<number>(page, 'fetchJson', floorUrl));
      openMs.push(await probe<number>(page, 'open', { id: bigId, newest: NEWEST }));
    }
    log(`browser: open ${options.messages} messages median ${median(openMs).toFixed(0)} ms`);
    await context.close();
    return {
      chromium: browser.version(),
      widget,
      agentJs: { firstScreen, workspace },
      conversations: options.conversations,
      stepPx: STEP_PX,
      app,
      baseline,
      messages: options.messages,
      openMs,
      floorMs,
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}
