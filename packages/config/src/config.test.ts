import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, parseSecretKey } from './index.ts';

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
    expect(config.worker).toEqual({ concurrency: 4, leaseSeconds: 300 });
  });

  it('takes a job lease of 1 s to a day, and refuses anything else', () => {
    expect(loadConfig({ SOFORTDESK_JOB_LEASE_SECONDS: '30' }).worker.leaseSeconds).toBe(30);
    expect(() => loadConfig({ SOFORTDESK_JOB_LEASE_SECONDS: '0' })).toThrow(/SOFORTDESK_JOB_LEASE_SECONDS/);
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

describe('e-mail and secret key settings', () => {
  it('leaves the SMTP listener off, the relay and the secret key unset by default', () => {
    const config = loadConfig({});
    expect(config.email).toEqual({ smtp: undefined, relay: undefined, imapPollSeconds: 60 });
    expect(config.secretKey).toBeUndefined();
  });

  it('polls IMAP mailboxes every SOFORTDESK_IMAP_POLL_SECONDS, within 1 s to an hour', () => {
    expect(loadConfig({ SOFORTDESK_IMAP_POLL_SECONDS: '5' }).email.imapPollSeconds).toBe(5);
    expect(() => loadConfig({ SOFORTDESK_IMAP_POLL_SECONDS: '0' })).toThrow(/SOFORTDESK_IMAP_POLL_SECONDS/);
    expect(() => loadConfig({ SOFORTDESK_IMAP_POLL_SECONDS: 'often' })).toThrow(
      /SOFORTDESK_IMAP_POLL_SECONDS/,
    );
  });

  it('turns the listener on with a port, on 127.0.0.1 unless a host is given', () => {
    expect(loadConfig({ SOFORTDESK_SMTP_PORT: '2525' }).email.smtp).toEqual({
      port: 2525,
      host: '127.0.0.1',
    });
    expect(loadConfig({ SOFORTDESK_SMTP_PORT: '25', SOFORTDESK_SMTP_HOST: '0.0.0.0' }).email.smtp).toEqual({
      port: 25,
      host: '0.0.0.0',
    });
    expect(() => loadConfig({ SOFORTDESK_SMTP_PORT: '70000' })).toThrow(/SOFORTDESK_SMTP_PORT/);
  });

  it('accepts smtp:// and smtps:// relays and refuses anything else', () => {
    for (const relay of ['smtp://mail.example.com:587', 'smtps://user:p%40ss@mail.example.com']) {
      expect(loadConfig({ SOFORTDESK_SMTP_RELAY: relay }).email.relay).toBe(relay);
    }
    for (const relay of ['http://mail.example.com', 'mail.example.com', 'smtp://', 'smtp://h/path']) {
      expect(() => loadConfig({ SOFORTDESK_SMTP_RELAY: relay })).toThrow(/SOFORTDESK_SMTP_RELAY/);
    }
  });

  it('reads the DKIM key file and fails fast on a partial setting, a missing file or no key in it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sofortdesk-dkim-'));
    const keyFile = path.join(dir, 'dkim.pem');
    const pem = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    fs.writeFileSync(keyFile, pem);
    const dkim = {
      SOFORTDESK_DKIM_DOMAIN: 'Shop.Example.com',
      SOFORTDESK_DKIM_SELECTOR: 'mail2026',
      SOFORTDESK_DKIM_PRIVATE_KEY: keyFile,
    };
    expect(loadConfig({}).email.dkim).toBeUndefined();
    expect(loadConfig(dkim).email.dkim).toEqual({
      domainName: 'shop.example.com',
      keySelector: 'mail2026',
      privateKey: pem,
    });
    expect(() => loadConfig({ ...dkim, SOFORTDESK_DKIM_SELECTOR: undefined })).toThrow(
      /set all three or none/,
    );
    expect(() => loadConfig({ ...dkim, SOFORTDESK_DKIM_PRIVATE_KEY: path.join(dir, 'missing.pem') })).toThrow(
      /SOFORTDESK_DKIM_PRIVATE_KEY: cannot read .*ENOENT/,
    );
    fs.writeFileSync(path.join(dir, 'not-a-key.pem'), 'hello');
    expect(() =>
      loadConfig({ ...dkim, SOFORTDESK_DKIM_PRIVATE_KEY: path.join(dir, 'not-a-key.pem') }),
    ).toThrow(/holds no private key/);
    expect(() => loadConfig({ ...dkim, SOFORTDESK_DKIM_DOMAIN: 'not a domain' })).toThrow(
      /SOFORTDESK_DKIM_DOMAIN/,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads a secret key as hex or base64 and fails fast on a malformed one', () => {
    const bytes = Buffer.alloc(32, 7);
    expect(Buffer.from(loadConfig({ SOFORTDESK_SECRET_KEY: bytes.toString('hex') }).secretKey!)).toEqual(
      bytes,
    );
    expect(Buffer.from(loadConfig({ SOFORTDESK_SECRET_KEY: bytes.toString('base64') }).secretKey!)).toEqual(
      bytes,
    );
    for (const bad of ['short', 'ab'.repeat(31), Buffer.alloc(31).toString('base64'), 'x'.repeat(64)]) {
      expect(() => loadConfig({ SOFORTDESK_SECRET_KEY: bad })).toThrow(/SOFORTDESK_SECRET_KEY/);
    }
    expect(parseSecretKey(Buffer.alloc(32, 1).toString('base64url'))).toEqual(new Uint8Array(32).fill(1));
  });
});

