import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '@sofortdesk/config';
import { createLogger } from './logger.ts';
import { loadSecretKey } from './email.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
const dataDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sofortdesk-key-'));
  dirs.push(dir);
  return path.join(dir, 'data');
};
const logger = createLogger('silent');

describe('loadSecretKey', () => {
  it('makes DATA_DIR/secret.key (0600) on the first start and reads the same key later', () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    const first = loadSecretKey(config, logger);
    const file = path.join(config.dataDir, 'secret.key');
    expect(first).toHaveLength(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(loadSecretKey(config, logger))).toEqual(Buffer.from(first));
  });

  it('prefers SOFORTDESK_SECRET_KEY and writes no file then', () => {
    const key = Buffer.alloc(32, 9);
    const config = loadConfig({ DATA_DIR: dataDir(), SOFORTDESK_SECRET_KEY: key.toString('hex') });
    expect(Buffer.from(loadSecretKey(config, logger))).toEqual(key);
    expect(fs.existsSync(path.join(config.dataDir, 'secret.key'))).toBe(false);
  });

  it('stops on a malformed key file instead of making a new key', () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(path.join(config.dataDir, 'secret.key'), 'not a key\n');
    expect(() => loadSecretKey(config, logger)).toThrow(/32-byte key/);
  });
});
