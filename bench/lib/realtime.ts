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

/** A value for every group (tenant), or one for all. */
type PerGroup<T> = T | ((group: number) => T);

export interface RealtimeOptions {
  /**
   * Tenants: socket s belongs to group s % groups, message i goes to group i % groups and is
   * expected on that group's sockets only (a frame on another group's socket is counted as foreign).
   * Default 1: every socket receives every message.
   */
  groups?: number;
  /** ws://... of the realtime endpoint (per group). */
  wsUrl: PerGroup<string>;
  /** http://... to POST the group's messages to. */
  postUrl: PerGroup<string>;
  /** Sent on the upgrade (e.g. an agent's Bearer token); per group, and index within the group. */
  socketHeaders: Record<string, string> | ((group: number, member: number) => Record<string, string>);
  /** Sent with every POST of the group (e.g. a token of that account). */
  postHeaders: PerGroup<Record<string, string>>;
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
  /** Frames that arrived on a socket of another group than the message's (must be 0). */
  foreignFrames: number;
}

export interface RealtimeResult {
  sockets: number;
  groups: number;
  connectS: number;
  /** 0.5 s after the last socket got its ready frame, before any load. */
  rssAtSocketsMiB: number | undefined;
  /** VmHWM after the last phase. */
  peakRssMiB: number | undefined;
  phases: PhaseResult[];
}

const MARK = 'rt-';

const perGroup = <T>(value: PerGroup<T>, group: number): T =>
  typeof value === 'function' ? (value as (group: number) => T)(group) : value;

const percentile = (sorted: Float64Array, p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export async function runRealtime(options: RealtimeOptions): Promise<RealtimeResult> {
  const counts = options.phases.map((phase) => Math.round(phase.ratePerS * phase.durationS));
  const total = counts.reduce((a, b) => a + b, 0);
  const n = options.sockets;
  const groups = options.groups ?? 1;
  const groupOf = (index: number) => index % groups;
  /** How many of the n sockets are in group g (sockets g, g + groups, ...). */
  const groupSize = (g: number) => Math.floor((n - 1 - g) / groups) + 1;
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
        const group = groupOf(index);
        const headers =
          typeof options.socketHeaders === 'function'
            ? options.socketHeaders(group, Math.floor(index / groups))
            : options.socketHeaders;
        sockets[index] = await connectProbe(perGroup(options.wsUrl, group), headers, mark, (i, at) => {
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
  const targets = Array.from({ length: groups }, (_, g) => ({
    url: new URL(perGroup(options.postUrl, g)),
    headers: perGroup(options.postHeaders, g),
  }));
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
  return {
    sockets: n,
    groups,
    connectS,
    rssAtSocketsMiB,
    peakRssMiB: memoryOf(options.pid)?.peakMiB,
    phases,
  };

  async function runPhase(phase: RealtimePhase, first: number, messages: number): Promise<PhaseResult> {
    const statuses: Record<string, number> = {};
    let acknowledged = 0;
    let answered = 0;
    const send = (i: number) => {
      const target = targets[groupOf(i)]!;
      const body = JSON.stringify({
        externalId: `${MARK}${i}`,
        contact: { identifier: `rt-customer-${Math.floor(i / groups) % options.customers}` },
        text: `Hallo, eine Frage zu Bestellung ${i}.`,
      });
      sentAt[i] = performance.now();
      const request = http.request(
        {
          host: target.url.hostname,
          port: target.url.port,
          path: target.url.pathname + target.url.search,
          method: 'POST',
          agent,
          headers: {
            ...target.headers,
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
    let expected = 0;
    for (let i = first; i < first + messages; i++)
      if (!Number.isNaN(ackAt[i]!)) expected += groupSize(groupOf(i));
    const countDelivered = () => {
      let delivered = 0;
      for (let i = first; i < first + messages; i++) {
        if (Number.isNaN(ackAt[i]!)) continue;
        for (let s = groupOf(i); s < n; s += groups) if (!Number.isNaN(arrivals[i * n + s]!)) delivered++;
      }
      return delivered;
    };
    while (countDelivered() < expected && performance.now() < drainDeadline) await sleep(100);
    const rssAfterMiB = memoryOf(options.pid)?.rssMiB;

    const latencies = new Float64Array(expected);
    const endToEnd = new Float64Array(expected);
    let count = 0;
    let before = 0;
    let foreignFrames = 0;
    for (let i = first; i < first + messages; i++) {
      for (let s = 0; s < n; s++)
        if (groupOf(s) !== groupOf(i) && !Number.isNaN(arrivals[i * n + s]!)) foreignFrames++;
    }
    for (let i = first; i < first + messages; i++) {
      const ack = ackAt[i]!;
      if (Number.isNaN(ack)) continue;
      for (let s = groupOf(i); s < n; s += groups) {
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
      foreignFrames,
    };
  }
}
