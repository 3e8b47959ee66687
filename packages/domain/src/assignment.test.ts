import { describe, expect, it } from 'vitest';
import {
  assignmentEventText,
  chooseAssignee,
  effectiveAvailability,
  PRESENCE_GRACE_MS,
  type AssignmentCandidate,
} from './assignment.ts';

const now = new Date('2026-11-23T10:00:00.000Z');
const justNow = new Date(now.getTime() - 5_000).toISOString();

function agent(userId: string, overrides: Partial<AssignmentCandidate> = {}): AssignmentCandidate {
  return {
    userId,
    name: userId.toUpperCase(),
    availability: 'online',
    lastSeenAt: justNow,
    capacity: 2,
    languages: [],
    topics: [],
    load: 0,
    ...overrides,
  };
}

const anyLanguage = { language: null, topics: [] };

describe('effectiveAvailability', () => {
  it('counts online only while the heartbeat is fresh', () => {
    expect(effectiveAvailability({ availability: 'online', lastSeenAt: justNow }, now)).toBe('online');
    const stale = new Date(now.getTime() - PRESENCE_GRACE_MS - 1).toISOString();
    expect(effectiveAvailability({ availability: 'online', lastSeenAt: stale }, now)).toBe('offline');
    expect(effectiveAvailability({ availability: 'online', lastSeenAt: null }, now)).toBe('offline');
    expect(effectiveAvailability({ availability: 'away', lastSeenAt: justNow }, now)).toBe('away');
  });
});

describe('chooseAssignee', () => {
  it('round-robin takes the next after the pointer, wrapping around', () => {
    const team = [agent('c'), agent('a'), agent('b')];
    const order: string[] = [];
    let pointer: string | null = null;
    for (let i = 0; i < 5; i++) {
      const choice = chooseAssignee(team, anyLanguage, { strategy: 'round-robin', pointer, now });
      if (choice.kind !== 'assigned') throw new Error('expected an assignee');
      order.push(choice.userId);
      pointer = choice.userId;
    }
    expect(order).toEqual(['a', 'b', 'c', 'a', 'b']);
  });

  it('round-robin skips who is full, away or offline', () => {
    const team = [
      agent('a'),
      agent('b', { load: 2 }),
      agent('c', { availability: 'away' }),
      agent('d', { lastSeenAt: null }),
    ];
    const choice = chooseAssignee(team, anyLanguage, { strategy: 'round-robin', pointer: 'a', now });
    expect(choice).toMatchObject({ kind: 'assigned', userId: 'a' });
  });

  it('least-load takes the agent with the fewest open conversations; equals take turns', () => {
    const team = [
      agent('a', { load: 1, capacity: 5 }),
      agent('b', { load: 0, capacity: 5 }),
      agent('c', { load: 3, capacity: 5 }),
    ];
    expect(chooseAssignee(team, anyLanguage, { strategy: 'least-load', pointer: null, now })).toMatchObject({
      userId: 'b',
      strategy: 'least-load',
    });
    const equal = [agent('a', { load: 1 }), agent('b', { load: 1 })];
    expect(chooseAssignee(equal, anyLanguage, { strategy: 'least-load', pointer: 'a', now })).toMatchObject({
      userId: 'b',
    });
  });

  it('never goes above capacity: everyone full queues the conversation', () => {
    const team = [agent('a', { load: 2 }), agent('b', { load: 3, capacity: 3 })];
    expect(chooseAssignee(team, anyLanguage, { strategy: 'least-load', pointer: null, now })).toEqual({
      kind: 'queued',
      reason: 'all-full',
    });
  });

  it('queues when nobody is there or online', () => {
    expect(chooseAssignee([], anyLanguage, { strategy: 'round-robin', pointer: null, now })).toEqual({
      kind: 'queued',
      reason: 'no-candidates',
    });
    const away = [agent('a', { availability: 'offline' }), agent('b', { availability: 'away' })];
    expect(chooseAssignee(away, anyLanguage, { strategy: 'round-robin', pointer: null, now })).toEqual({
      kind: 'queued',
      reason: 'all-unavailable',
    });
  });

  it('needs the language skill (no languages: any language)', () => {
    const team = [agent('a', { languages: ['de'] }), agent('b', { languages: ['en'] }), agent('c')];
    const english = { language: 'en' as const, topics: [] };
    const picks = new Set<string>();
    let pointer: string | null = null;
    for (let i = 0; i < 4; i++) {
      const choice = chooseAssignee(team, english, { strategy: 'round-robin', pointer, now });
      if (choice.kind !== 'assigned') throw new Error('expected an assignee');
      picks.add(choice.userId);
      pointer = choice.userId;
    }
    expect([...picks].sort()).toEqual(['b', 'c']);
    const germanOnly = [agent('a', { languages: ['de'] })];
    expect(chooseAssignee(germanOnly, english, { strategy: 'round-robin', pointer: null, now })).toEqual({
      kind: 'queued',
      reason: 'no-language-skill',
    });
  });

  it('prefers a topic skill when an available agent has it, otherwise anyone', () => {
    const team = [
      agent('a'),
      agent('b', { topics: ['refund'] }),
      agent('c', { topics: ['refund'], load: 2 }),
    ];
    const refund = { language: null, topics: ['refund'] };
    expect(chooseAssignee(team, refund, { strategy: 'round-robin', pointer: 'b', now })).toEqual({
      kind: 'assigned',
      userId: 'b',
      strategy: 'round-robin',
      matchedTopic: 'refund',
    });
    const shipping = { language: null, topics: ['shipping'] };
    expect(chooseAssignee(team, shipping, { strategy: 'round-robin', pointer: null, now })).toMatchObject({
      userId: 'a',
      matchedTopic: null,
    });
  });
});

describe('assignmentEventText', () => {
  it('explains the decision in German and English', () => {
    expect(assignmentEventText('de', 'Anna', 'least-load', null)).toBe(
      'Automatisch Anna zugewiesen (am wenigsten ausgelastet)',
    );
    expect(assignmentEventText('en', 'Anna', 'least-load', null)).toBe(
      'Assigned to Anna automatically (least load)',
    );
    expect(assignmentEventText('en', 'Ben', 'round-robin', 'refund')).toBe(
      'Assigned to Ben automatically (round-robin, topic refund)',
    );
  });
});
