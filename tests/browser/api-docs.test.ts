import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createTestDatabase } from '@sofortdesk/testing';
import { startTestServer, type TestServer } from '../support/server.ts';
import { launchChromium } from './chromium.ts';

const database = createTestDatabase('sqlite');
let t: TestServer;
let browser: Browser;

beforeAll(async () => {
  t = await startTestServer(database);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await database.drop();
});

it('renders the API documentation from local assets, with every endpoint', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const external: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(t.url)) external.push(request.url());
  });
  await page.goto(`${t.url}/api/docs`);
  await page.waitForSelector('.opblock');
  const document = (await (await fetch(`${t.url}/api/openapi.json`)).json()) as {
    paths: Record<string, object>;
  };
  const operations = Object.values(document.paths).reduce((n, item) => n + Object.keys(item).length, 0);
  expect(await page.locator('.opblock').count()).toBe(operations);
  expect(await page.locator('.information-container .title').first().textContent()).toContain(
    'Sofortdesk API',
  );
  expect(external).toEqual([]);
  fs.mkdirSync('docs/screenshots', { recursive: true });
  await page.screenshot({ path: path.join('docs/screenshots', 'api-docs.png') });
});
