import { describe, expect, it } from 'vitest';
import {
  evaluateRouting,
  explainRouting,
  type RoutingCondition,
  type RoutingContext,
  type RoutingRule,
  type TriageSignals,
} from './routing.ts';
import type { BusinessHours } from './types.ts';

const signals = (over: Partial<TriageSignals> = {}): TriageSignals => ({
  language: 'de',
  analysed: true,
  sentiment: 'neutral',
  anger: false,
  urgency: false,
  intent: null,
  intentConfidence: null,
  complexity: 0.2,
  complexityReasons: [],
  unreadable: null,
  ...over,
});

const weekdays = { from: '09:00', to: '17:00' };
const hours: BusinessHours = {
  timezone: 'Europe/Berlin',
  weekly: {
    mon: [weekdays],
    tue: [weekdays],
    wed: [weekdays],
    thu: [weekdays],
    fri: [weekdays],
    sat: [],
    sun: [],
  },
  holidays: [],
  typicalReplyMinutes: 10,
};

const context = (over: Partial<RoutingContext> = {}): RoutingContext => ({
  channel: 'api',
  inboxId: 'inbox-1',
  inboxBusinessHours: hours,
  signals: signals(),
  contactAttributes: {},
  // Monday 2026-11-23 10:00 Berlin: open.
  at: new Date('2026-11-23T09:00:00Z'),
  known: {
    teamIds: new Set(['billing', 'support']),
    userIds: new Set(['anna']),
    inboxIds: new Set(['inbox-1']),
  },
  ...over,
});

let n = 0;
const rule = (
  conditions: RoutingCondition[],
  actions: RoutingRule['actions'] = {},
  over: Partial<RoutingRule> = {},
): RoutingRule => ({
  id: `r${++n}`,
  accountId: 'acc',
  name: `Rule ${n}`,
  position: n,
  enabled: true,
  isFallback: false,
  conditions,
  actions,
  problem: null,
  problemAt: null,
  createdAt: '',
  updatedAt: '',
  ...over,
});
const fallback = () => rule([], { teamId: 'support' }, { name: 'Fallback', isFallback: true, position: -1 });

