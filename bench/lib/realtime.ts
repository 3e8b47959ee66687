/**
 * Realtime fan-out latency: N WebSocket clients connected, then one or more phases of inbound
 * messages posted at a fixed rate (open loop: a slow answer does not slow the sender). For every
 * (message, socket) pair: the time from the HTTP answer's arrival to the frame's arrival on that
 * socket, and from the request's sending to the frame. Clients and sender live in this process; the
 * server under test is a child process, so its RSS and CPU are its own.
 */
import http from 'node:http';
import { connectProbe, type ProbeSocket } from './probe-socket.ts';
import { cpuSecondsOf, machineBusySeconds, memoryOf, sleep } from './server-process.ts';

export interface RealtimePhase {
  ratePerS: number;
  durationS: number;
}

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
  /** Run one after the other on the same sockets. */
  phases: RealtimePhase[];
  /** The server's pid, for VmRSS and CPU. */
  pid: number;
  customers: number;
}

export interface PhaseResult {
  ratePerS: number;
  achievedRatePerS: number;
  sent: number;
  acknowledged: number;
  statuses: Record<string, number>;
  expectedDeliveries: number;
  delivered: number;
  /** Ack to frame, over every (message, socket) pair delivered; negative: the frame came first. */
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** Share of frames that arrived before their message's HTTP answer. */
  beforeAckShare: number;
  /** Request sent to frame received: the whole way, commit included. */
  sendToFrameMs: { p50: number; p99: number };
  /** Request sent to answer received. */
  ackLatencyMs: { p50: number; p99: number };
  /** CPU used while sending, per second of sending (1 = one core busy): the server, and this process (clients, sender). */
  serverCpuShare: number;
  benchCpuShare: number;
  /** Everything else the machine did meanwhile (other processes, PostgreSQL, kernel work not charged to either). */
  otherCpuShare: number;
  rssAfterMiB: number | undefined;
}

export interface RealtimeResult {
  sockets: number;
  connectS: number;
  /** 0.5 s after the last socket got its ready frame, before any load. */
  rssAtSocketsMiB: number | undefined;
  /** VmHWM after the last phase. */
  peakRssMiB: number | undefined;
  phases: PhaseResult[];
}

const MARK = 'rt-';

