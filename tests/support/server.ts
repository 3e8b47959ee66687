/**
 * A real Sofortdesk server for system tests: real HTTP on a free loopback port, a real database of
 * either kind, the bus that database implies. Fixtures: two accounts, each with an admin and an
 * agent holding API tokens, so every test can also check that one tenant never sees the other.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@sofortdesk/config';
import { startServer, type RunningServer } from '@sofortdesk/server';
import { buildAccount, TEST_DATABASE_URL, type AccountFixture, type TestDatabase } from '@sofortdesk/testing';

export interface TenantFixture extends AccountFixture {
  adminToken: string;
  agentToken: string;
}

export interface TestServer {
  server: RunningServer;
  url: string;
  a: TenantFixture;
  b: TenantFixture;
  close(): Promise<void>;
}

export function testConfig(database: TestDatabase, env: Record<string, string> = {}) {
  return loadConfig({
    PORT: '0',
    // Uploaded files go beside the test's SQLite file (removed with it), or to a temporary directory.
    DATA_DIR:
      database.config.kind === 'sqlite'
        ? path.dirname(database.config.file)
        : fs.mkdtempSync(path.join(os.tmpdir(), 'sofortdesk-data-')),
    SOFORTDESK_DEMO: 'off',
    SOFORTDESK_LOG_LEVEL: 'silent',
    // Every test client comes from 127.0.0.1: the public throttle is tested on its own (webchat.test.ts).
    SOFORTDESK_PUBLIC_RATE_LIMIT: '1000000',
    DATABASE_URL: database.config.kind === 'postgres' ? TEST_DATABASE_URL : `sqlite:${database.config.file}`,
    ...env,
  });
}

export async function tenant(server: RunningServer, name: string): Promise<TenantFixture> {
  const fixture = await buildAccount(server.useCases.uow, name);
  const adminToken = (await server.auth.createApiToken(fixture.adminActor, 'test')).token;
  const agentToken = (await server.auth.createApiToken(fixture.agentActor, 'test')).token;
  return { ...fixture, adminToken, agentToken };
}

export async function startTestServer(
  database: TestDatabase,
  env: Record<string, string> = {},
): Promise<TestServer> {
  const server = await startServer(testConfig(database, env), { schema: database.schema });
  const a = await tenant(server, 'A');
  const b = await tenant(server, 'B');
  return { server, url: server.url, a, b, close: () => server.close() };
}

/** fetch against the test server with a Bearer token and a JSON body. */
export async function api(
  base: string,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(base + path, {
    method,
    headers: {
      ...(token && { authorization: `Bearer ${token}` }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON; keep the text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}
