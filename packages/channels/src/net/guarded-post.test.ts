import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockedAddressError, guardedPost, isPublicAddress } from './guarded-post.ts';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.5',
    '192.168.178.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '64:ff9b::a00:1',
    'localhost',
    'not an address',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '2a00:1450:4001:80b::200e', '2606:4700:4700::1111'])(
    'allows %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );
});

describe('guardedPost', () => {
  let server: Server;
  let port: number;
  let received = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      received++;
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (url: string, allowPrivateNetworks: boolean) =>
    guardedPost(url, {
      headers: { 'content-type': 'text/plain' },
      body: 'x',
      timeoutMs: 2000,
      allowPrivateNetworks,
    });

  it('refuses loopback by name (checked after DNS), by IPv4 literal and by IPv4-mapped IPv6 literal', async () => {
    const before = received;
    for (const host of ['localhost', '127.0.0.1', '[::ffff:127.0.0.1]', '[::1]']) {
      await expect(post(`http://${host}:${port}/hook`, false)).rejects.toBeInstanceOf(BlockedAddressError);
    }
    expect(received).toBe(before);
  });

  it('refuses schemes other than http and https', async () => {
    await expect(post('file:///etc/passwd', false)).rejects.toBeInstanceOf(BlockedAddressError);
  });

  it('reaches private receivers when the operator allows it, and reports the status', async () => {
    const before = received;
    await expect(post(`http://localhost:${port}/hook`, true)).resolves.toEqual({ status: 204 });
    expect(received).toBe(before + 1);
  });
});
