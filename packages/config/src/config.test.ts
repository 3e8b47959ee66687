import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ConfigError, loadConfig } from './index.ts';

describe('loadConfig', () => {
  it('defaults to SQLite in ./data on port 3000 with all roles', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.database).toEqual({
      kind: 'sqlite',
      file: path.resolve('data/sofortdesk.sqlite'),
      synchronous: 'FULL',
    });
    expect(config.bus).toBe('local');
    expect(config.roles).toEqual(['web', 'realtime', 'worker']);
    expect(config.bootstrap.demo).toBeUndefined();
    expect(config.webhooks.allowPrivateNetworks).toBe(false);
  });

  it('selects PostgreSQL and its bus from a postgres:// URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@localhost/db', SOFORTDESK_DEMO: 'off' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u@localhost/db' });
    expect(config.bus).toBe('postgres');
    expect(config.bootstrap.demo).toBe(false);
  });

  it('lists every problem at once, naming the variable', () => {
    try {
      loadConfig({ PORT: 'eighty', SOFORTDESK_ROLES: 'web,cook', SOFORTDESK_ADMIN_EMAIL: 'nope' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/SOFORTDESK_ROLES: unknown role "cook"/);
      expect(problems).toMatch(/SOFORTDESK_ADMIN_EMAIL/);
    }
  });

  it('refuses an admin e-mail without a password', () => {
    expect(() => loadConfig({ SOFORTDESK_ADMIN_EMAIL: 'a@b.de' })).toThrow(/set both or neither/);
  });

  it('parses a role list and removes duplicates', () => {
    expect(loadConfig({ SOFORTDESK_ROLES: 'worker, worker,web' }).roles).toEqual(['worker', 'web']);
  });
});
