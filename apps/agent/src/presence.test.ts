import { describe, expect, it } from 'vitest';
import { applySignal, noPresence, presenceIn, pruned, PRESENCE_TTL_MS, TYPING_TTL_MS } from './presence.ts';
import { RealtimeStream, type SignalFrame, type SocketLike } from './realtime.ts';

const viewing = (authorId: string, viewerId: string, on: boolean): SignalFrame => ({
  type: 'viewing',
  inboxId: 'i',
  conversationId: 'c',
  data: { authorType: 'user', authorId, viewerId, viewing: on },
});
const typing = (authorType: 'user' | 'contact', authorId: string, on: boolean): SignalFrame => ({
  type: 'typing',
  inboxId: 'i',
  conversationId: 'c',
  data: { authorType, authorId, typing: on },
});

describe('presence in a conversation', () => {
  it('lists other agents once however many tabs they have, until they leave or expire', () => {
    let p = noPresence;
    p = applySignal(p, viewing('ben', 'tab-1', true), 'anna', 0);
    p = applySignal(p, viewing('ben', 'tab-2', true), 'anna', 0);
    p = applySignal(p, viewing('anna', 'tab-3', true), 'anna', 0); // another tab of mine
    expect(presenceIn(p, 'c', 1).viewerIds).toEqual(['ben']);
    p = applySignal(p, viewing('ben', 'tab-1', false), 'anna', 1);
    expect(presenceIn(p, 'c', 2).viewerIds).toEqual(['ben']);
    // A process that died without a goodbye: the presence fades when it is not repeated.
    expect(presenceIn(p, 'c', PRESENCE_TTL_MS + 1).viewerIds).toEqual([]);
    expect(presenceIn(p, 'other', 2).viewerIds).toEqual([]);
    expect(pruned(p, 2)).toBe(p);
    expect(pruned(p, PRESENCE_TTL_MS + 1)).toEqual(noPresence);
  });

  it('tells agents and the customer typing apart, and forgets typing that is not repeated', () => {
    let p = noPresence;
    p = applySignal(p, typing('user', 'ben', true), 'anna', 0);
    p = applySignal(p, typing('contact', 'k1', true), 'anna', 0);
    p = applySignal(p, typing('user', 'anna', true), 'anna', 0);
    expect(presenceIn(p, 'c', 1)).toEqual({ viewerIds: [], typingIds: ['ben'], customerTyping: true });
    p = applySignal(p, typing('user', 'ben', false), 'anna', 2);
    expect(presenceIn(p, 'c', 3).typingIds).toEqual([]);
    expect(presenceIn(p, 'c', TYPING_TTL_MS + 1).customerTyping).toBe(false);
  });
});

describe('the stream and presence', () => {
  it('says which conversation is open on every (re)connection, and hands cursorless frames on', () => {
    const sent: string[][] = [];
    const signals: SignalFrame[] = [];
    const sockets: (SocketLike & { sent: string[] })[] = [];
    const stream = new RealtimeStream({
      url: 'ws://desk.example/api/v1/realtime',
      onEvent: () => undefined,
      onSignal: (frame) => signals.push(frame),
      createSocket: () => {
        const socket = {
          onopen: null,
          onmessage: null,
          onclose: null,
          onerror: null,
          sent: [] as string[],
          close: () => undefined,
          send(data: string) {
            this.sent.push(data);
          },
        } as SocketLike & { sent: string[] };
        sockets.push(socket);
        sent.push(socket.sent);
        return socket;
      },
      random: () => 1,
      setTimer: (fn) => fn(),
      clearTimer: () => undefined,
    });
    stream.view('c1'); // before the stream is up: said once it is
    stream.start();
    sockets[0]!.onmessage?.({ data: JSON.stringify({ type: 'ready', cursor: 1 }) });
    expect(sent[0]).toEqual(['{"type":"viewing","conversationId":"c1"}']);
    stream.view('c2');
    stream.view('c2');
    expect(sent[0]).toHaveLength(2);
    sockets[0]!.onmessage?.({ data: JSON.stringify(typing('user', 'ben', true)) });
    expect(signals).toEqual([typing('user', 'ben', true)]);
    // A new socket is a new presence: it says again what is open.
    sockets[0]!.onclose?.({});
    sockets[1]!.onmessage?.({ data: JSON.stringify({ type: 'ready', cursor: 1 }) });
    expect(sent[1]).toEqual(['{"type":"viewing","conversationId":"c2"}']);
  });
});
