import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

// Random bytes drawn from the CSPRNG in blocks (as crypto.randomUUID does): one call per ~250 ids.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;
function randomInto(target: Buffer): Buffer {
  if (poolOffset + target.length > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  pool.copy(target, 0, poolOffset, poolOffset + target.length);
  poolOffset += target.length;
  return target;
}

/**
 * UUIDv7 (RFC 9562): time-ordered, so new rows land at the end of indexes, with a 12-bit counter
 * that keeps ids made in the same millisecond by this process in order (method 1 of the RFC).
 */
export function newId(now = Date.now()): string {
  if (now <= lastMs) {
    sequence = (sequence + 1) & 0xfff;
    if (sequence === 0) lastMs += 1; // counter overflow: borrow the next millisecond
    now = lastMs;
  } else {
    lastMs = now;
    sequence = randomInto(Buffer.allocUnsafe(2)).readUInt16BE() & 0x3ff; // random start, room to count up
  }
  const bytes = randomInto(Buffer.allocUnsafe(16));
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