describe('evaluateRouting', () => {
  it('takes the first matching rule in order, whatever order the list comes in', () => {
    const first = rule([{ kind: 'language', in: ['de'] }], { teamId: 'billing' }, { position: 1 });
    const second = rule([{ kind: 'language', in: ['de'] }], { teamId: 'support' }, { position: 2 });
    const decision = evaluateRouting([fallback(), second, first], context());
    expect(decision.rule.id).toBe(first.id);
  });

  it('falls back when nothing matches, and the fallback is last even with the lowest position', () => {
    const fb = fallback();
    const decision = evaluateRouting([fb, rule([{ kind: 'language', in: ['en'] }])], context());
    expect(decision.rule.id).toBe(fb.id);
    expect(decision.unreadable).toBeNull();
  });

  it('skips disabled rules', () => {
    const off = rule([], { teamId: 'billing' }, { enabled: false });
    expect(evaluateRouting([off, fallback()], context()).rule.isFallback).toBe(true);
  });

  const cases: [string, RoutingCondition, Partial<RoutingContext>, Partial<RoutingContext>][] = [
    ['channel', { kind: 'channel', in: ['email'] }, { channel: 'email' }, { channel: 'api' }],
    [
      'inbox',
      { kind: 'inbox', in: ['inbox-1'] },
      {},
      {
        inboxId: 'inbox-2',
        known: { teamIds: new Set(), userIds: new Set(), inboxIds: new Set(['inbox-1', 'inbox-2']) },
      },
    ],
    ['language', { kind: 'language', in: ['en'] }, { signals: signals({ language: 'en' }) }, {}],
    [
      'intent',
      { kind: 'intent', in: ['refund'] },
      { signals: signals({ intent: 'refund' }) },
      { signals: signals({ intent: null }) },
    ],
    [
      'sentiment',
      { kind: 'sentiment', in: ['negative'] },
      { signals: signals({ sentiment: 'negative' }) },
      { signals: signals({ sentiment: null, analysed: false }) },
    ],
    ['anger', { kind: 'cue', cue: 'anger' }, { signals: signals({ anger: true }) }, {}],
    ['urgency', { kind: 'cue', cue: 'urgency' }, { signals: signals({ urgency: true }) }, {}],
    [
      'complexity',
      { kind: 'complexity', atLeast: 0.6 },
      { signals: signals({ complexity: 0.7 }) },
      { signals: signals({ complexity: 0.5 }) },
    ],
    [
      'complexity below',
      { kind: 'complexity', atLeast: 0.3, below: true },
      {},
      { signals: signals({ complexity: 0.4 }) },
    ],
    [
      'contact attribute',
      { kind: 'contactAttribute', key: 'vip', equals: true },
      { contactAttributes: { vip: true } },
      { contactAttributes: { vip: false } },
    ],
    [
      'business hours open',
      { kind: 'businessHours', open: true },
      {},
      { at: new Date('2026-11-22T09:00:00Z') },
    ],
    [
      'business hours closed',
      { kind: 'businessHours', open: false },
      { at: new Date('2026-11-23T20:00:00Z') },
      {},
    ],
  ];
  it.each(cases)('condition %s matches and does not match', (_name, condition, yes, no) => {
    const r = rule([condition], { teamId: 'billing' });
    expect(evaluateRouting([r, fallback()], context(yes)).rule.id).toBe(r.id);
    expect(evaluateRouting([r, fallback()], context(no)).rule.isFallback).toBe(true);
  });

  it('needs every condition of a rule', () => {
    const r = rule([
      { kind: 'intent', in: ['refund'] },
      { kind: 'sentiment', in: ['negative'] },
    ]);
    expect(evaluateRouting([r], context({ signals: signals({ intent: 'refund' }) })).rule.id).not.toBe(r.id);
    expect(
      evaluateRouting([r], context({ signals: signals({ intent: 'refund', sentiment: 'negative' }) })).rule
        .id,
    ).toBe(r.id);
  });

  it('skips and reports a rule that cannot be evaluated, and goes on to the next', () => {
    const deletedTeam = rule([], { teamId: 'gone' });
    const invalid = rule([{ kind: 'complexity', atLeast: 7 }]);
    const unknown = rule([{ kind: 'mood' } as unknown as RoutingCondition]);
    const unknownUser = rule([], { assign: { mode: 'user', userId: 'nobody' } });
    const noHours = rule([{ kind: 'businessHours', open: true }]);
    const good = rule([], { teamId: 'billing' });
    const decision = evaluateRouting(
      [deletedTeam, invalid, unknown, unknownUser, noHours, good, fallback()],
      context({ inboxBusinessHours: null }),
    );
    expect(decision.rule.id).toBe(good.id);
    expect(decision.skipped.map((s) => s.problem)).toEqual([
      'team no longer exists',
      'invalid complexity threshold',
      'unknown condition "mood"',
      'assignee no longer exists',
      'inbox has no business hours',
    ]);
  });

  it('sends unreadable messages to the fallback with the reason', () => {
    const anything = rule([], { teamId: 'billing' });
    for (const reason of ['empty', 'attachment-only', 'unsupported-language'] as const) {
      const decision = evaluateRouting(
        [anything, fallback()],
        context({ signals: signals({ unreadable: reason }) }),
      );
      expect(decision.rule.isFallback).toBe(true);
      expect(decision.unreadable).toBe(reason);
    }
  });

  it('has a fallback even when the account has none stored, and a broken fallback routes nowhere', () => {
    expect(evaluateRouting([], context()).rule.isFallback).toBe(true);
    const broken = rule([], { teamId: 'gone', autoAnswer: false }, { isFallback: true });
    const decision = evaluateRouting([broken], context());
    expect(decision.rule.actions).toEqual({ autoAnswer: false });
    expect(decision.skipped).toHaveLength(1);
  });
});

describe('explainRouting', () => {
  const names = {
    team: (id: string) => ({ billing: 'Billing' })[id],
    user: () => 'Anna',
    inbox: () => 'Shop',
  };

  it('names the target and the matched conditions in German and English', () => {
    const r = rule(
      [
        { kind: 'intent', in: ['refund'] },
        { kind: 'sentiment', in: ['negative'] },
      ],
      { teamId: 'billing', priority: 'high' },
      { name: 'Refunds' },
    );
    const ctx = context({ signals: signals({ intent: 'refund', sentiment: 'negative' }) });
    const decision = evaluateRouting([r], ctx);
    expect(explainRouting(decision, ctx, 'de', names)).toBe(
      'Weitergeleitet an Billing, weil Absicht=refund, Stimmung=negativ (Regel „Refunds“; Priorität hoch)',
    );
    expect(explainRouting(decision, ctx, 'en', names)).toBe(
      'Routed to Billing because intent=refund, sentiment=negative (rule "Refunds"; priority high)',
    );
  });

  it('says why the fallback took a message', () => {
    const ctx = context({ signals: signals({ unreadable: 'attachment-only' }) });
    const decision = evaluateRouting([fallback()], ctx);
    expect(explainRouting(decision, ctx, 'en', { ...names, team: () => 'Support' })).toBe(
      'Fallback rule because the message has attachments only: Routed to Support',
    );
  });
});
