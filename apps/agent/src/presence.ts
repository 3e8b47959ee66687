/**
 * Who else is in a conversation right now: agents who have it open (per socket: one agent may have
 * several tabs) and whoever is typing in it. Built from the stream's cursorless frames and never
 * stored. Every entry expires: presence is repeated by the server while a conversation stays open
 * (so a process that died without saying goodbye is forgotten after PRESENCE_TTL_MS), and typing
 * is repeated by the typist while they type.
 */
import { useCallback, useEffect, useState } from 'react';
import type { SignalFrame } from './realtime.ts';

/** The server repeats presence every 20 s (packages/realtime gateway.ts); this leaves room for two misses. */
export const PRESENCE_TTL_MS = 50_000;
/** The composer repeats "typing" every few seconds while keys are pressed. */
export const TYPING_TTL_MS = 7_000;

export interface Presence {
  /** conversation id → viewer (socket) id → who, and until when it counts. */
  viewers: Record<string, Record<string, { userId: string; until: number }>>;
  /** conversation id → "user:<id>" or "contact" → until when it counts. */
  typing: Record<string, Record<string, number>>;
}

export const noPresence: Presence = { viewers: {}, typing: {} };

/** The presence after a frame; frames about oneself (another tab of mine) are left out. */
export function applySignal(presence: Presence, frame: SignalFrame, me: string, now: number): Presence {
  const { conversationId, data } = frame;
  if (data.authorType === 'user' && data.authorId === me) return presence;
  if (frame.type === 'viewing') {
    if (!data.viewerId) return presence;
    const here = { ...presence.viewers[conversationId] };
    if (data.viewing) here[data.viewerId] = { userId: data.authorId, until: now + PRESENCE_TTL_MS };
    else delete here[data.viewerId];
    return { ...presence, viewers: { ...presence.viewers, [conversationId]: here } };
  }
  const who = data.authorType === 'user' ? `user:${data.authorId}` : 'contact';
  const here = { ...presence.typing[conversationId] };
  if (data.typing) here[who] = now + TYPING_TTL_MS;
  else delete here[who];
  return { ...presence, typing: { ...presence.typing, [conversationId]: here } };
}

/** Without what has expired (the same object when nothing has), so the clock stops once all is quiet. */
export function pruned(presence: Presence, now: number): Presence {
  let changed = false;
  const viewers: Presence['viewers'] = {};
  for (const [conversationId, here] of Object.entries(presence.viewers)) {
    const kept = Object.entries(here).filter(([, viewer]) => viewer.until > now);
    changed ||= kept.length !== Object.keys(here).length;
    if (kept.length > 0) viewers[conversationId] = Object.fromEntries(kept);
    else changed = true;
  }
  const typing: Presence['typing'] = {};
  for (const [conversationId, here] of Object.entries(presence.typing)) {
    const kept = Object.entries(here).filter(([, until]) => until > now);
    changed ||= kept.length !== Object.keys(here).length;
    if (kept.length > 0) typing[conversationId] = Object.fromEntries(kept);
    else changed = true;
  }
  return changed ? { viewers, typing } : presence;
}

export interface ConversationPresence {
  /** Other agents who have the conversation open, each once. */
  viewerIds: string[];
  /** Other agents typing a reply or note. */
  typingIds: string[];
  customerTyping: boolean;
}

/** Who is in the conversation now, leaving out what has expired. */
export function presenceIn(presence: Presence, conversationId: string, now: number): ConversationPresence {
  const viewerIds = new Set<string>();
  for (const viewer of Object.values(presence.viewers[conversationId] ?? {}))
    if (viewer.until > now) viewerIds.add(viewer.userId);
  const typingIds: string[] = [];
  let customerTyping = false;
  for (const [who, until] of Object.entries(presence.typing[conversationId] ?? {})) {
    if (until <= now) continue;
    if (who === 'contact') customerTyping = true;
    else typingIds.push(who.slice('user:'.length));
  }
  return { viewerIds: [...viewerIds].sort(), typingIds: typingIds.sort(), customerTyping };
}

/** The presence state and a clock that ticks while anything is shown, so expired entries disappear. */
export function usePresence(me: string) {
  const [presence, setPresence] = useState(noPresence);
  const [now, setNow] = useState(() => Date.now());
  const anyone =
    Object.values(presence.viewers).some((viewers) => Object.keys(viewers).length > 0) ||
    Object.values(presence.typing).some((typing) => Object.keys(typing).length > 0);
  useEffect(() => {
    if (!anyone) return;
    const timer = setInterval(() => {
      const at = Date.now();
      setNow(at);
      setPresence((current) => pruned(current, at));
    }, 2_000);
    return () => clearInterval(timer);
  }, [anyone]);
  const onSignal = useCallback(
    (frame: SignalFrame) => {
      setPresence((current) => applySignal(current, frame, me, Date.now()));
      setNow(Date.now());
    },
    [me],
  );
  const reset = useCallback(() => setPresence(noPresence), []);
  return { presence, now, onSignal, reset };
}
