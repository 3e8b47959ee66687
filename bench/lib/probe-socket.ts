/**
 * A measuring WebSocket client that costs as little as possible, so that 1,000 of them in the bench
 * process measure the server and not themselves: the RFC 6455 handshake over a plain TCP socket,
 * then the raw bytes are scanned for a marker (server frames are unmasked, so frame payloads appear
 * verbatim in the stream). It never parses frames and sends nothing after the handshake: the
 * server's heartbeat would only drop it after two missed pings (a minute), longer than a run.
 */
import net from 'node:net';
import { createHash, randomBytes } from 'node:crypto';

export interface ProbeSocket {
  close(): void;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const CARRY = 64;

/**
 * Connects; resolves once the upgrade succeeded and the first frame (Sofortdesk's {type:'ready'})
 * arrived. Afterwards `onIndex(n, at)` is called for every `<marker><digits>"` in the stream (possibly
 * more than once for one occurrence: keep the first).
 */
export function connectProbe(
  url: string,
  headers: Record<string, string>,
  marker: Buffer,
  onIndex: (n: number, at: number) => void,
  readyText = '"ready"',
): Promise<ProbeSocket> {
  const target = new URL(url);
  const key = randomBytes(16).toString('base64');
  const accept = createHash('sha1')
    .update(key + GUID)
    .digest('base64');
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: target.hostname, port: Number(target.port), noDelay: true });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no ready frame within 20 s'));
    }, 20_000);
    let head = Buffer.alloc(0);
    let upgraded = false;
    let carry: Buffer = Buffer.alloc(0);
    const scanIn = (bytes: Buffer, at: number) => {
      for (let k = bytes.indexOf(marker); k >= 0; k = bytes.indexOf(marker, k + marker.length)) {
        let n = 0;
        let j = k + marker.length;
        for (; j < bytes.length; j++) {
          const digit = bytes[j]! - 48;
          if (digit < 0 || digit > 9) break;
          n = n * 10 + digit;
        }
        if (j < bytes.length && bytes[j] === 34 /* closing quote: the number is whole */) onIndex(n, at);
      }
    };
    const scan = (chunk: Buffer, at: number) => {
      scanIn(chunk, at);
      // A marker cut by the chunk boundary shows up across the seam. Markers seen twice are harmless:
      // the caller keeps the first arrival.
      if (carry.length > 0) scanIn(Buffer.concat([carry, chunk.subarray(0, CARRY)]), at);
      carry =
        chunk.length >= CARRY
          ? chunk.subarray(chunk.length - CARRY)
          : Buffer.concat([carry, chunk]).subarray(-CARRY);
    };
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('connect', () => {
      const lines = [
        `GET ${target.pathname}${target.search} HTTP/1.1`,
        `Host: ${target.host}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${key}`,
        'Sec-WebSocket-Version: 13',
        ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      ];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      const at = performance.now();
      if (upgraded) return scan(chunk, at);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const response = head.subarray(0, end).toString('latin1');
      if (!/^HTTP\/1\.1 101/.test(response) || !response.includes(accept)) {
        clearTimeout(timer);
        socket.destroy();
        return reject(new Error(`upgrade refused: ${response.split('\r\n')[0]}`));
      }
      const rest = head.subarray(end + 4);
      if (!rest.includes(readyText)) return; // wait for the ready frame
      upgraded = true;
      clearTimeout(timer);
      resolve({ close: () => socket.destroy() });
      scan(rest, at);
    });
  });
}
