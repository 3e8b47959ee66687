/**
 * The `sofortdesk` command as users run it: a real child process, real environment variables.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.resolve('apps/cli/bin/sofortdesk.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sofortdesk-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, SOFORTDESK_LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `sofortdesk start`, resolves once it printed its URL. */
function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: { ...process.env, SOFORTDESK_LOG_LEVEL: 'silent', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 20 s:\n${output}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)));
  });
  const stopped = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, ready, stopped, output: () => output };
}

describe('sofortdesk CLI', () => {
  it('documents every command with --help', () => {
    for (const command of ['start', 'migrate', 'seed', 'create-admin', 'create-token']) {
      const { code, stdout } = run([command, '--help']);
      expect(code, command).toBe(0);
      expect(stdout).toContain(`Usage: sofortdesk ${command}`);
    }
  });

  it('refuses bad configuration with a clear message and exit code 1', () => {
    const { code, stderr } = run(['migrate'], { PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/Invalid configuration/);
    expect(stderr).toMatch(/PORT/);
    expect(stderr).toMatch(/DATABASE_URL/);
    expect(stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('migrates once, creates an admin and a token, and refuses duplicates and weak passwords', () => {
    const env = { DATABASE_URL: `sqlite:${path.join(dir, 'cli.sqlite')}` };
    expect(run(['migrate'], env).stdout).toMatch(/Applied: 0001_inbox_model/);
    expect(run(['migrate'], env).stdout).toMatch(/up to date/);
    const weak = run(['create-admin', '--email', 'chef@example.de', '--password', 'short'], env);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/at least 12 characters/);
    expect(
      run(['create-admin', '--email', 'chef@example.de', '--password', 'lang-genug-2026'], env).code,
    ).toBe(0);
    const again = run(['create-admin', '--email', 'chef@example.de', '--password', 'lang-genug-2026'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/exists already/);
    const token = run(['create-token', '--email', 'chef@example.de'], env);
    expect(token.code).toBe(0);
    expect(token.stdout.trim()).toMatch(/^sdt_[A-Za-z0-9_-]{40,}$/);
    expect(run(['create-token', '--email', 'nobody@example.de'], env).stderr).toMatch(/No user/);
  });

  it('starts with the demo company on an empty database, prints URL and logins, serves its help centre, and stops on SIGTERM', async () => {
    const server = start({ DATABASE_URL: `sqlite:${path.join(dir, 'demo.sqlite')}` });
    const url = await server.ready;
    expect(server.output()).toMatch(/admin@demo\.sofortdesk\.test\s+demo-admin-2026/);
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'anna@demo.sofortdesk.test', password: 'demo-agent-2026' }),
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly/);
    // The demo's help centre: /help leads to the only company, with its public articles.
    expect(server.output()).toContain(`Help centre: ${url}/help`);
    const help = await fetch(`${url}/help`, { headers: { 'accept-language': 'de-DE' } });
    expect(help.url).toMatch(/\/help\/[0-9a-f-]+\/de$/);
    const page = await help.text();
    expect(page).toContain('Mietwagen &amp; Reisen');
    expect(page).toContain('Was passiert, wenn sich mein Flug verspätet?');
    const search = await fetch(
      `${help.url}/search?q=${encodeURIComponent('Wartet der Mietwagen, wenn mein Flug zu spät ist?')}`,
    );
    expect(await search.text()).toContain('Was passiert, wenn sich mein Flug verspätet?');
    server.child.kill('SIGTERM');
    expect(await server.stopped).toBe(0);
  });

  it('registers SOFORTDESK_ADMIN_TOKEN for the first admin, without the demo', async () => {
    const token = 'automation-token-0123456789abcdef';
    const server = start({
      DATABASE_URL: `sqlite:${path.join(dir, 'bootstrap.sqlite')}`,
      SOFORTDESK_DEMO: 'off',
      SOFORTDESK_ADMIN_EMAIL: 'root@example.de',
      SOFORTDESK_ADMIN_PASSWORD: 'correct-horse-battery',
      SOFORTDESK_ADMIN_TOKEN: token,
    });
    const url = await server.ready;
    expect(server.output()).not.toMatch(/Demo logins/);
    const me = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { agent: { email: string; role: string } }).agent).toMatchObject({
      email: 'root@example.de',
      role: 'admin',
    });
    server.child.kill('SIGTERM');
    expect(await server.stopped).toBe(0);
  });
});
