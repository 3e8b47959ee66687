/**
 * Outbound HTTP to addresses that tenants choose (webhook URLs): an admin of one account must not be
 * able to make the server call its own loopback, the cloud metadata endpoint or the company LAN
 * (SSRF). The check runs on the addresses the connection actually uses, inside the socket's DNS
 * lookup, so a name that resolves to a public address when saved and a private one later (DNS
 * rebinding) is still refused.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net, { BlockList } from 'node:net';

/** Retrying cannot help: the target is forbidden, not down. */
export class BlockedAddressError extends Error {
  constructor(readonly address: string) {
    super(`refused to connect to ${address}: not a public internet address`);
    this.name = 'BlockedAddressError';
  }
}

const notPublic = new BlockList();
// IPv4: this network, private, carrier-grade NAT, loopback, link-local (cloud metadata), IETF
// protocol assignments, documentation, benchmarking, multicast, reserved, broadcast.
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  notPublic.addSubnet(prefix, bits, 'ipv4');
}
// IPv6: unspecified, loopback, unique local, link-local, multicast, documentation, and NAT64, which
// could smuggle a private IPv4 address past the list above. IPv4-mapped addresses (::ffff:a.b.c.d)
// need no rule: BlockList checks them against the IPv4 rules itself.
for (const [prefix, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['64:ff9b::', 96],
] as const) {
  notPublic.addSubnet(prefix, bits, 'ipv6');
}

/** Whether an IP address literal is one the public internet routes (false for anything else). */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  return !notPublic.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface GuardedPostOptions {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Allow loopback and private networks: self-hosters whose receivers live on their LAN, and tests. */
  allowPrivateNetworks: boolean;
}

export interface GuardedResponse {
  status: number;
}

/** dns.lookup, refusing the connection when any address the name resolves to is not public. */
function guardedLookup(
  hostname: string,
  options: dns.LookupOptions,
  callback: (
    error: NodeJS.ErrnoException | null,
    address: string | dns.LookupAddress[],
    family?: number,
  ) => void,
): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '');
    const blocked = addresses.find((entry) => !isPublicAddress(entry.address));
    if (blocked) return callback(new BlockedAddressError(blocked.address), '');
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first)
      return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
    callback(null, first.address, first.family);
  });
}

/**
 * POSTs a body and resolves with the status once the response has started; the response body is
 * discarded. Redirects are not followed (a 3xx is just a status): following one would be a second,
 * unchecked request.
 */
export function guardedPost(url: string, options: GuardedPostOptions): Promise<GuardedResponse> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return Promise.reject(new BlockedAddressError(target.protocol));
  }
  // IP literals never reach the lookup: check them here. URL keeps IPv6 hosts in brackets.
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivateNetworks && net.isIP(literal) !== 0 && !isPublicAddress(literal)) {
    return Promise.reject(new BlockedAddressError(literal));
  }
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) },
        // The whole exchange, not only idle time: a receiver trickling bytes cannot hold a worker.
        signal: AbortSignal.timeout(options.timeoutMs),
        // A fresh socket per delivery: a pooled one could have been opened before a DNS change.
        agent: false,
        ...(options.allowPrivateNetworks ? {} : { lookup: guardedLookup }),
      },
      (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0 });
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}