const percentile = (sorted: Float64Array, p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export async function runRealtime(options: RealtimeOptions): Promise<RealtimeResult> {
  const counts = options.phases.map((phase) => Math.round(phase.ratePerS * phase.durationS));
  const total = counts.reduce((a, b) => a + b, 0);
  const n = options.sockets;
  const arrivals = new Float64Array(total * n).fill(NaN);
  const sentAt = new Float64Array(total).fill(NaN);
  const ackAt = new Float64Array(total).fill(NaN);
  const mark = Buffer.from(`"externalId":"${MARK}`);
  const sockets: ProbeSocket[] = [];

  // Connect, 50 handshakes at a time, each done when its first frame ({type:'ready'}) came.
  const connectStarted = performance.now();
  let nextSocket = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (nextSocket < n) {
        const index = nextSocket++;
        sockets[index] = await connectProbe(options.wsUrl, options.socketHeaders, mark, (i, at) => {
          const slot = i * n + index;
          if (i < total && Number.isNaN(arrivals[slot]!)) arrivals[slot] = at;
        });
      }
    }),
  );
  const connectS = (performance.now() - connectStarted) / 1000;
  await sleep(500);
  const rssAtSocketsMiB = memoryOf(options.pid)?.rssMiB;

  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const target = new URL(options.postUrl);
  const phases: PhaseResult[] = [];
  try {
    let first = 0;
    for (const [p, phase] of options.phases.entries()) {
      phases.push(await runPhase(phase, first, counts[p]!));
      first += counts[p]!;
    }
  } finally {
    agent.destroy();
    for (const socket of sockets) socket?.close();
  }
  return { sockets: n, connectS, rssAtSocketsMiB, peakRssMiB: memoryOf(options.pid)?.peakMiB, phases };

  async function runPhase(phase: RealtimePhase, first: number, messages: number): Promise<PhaseResult> {
    const statuses: Record<string, number> = {};
    let acknowledged = 0;
    let answered = 0;
    const send = (i: number) => {
      const body = JSON.stringify({
        externalId: `${MARK}${i}`,
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
          headers: {
            ...options.postHeaders,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
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

    const serverCpu0 = cpuSecondsOf(options.pid);
    const benchCpu0 = process.cpuUsage();
    const machine0 = machineBusySeconds();
    const started = performance.now();
    const interval = 1000 / phase.ratePerS;
    for (let k = 0; k < messages;) {
      const due = started + k * interval;
      const now = performance.now();
      if (now < due) {
        await sleep(Math.max(0, due - now - 0.5));
        continue;
      }
      send(first + k++);
    }
    const sendingS = (performance.now() - started) / 1000;
    const serverCpuS = (cpuSecondsOf(options.pid) ?? NaN) - (serverCpu0 ?? NaN);
    const benchCpu = process.cpuUsage(benchCpu0);
    const benchCpuS = (benchCpu.user + benchCpu.system) / 1e6;
    const otherCpuS = (machineBusySeconds() ?? NaN) - (machine0 ?? NaN) - serverCpuS - benchCpuS;

    // Drain, bounded: every answer, then every frame of the acknowledged messages.
    const drainDeadline = performance.now() + 10_000;
    while (answered < messages && performance.now() < drainDeadline) await sleep(20);
    const expected = acknowledged * n;
    const countDelivered = () => {
      let delivered = 0;
      for (let i = first; i < first + messages; i++) {
        if (Number.isNaN(ackAt[i]!)) continue;
        for (let s = 0; s < n; s++) if (!Number.isNaN(arrivals[i * n + s]!)) delivered++;
      }
      return delivered;
    };
    while (countDelivered() < expected && performance.now() < drainDeadline) await sleep(100);
    const rssAfterMiB = memoryOf(options.pid)?.rssMiB;

    const latencies = new Float64Array(expected);
    const endToEnd = new Float64Array(expected);
    let count = 0;
    let before = 0;
    for (let i = first; i < first + messages; i++) {
      const ack = ackAt[i]!;
      if (Number.isNaN(ack)) continue;
      for (let s = 0; s < n; s++) {
        const at = arrivals[i * n + s]!;
        if (Number.isNaN(at) || count >= expected) continue;
        const latency = at - ack;
        if (latency < 0) before++;
        endToEnd[count] = at - sentAt[i]!;
        latencies[count++] = latency;
      }
    }
    const sorted = latencies.subarray(0, count).sort();
    const sortedEndToEnd = endToEnd.subarray(0, count).sort();
    const acks = new Float64Array(messages);
    let ackCount = 0;
    for (let i = first; i < first + messages; i++)
      if (!Number.isNaN(ackAt[i]!)) acks[ackCount++] = ackAt[i]! - sentAt[i]!;
    const ackSorted = acks.subarray(0, ackCount).sort();
    return {
      ratePerS: phase.ratePerS,
      achievedRatePerS: messages / sendingS,
      sent: messages,
      acknowledged,
      statuses,
      expectedDeliveries: expected,
      delivered: count,
      latencyMs: {
        p50: percentile(sorted, 50),
        p90: percentile(sorted, 90),
        p99: percentile(sorted, 99),
        max: sorted[count - 1] ?? NaN,
      },
      beforeAckShare: count ? before / count : NaN,
      sendToFrameMs: { p50: percentile(sortedEndToEnd, 50), p99: percentile(sortedEndToEnd, 99) },
      ackLatencyMs: { p50: percentile(ackSorted, 50), p99: percentile(ackSorted, 99) },
      serverCpuShare: serverCpuS / sendingS,
      benchCpuShare: benchCpuS / sendingS,
      otherCpuShare: otherCpuS / sendingS,
      rssAfterMiB,
    };
  }
}
