import { describe, expect, it } from 'vitest';
import type { RealtimeEvent } from './api/types.ts';
import { RealtimeStream, type RealtimeStatus, type SocketLike } from './realtime.ts';

class FakeSocket implements SocketLike {
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  closed = false;
  constructor(readonly url: string) {}
  close() {
    this.closed = true;
  }
  frame(value: unknown) {
    this.onmessage?.({ data: JSON.stringify(value) });
  }
  drop() {
    this.onclose?.({});
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const events: RealtimeEvent[] = [];
  const statuses: RealtimeStatus[] = [];
  const readies: { cursor: number; fresh: boolean }[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const stream = new RealtimeStream({
    url: 'ws://desk.example/api/v1/realtime',
    onEvent: (event) => events.push(event),
    onStatus: (status) => statuses.push(status),
    onReady: (info) => readies.push(info),
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    random: () => 1,
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => undefined,
  });
  return { stream, sockets, events, statuses, readies, timers };
}

const frame = (cursor: number) => ({
  cursor,
  type: 'message.created',
  inboxId: 'i',
  conversationId: 'c',
  data: {},
  createdAt: '2026-01-01T00:00:00Z',
});

describe('the realtime stream', () => {
  it('connects without a cursor first, then resumes with ?after= the last cursor it saw', () => {
    const { stream, sockets, events, statuses, readies, timers } = setup();
    stream.start();
    expect(sockets[0]!.url).toBe('ws://desk.example/api/v1/realtime');
    sockets[0]!.frame({ type: 'ready', cursor: 10 });
    expect(readies).toEqual([{ cursor: 10, fresh: true }]);
    sockets[0]!.frame(frame(11));
    sockets[0]!.frame(frame(12));
    expect(events.map((e) => e.cursor)).toEqual([11, 12]);

    sockets[0]!.drop();
    expect(statuses).toEqual(['connecting', 'live', 'offline']);
    expect(timers).toHaveLength(1);
    timers[0]!.fn();
    expect(sockets[1]!.url).toBe('ws://desk.example/api/v1/realtime?after=12');
    // The replay may repeat what was seen; each cursor counts once.
    sockets[1]!.frame(frame(12));
    sockets[1]!.frame(frame(13));
    sockets[1]!.frame({ type: 'ready', cursor: 13 });
    expect(events.map((e) => e.cursor)).toEqual([11, 12, 13]);
    expect(readies[1]).toEqual({ cursor: 13, fresh: false });
    expect(stream.status).toBe('live');
  });

  it('reports a reset as fresh, so the client reloads', () => {
    const { stream, sockets, readies, timers } = setup();
    stream.start();
    sockets[0]!.frame({ type: 'ready', cursor: 5 });
    sockets[0]!.drop();
    timers[0]!.fn();
    sockets[1]!.frame({ type: 'ready', cursor: 2, reset: true });
    expect(readies[1]).toEqual({ cursor: 2, fresh: true });
    expect(stream.lastCursor).toBe(2);
  });

  it('backs off exponentially up to 15 s, and starts over once connected', () => {
    const { stream, sockets, timers } = setup();
    stream.start();
    for (let i = 0; i < 8; i++) {
      sockets[i]!.drop();
      timers[i]!.fn();
    }
    expect(timers.map((t) => t.ms)).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    sockets[8]!.frame({ type: 'ready', cursor: 1 });
    sockets[8]!.drop();
    expect(timers[8]!.ms).toBe(500);
  });

  it('ignores garbage and stops for good', () => {
    const { stream, sockets, events, timers } = setup();
    stream.start();
    sockets[0]!.onmessage?.({ data: 'not json' });
    sockets[0]!.onmessage?.({ data: JSON.stringify({ type: 'x' }) });
    expect(events).toEqual([]);
    stream.stop();
    expect(sockets[0]!.closed).toBe(true);
    sockets[0]!.drop();
    expect(timers).toHaveLength(0);
    expect(stream.status).toBe('offline');
  });

  it('retries at once when asked, only while disconnected', () => {
    const { stream, sockets } = setup();
    stream.start();
    stream.retryNow();
    expect(sockets).toHaveLength(1);
    sockets[0]!.drop();
    stream.retryNow();
    expect(sockets).toHaveLength(2);
  });
});
