/**
 * Realtime fan-out latency: N WebSocket clients connected, inbound messages posted at a fixed rate
 * (open loop: a slow answer does not slow the sender), and for every (message, socket) pair the
 * time from the HTTP answer's arrival to the frame's arrival on that socket. Clients and sender live
 * in this process; the server under test is a child process, so its RSS is its own.
 */
import http from 'node:http';
import WebSocket from 'ws';
import { memoryOf, sleep } from './server-process.ts';

export interface RealtimeOptions {
  /** ws://... of the realtime endpoint. */
  wsUrl: string;
  /** http://... to POST the messages to. */
  postUrl: string;
  /** Sent on the upgrade (e.g. an agent's Bearer token). */
  socketHeaders: Record<string, string>;
  /** Sent with every POST (e.g. an admin's Bearer token). */
  postHeaders: Record<string, string>;
  sockets: number;
  ratePerS: number;
  durationS: number;
  /** The server's pid, for VmRSS. */
  pid: number;
  idPrefix: string;
  customers: number;
}

export interface RealtimeResult {
  sockets: number;
  connectS: number;
  sent: number;
  acknowledged: number;
  statuses: Record<string, number>;
  expectedDeliveries: number;
  delivered: number;
  /** Ack to frame, over every (message, socket) pair delivered; negative: the frame came first. */
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** Share of frames that arrived before their message's HTTP answer. */
  beforeAckShare: number;
  /** Request sent to answer received. */
  ackLatencyMs: { p50: number; p99: number };
  achievedRatePerS: number;
  rssAtSocketsMiB: number | undefined;
  rssAfterLoadMiB: number | undefined;
  peakRssMiB: number | undefined;
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export async function runRealtime(options: RealtimeOptions): Promise<RealtimeResult> {
  const messages = Math.round(options.ratePerS * options.durationS);
  const arrivals = new Float64Array(messages * options.sockets).fill(NaN);
  const sentAt = new Float64Array(messages).fill(NaN);
  const ackAt = new Float64Array(messages).fill(NaN);
  const mark = Buffer.from(`"externalId":"${options.idPrefix}-`);
  const sockets: WebSocket[] = [];

  // Connect, at most 50 handshakes at a time, each done when its first frame ({type:'ready'}) came.
  const connectStarted = performance.now();
  const connectOne = (index: number) =>
    new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(options.wsUrl, { headers: options.socketHeaders, perMessageDeflate: false });
      sockets[index] = ws;
      const timer = setTimeout(() => reject(new Error(`socket ${index}: no ready frame within 20 s`)), 20_000);
      ws.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      ws.once('message', (data: Buffer) => {
        clearTimeout(timer);
        if (!data.toString('utf8').includes('"ready"')) return reject(new Error(`socket ${index}: first frame was not ready`));
        const base = index;
        ws.on('message', (frame: Buffer) => {
          const at = performance.now();
          const k = frame.indexOf(mark);
          if (k < 0) return;
          let n = 0;
          for (let j = k + mark.length; j < frame.length; j++) {
            const digit = frame[j]! - 48;
            if (digit < 0 || digit > 9) break;
            n = n * 10 + digit;
          }
          if (n < messages) arrivals[n * options.sockets + base] = at;
        });
        resolve();
      });
    });
  let nextSocket = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (nextSocket < options.sockets) await connectOne(nextSocket++);
    }),
  );
  const connectS = (performance.now() - connectStarted) / 1000;
  await sleep(500);
  const rssAtSockets = memoryOf(options.pid)?.rssMiB;

  // Open-loop sender on keep-alive connections.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const target = new URL(options.postUrl);
  const statuses: Record<string, number> = {};
  let acknowledged = 0;
  let answered = 0;
  const send = (i: number) => {
    const body = JSON.stringify({
      externalId: `${options.idPrefix}-${i}`,
      contact: { identifier: `rt-customer-${i % options.customers}` },
      text: `Hallo, eine Frage zu Bestellung ${i}.`,
    });
    sentAt[i] = performance.now();
    const request = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: { ...options.postHeaders, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on('end', () => {
          ackAt[i] = performance.now();
          answered++;
          const status = String(response.statusCode);
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (response.statusCode === 200 || response.statusCode === 201) acknowledged++;
        });
      },
    );
    request.on('error', () => {
      answered++;
      statuses.error = (statuses.error ?? 0) + 1;
    });
    request.end(body);
  };
  const started = performance.now();
  const interval = 1000 / options.ratePerS;
  for (let i = 0; i < messages; ) {
    const due = started + i * interval;
    const now = performance.now();
    if (now < due) {
      await sleep(Math.max(0, due - now - 0.5));
      continue;
    }
    send(i++);
  }
  const sendingS = (performance.now() - started) / 1000;
  // Drain: every answer, then every frame (bounded).
  const drainDeadline = performance.now() + 10_000;
  while (answered < messages && performance.now() < drainDeadline) await sleep(20);
  const expected = acknowledged * options.sockets;
  const countDelivered = () => {
    let n = 0;
    for (let i = 0; i < arrivals.length; i++) if (!Number.isNaN(arrivals[i]!) && !Number.isNaN(ackAt[Math.floor(i / options.sockets)]!)) n++;
    return n;
  };
  while (countDelivered() < expected && performance.now() < drainDeadline) await sleep(100);
  const rssAfter = memoryOf(options.pid);
  agent.destroy();
  for (const ws of sockets) ws?.terminate();

  const latencies = new Float64Array(expected);
  let count = 0;
  let before = 0;
  for (let i = 0; i < messages; i++) {
    const ack = ackAt[i]!;
    if (Number.isNaN(ack)) continue;
    for (let s = 0; s < options.sockets; s++) {
      const at = arrivals[i * options.sockets + s]!;
      if (Number.isNaN(at)) continue;
      const latency = at - ack;
      if (latency < 0) before++;
      latencies[count++] = latency;
    }
  }
  const sorted = latencies.subarray(0, count).sort();
  const acks = new Float64Array(messages);
  let ackCount = 0;
  for (let i = 0; i < messages; i++) if (!Number.isNaN(ackAt[i]!)) acks[ackCount++] = ackAt[i]! - sentAt[i]!;
  const ackSorted = acks.subarray(0, ackCount).sort();
  return {
    sockets: options.sockets,
    connectS,
    sent: messages,
    acknowledged,
    statuses,
    expectedDeliveries: expected,
    delivered: count,
    latencyMs: { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted[count - 1] ?? NaN },
    beforeAckShare: count ? before / count : NaN,
    ackLatencyMs: { p50: percentile(ackSorted, 50), p99: percentile(ackSorted, 99) },
    achievedRatePerS: messages / sendingS,
    rssAtSocketsMiB: rssAtSockets,
    rssAfterLoadMiB: rssAfter?.rssMiB,
    peakRssMiB: rssAfter?.peakMiB,
  };
}
