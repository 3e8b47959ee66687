/**
 * What the workspace browser tests share: a server with the demo company (its agents log in with
 * the demo passwords), built agent app, an admin API token, the German and English inboxes, and
 * Chromium.
 */
import type { Browser } from 'playwright-core';
import { DEMO_LOGINS } from '@sofortdesk/server';
import type { TestDatabase } from '@sofortdesk/testing';
import { ensureAgentBuilt } from '../../apps/agent/bin/build.ts';
import { api, startTestServer, type TestServer } from '../support/server.ts';
import { launchChromium } from './chromium.ts';

export interface DemoWorkspace {
  t: TestServer;
  browser: Browser;
  /** The demo admin's API token, for arranging data through the API. */
  token: string;
  inboxes: { de: string; en: string };
}

export async function startDemoWorkspace(database: TestDatabase): Promise<DemoWorkspace> {
  await ensureAgentBuilt({ quiet: true });
  // Many logins in a short time: the rate limit is not what these tests are about.
  const t = await startTestServer(database, { SOFORTDESK_DEMO: 'on', SOFORTDESK_LOGIN_RATE_LIMIT: '1000' });
  const admin = (await t.server.useCases.uow.repos.users.findForLogin(DEMO_LOGINS[0]!.email))!;
  const token = (
    await t.server.auth.createApiToken(
      { userId: admin.id, accountId: admin.accountId, role: 'admin', inboxIds: [] },
      'browser test',
    )
  ).token;
  const list = (await api(t.url, token, 'GET', '/api/v1/inboxes')).body.items as {
    id: string;
    language: string;
  }[];
  const inboxes = {
    de: list.find((inbox) => inbox.language === 'de')!.id,
    en: list.find((inbox) => inbox.language === 'en')!.id,
  };
  return { t, browser: await launchChromium(), token, inboxes };
}