describe('embeddings endpoint', () => {
  it('is off unless a URL is given, and needs a model with it', () => {
    expect(loadConfig({}).embeddings).toBeUndefined();
    expect(
      loadConfig({
        SOFORTDESK_EMBEDDINGS_URL: 'http://127.0.0.1:8080/v1/embeddings',
        SOFORTDESK_EMBEDDINGS_MODEL: 'multilingual-e5-small',
      }).embeddings,
    ).toEqual({
      url: 'http://127.0.0.1:8080/v1/embeddings',
      model: 'multilingual-e5-small',
      apiKey: undefined,
    });
    expect(() => loadConfig({ SOFORTDESK_EMBEDDINGS_URL: 'https://api.example.com/v1' })).toThrow(
      /SOFORTDESK_EMBEDDINGS_MODEL/,
    );
    expect(() => loadConfig({ SOFORTDESK_EMBEDDINGS_API_KEY: 'sk-123' })).toThrow(
      /need SOFORTDESK_EMBEDDINGS_URL/,
    );
  });

  it('refuses URLs that are no http(s) or carry credentials, and keys with spaces; never echoes the key', () => {
    for (const url of ['ftp://host/v1', 'not a url', 'https://user:secret@host/v1'])
      expect(() => loadConfig({ SOFORTDESK_EMBEDDINGS_URL: url, SOFORTDESK_EMBEDDINGS_MODEL: 'm' })).toThrow(
        /SOFORTDESK_EMBEDDINGS_URL/,
      );
    try {
      loadConfig({
        SOFORTDESK_EMBEDDINGS_URL: 'https://api.example.com/v1',
        SOFORTDESK_EMBEDDINGS_MODEL: 'm',
        SOFORTDESK_EMBEDDINGS_API_KEY: 'sk-secret\r\nX-Evil: 1',
      });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems.join('\n')).toMatch(/SOFORTDESK_EMBEDDINGS_API_KEY/);
      expect((error as Error).message).not.toContain('sk-secret');
    }
    expect(
      loadConfig({
        SOFORTDESK_EMBEDDINGS_URL: 'https://api.example.com/v1',
        SOFORTDESK_EMBEDDINGS_MODEL: 'text-embedding-3-small',
        SOFORTDESK_EMBEDDINGS_API_KEY: 'sk-abc',
      }).embeddings?.apiKey,
    ).toBe('sk-abc');
  });
});
