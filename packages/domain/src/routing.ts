/**
 * Routing rules (issue 6, item 5): pure evaluation of an account's ordered rules against a
 * message's triage signals, and the explanation the conversation shows.
 *
 * Rules are evaluated in order; the first whose conditions all hold wins. The fallback rule is
 * always last, has no conditions and editable actions: it takes whatever no rule matched, and
 * every message triage could not read (empty, attachments only, a language we do not support),
 * with that reason. A rule that cannot be evaluated (a team or user that no longer exists, a
 * condition that is not valid) is skipped and reported, never blocking the queue: a broken rule
 * must not stop customers' messages from reaching people.
 */
import { isOpenAt } from './business-hours.ts';
import type { BusinessHours, Channel, Language, Priority } from './types.ts';
import { CHANNELS, LANGUAGES, PRIORITIES } from './types.ts';

export const SENTIMENT_VALUES = ['negative', 'neutral', 'positive'] as const;
export type SentimentValue = (typeof SENTIMENT_VALUES)[number];

export const CONDITION_KINDS = [
  'channel',
  'inbox',
  'language',
  'intent',
  'sentiment',
  'cue',
  'complexity',
  'contactAttribute',
  'businessHours',
] as const;
export type RoutingConditionKind = (typeof CONDITION_KINDS)[number];

/** One condition of a rule; a rule matches when all of its conditions hold. */
export type RoutingCondition =
  | { kind: 'channel'; in: Channel[] }
  | { kind: 'inbox'; in: string[] }
  | { kind: 'language'; in: Language[] }
  | { kind: 'intent'; in: string[] }
  | { kind: 'sentiment'; in: SentimentValue[] }
  /** Anger or urgency cues in the customer's words. */
  | { kind: 'cue'; cue: 'anger' | 'urgency' }
  /** Complexity score (0..1) at least `atLeast` (or below it with `below: true`). */
  | { kind: 'complexity'; atLeast: number; below?: boolean }
  /** A contact attribute (e.g. `vip` = true), compared as text. */
  | { kind: 'contactAttribute'; key: string; equals: string | number | boolean }
  /** The inbox is open (or closed) by its business hours at the message's time. */
  | { kind: 'businessHours'; open: boolean };

/** What a matched rule does (contract of issue 6, item 2). */
export interface RoutingActions {
  /** false: no automatic answer for this message; absent or true: as the account's settings say. */
  autoAnswer?: boolean;
  teamId?: string;
  priority?: Priority;
  /** Added to the conversation's labels. */
  labels?: string[];
  assign?: { mode: 'user'; userId: string } | { mode: 'auto' };
  slaPolicyId?: string;
}

export interface RoutingRule {
  id: string;
  accountId: string;
  name: string;
  /** 0-based order; the fallback rule is always last whatever its stored position. */
  position: number;
  enabled: boolean;
  isFallback: boolean;
  conditions: RoutingCondition[];
  actions: RoutingActions;
  /** The last reason the rule could not be evaluated (cleared when an admin saves it). */
  problem: string | null;
  problemAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Why triage could not read a message: such messages go to the fallback rule. */
export type UnreadableReason = 'empty' | 'attachment-only' | 'unsupported-language';

/** The signals triage computed for one inbound message (stored per message). */
export interface TriageSignals {
  language: Language;
  /** false: the customer has not consented to content analysis; only the language was computed. */
  analysed: boolean;
  sentiment: SentimentValue | null;
  anger: boolean | null;
  urgency: boolean | null;
  /** The intent the account's classifier is sure of; null: out of scope, no model, or not analysed. */
  intent: string | null;
  intentConfidence: number | null;
  complexity: number | null;
  complexityReasons: string[];
  unreadable: UnreadableReason | null;
}

/** Everything a rule's conditions may look at, gathered by the caller. */
export interface RoutingContext {
  channel: Channel;
  inboxId: string;
  inboxBusinessHours: BusinessHours | null;
  signals: TriageSignals;
  contactAttributes: Record<string, string | number | boolean>;
  at: Date;
  /** What exists in the account now: actions naming anything else cannot be applied. */
  known: {
    teamIds: ReadonlySet<string>;
    userIds: ReadonlySet<string>;
    inboxIds: ReadonlySet<string>;
    /** Absent: SLA policies are not checked. */
    slaPolicyIds?: ReadonlySet<string>;
  };
}

export interface ConditionMatch {
  condition: RoutingCondition;
}

export interface RoutingDecision {
  rule: RoutingRule;
  /** The conditions that made the rule match (all of its conditions); empty for the fallback. */
  matched: RoutingCondition[];
  /** Set when the fallback rule took the message because triage could not read it. */
  unreadable: UnreadableReason | null;
  /** Rules skipped because they could not be evaluated, with the reason (reported to admins). */
  skipped: { rule: RoutingRule; problem: string }[];
}

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v !== '');

/** Why a condition cannot be evaluated, or null when it can (stored JSON may come from anywhere). */
export function conditionProblem(condition: RoutingCondition, context?: RoutingContext): string | null {
  const c = condition as { kind?: unknown } & Record<string, unknown>;
  switch (c.kind) {
    case 'channel':
      return isStringList(c.in) && c.in.every((v) => (CHANNELS as readonly string[]).includes(v))
        ? null
        : 'invalid channel condition';
    case 'inbox':
      if (!isStringList(c.in)) return 'invalid inbox condition';
      if (context && !c.in.some((id) => context.known.inboxIds.has(id))) return 'inbox no longer exists';
      return null;
    case 'language':
      return isStringList(c.in) && c.in.every((v) => (LANGUAGES as readonly string[]).includes(v))
        ? null
        : 'invalid language condition';
    case 'intent':
      return isStringList(c.in) ? null : 'invalid intent condition';
    case 'sentiment':
      return isStringList(c.in) && c.in.every((v) => (SENTIMENT_VALUES as readonly string[]).includes(v))
        ? null
        : 'invalid sentiment condition';
    case 'cue':
      return c.cue === 'anger' || c.cue === 'urgency' ? null : 'invalid cue condition';
    case 'complexity':
      return typeof c.atLeast === 'number' && c.atLeast >= 0 && c.atLeast <= 1
        ? null
        : 'invalid complexity threshold';
    case 'contactAttribute':
      return typeof c.key === 'string' &&
        c.key !== '' &&
        ['string', 'number', 'boolean'].includes(typeof c.equals)
        ? null
        : 'invalid contact attribute condition';
    case 'businessHours':
      if (typeof c.open !== 'boolean') return 'invalid business hours condition';
      if (context && !context.inboxBusinessHours) return 'inbox has no business hours';
      return null;
    default:
      return `unknown condition ${JSON.stringify(c.kind ?? null)}`;
  }
}

/** Why a rule's actions cannot be applied in this account, or null. */
export function actionsProblem(actions: RoutingActions, context: RoutingContext): string | null {
  if (actions.teamId !== undefined && !context.known.teamIds.has(actions.teamId))
    return 'team no longer exists';
  if (actions.assign?.mode === 'user' && !context.known.userIds.has(actions.assign.userId)) {
    return 'assignee no longer exists';
  }
  if (
    actions.slaPolicyId !== undefined &&
    context.known.slaPolicyIds &&
    !context.known.slaPolicyIds.has(actions.slaPolicyId)
  ) {
    return 'SLA policy no longer exists';
  }
  if (actions.priority !== undefined && !(PRIORITIES as readonly string[]).includes(actions.priority)) {
    return 'invalid priority';
  }
  return null;
}

/** Every problem of a rule in this context, the first one, or null: what the admin sees. */
export function ruleProblem(rule: RoutingRule, context: RoutingContext): string | null {
  if (!rule.isFallback) {
    if (!Array.isArray(rule.conditions)) return 'invalid conditions';
    for (const condition of rule.conditions) {
      const problem = conditionProblem(condition, context);
      if (problem) return problem;
    }
  }
  return actionsProblem(rule.actions ?? {}, context);
}

function holds(condition: RoutingCondition, context: RoutingContext): boolean {
  const s = context.signals;
  switch (condition.kind) {
    case 'channel':
      return condition.in.includes(context.channel);
    case 'inbox':
      return condition.in.includes(context.inboxId);
    case 'language':
      return condition.in.includes(s.language);
    case 'intent':
      return s.intent !== null && condition.in.includes(s.intent);
    case 'sentiment':
      return s.sentiment !== null && condition.in.includes(s.sentiment);
    case 'cue':
      return condition.cue === 'anger' ? s.anger === true : s.urgency === true;
    case 'complexity':
      if (s.complexity === null) return false;
      return condition.below ? s.complexity < condition.atLeast : s.complexity >= condition.atLeast;
    case 'contactAttribute': {
      const value = context.contactAttributes[condition.key];
      return value !== undefined && String(value) === String(condition.equals);
    }
    case 'businessHours':
      return (
        context.inboxBusinessHours !== null &&
        isOpenAt(context.inboxBusinessHours, context.at) === condition.open
      );
  }
}

/** Rules in evaluation order: by position, the fallback last. */
export function orderRules(rules: readonly RoutingRule[]): RoutingRule[] {
  return [...rules].sort(
    (a, b) =>
      Number(a.isFallback) - Number(b.isFallback) || a.position - b.position || a.id.localeCompare(b.id),
  );
}

/** A fallback with no actions, for an account whose rules are not set up yet. */
export function defaultFallbackRule(accountId: string, at: string): RoutingRule {
  return {
    id: 'fallback',
    accountId,
    name: 'Fallback',
    position: 0,
    enabled: true,
    isFallback: true,
    conditions: [],
    actions: {},
    problem: null,
    problemAt: null,
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * The first enabled rule whose conditions all hold; the fallback when none does or when triage
 * could not read the message. Rules that cannot be evaluated are skipped and listed.
 */
export function evaluateRouting(rules: readonly RoutingRule[], context: RoutingContext): RoutingDecision {
  const ordered = orderRules(rules);
  const fallback =
    ordered.find((rule) => rule.isFallback) ??
    defaultFallbackRule(rules[0]?.accountId ?? '', context.at.toISOString());
  const skipped: RoutingDecision['skipped'] = [];
  const unreadable = context.signals.unreadable;
  if (unreadable === null) {
    for (const rule of ordered) {
      if (rule.isFallback || !rule.enabled) continue;
      const problem = ruleProblem(rule, context);
      if (problem) {
        skipped.push({ rule, problem });
        continue;
      }
      if (rule.conditions.every((condition) => holds(condition, context))) {
        return { rule, matched: rule.conditions, unreadable: null, skipped };
      }
    }
  }
  const fallbackProblem = actionsProblem(fallback.actions, context);
  if (fallbackProblem) {
    // Even the fallback cannot name its team: route nowhere rather than fail the message.
    skipped.push({ rule: fallback, problem: fallbackProblem });
    return {
      rule: { ...fallback, actions: { autoAnswer: fallback.actions.autoAnswer } },
      matched: [],
      unreadable,
      skipped,
    };
  }
  return { rule: fallback, matched: [], unreadable, skipped };
}

// ---- the explanation ----

const WORDS = {
  de: {
    routedTo: (target: string) => `Weitergeleitet an ${target}`,
    routed: 'Weitergeleitet',
    because: ', weil',
    byRule: (name: string) => `Regel „${name}“`,
    fallback: (why: string) => `Standardregel, weil ${why}`,
    noMatch: 'keine Regel zutraf',
    unreadable: {
      empty: 'die Nachricht leer ist',
      'attachment-only': 'die Nachricht nur Anhänge enthält',
      'unsupported-language': 'die Sprache nicht unterstützt wird',
    },
    priority: 'Priorität',
    labels: 'Labels',
    assignee: 'zugewiesen an',
    autoAssign: 'automatische Zuweisung',
    noAutoAnswer: 'keine automatische Antwort',
    sla: 'SLA',
    condition: {
      channel: 'Kanal',
      inbox: 'Posteingang',
      language: 'Sprache',
      intent: 'Absicht',
      sentiment: 'Stimmung',
      complexity: 'Komplexität',
      anger: 'Ärger',
      urgency: 'Dringlichkeit',
      open: 'innerhalb der Geschäftszeiten',
      closed: 'außerhalb der Geschäftszeiten',
    },
    sentiments: { negative: 'negativ', neutral: 'neutral', positive: 'positiv' },
    priorities: { none: 'keine', low: 'niedrig', medium: 'mittel', high: 'hoch', urgent: 'dringend' },
  },
  en: {
    routedTo: (target: string) => `Routed to ${target}`,
    routed: 'Routed',
    because: ' because',
    byRule: (name: string) => `rule "${name}"`,
    fallback: (why: string) => `Fallback rule because ${why}`,
    noMatch: 'no rule matched',
    unreadable: {
      empty: 'the message is empty',
      'attachment-only': 'the message has attachments only',
      'unsupported-language': 'the language is not supported',
    },
    priority: 'priority',
    labels: 'labels',
    assignee: 'assigned to',
    autoAssign: 'automatic assignment',
    noAutoAnswer: 'no automatic answer',
    sla: 'SLA',
    condition: {
      channel: 'channel',
      inbox: 'inbox',
      language: 'language',
      intent: 'intent',
      sentiment: 'sentiment',
      complexity: 'complexity',
      anger: 'anger',
      urgency: 'urgency',
      open: 'within business hours',
      closed: 'outside business hours',
    },
    sentiments: { negative: 'negative', neutral: 'neutral', positive: 'positive' },
    priorities: { none: 'none', low: 'low', medium: 'medium', high: 'high', urgent: 'urgent' },
  },
} as const;

/** Names for the ids an explanation mentions (teams, users, inboxes); an unknown id shows as itself. */
export interface RoutingNames {
  team(id: string): string | undefined;
  user(id: string): string | undefined;
  inbox(id: string): string | undefined;
  slaPolicy?(id: string): string | undefined;
}

function describeCondition(
  condition: RoutingCondition,
  context: RoutingContext,
  language: Language,
  names: RoutingNames,
): string {
  const w = WORDS[language];
  const s = context.signals;
  switch (condition.kind) {
    case 'channel':
      return `${w.condition.channel}=${context.channel}`;
    case 'inbox':
      return `${w.condition.inbox}=${names.inbox(context.inboxId) ?? context.inboxId}`;
    case 'language':
      return `${w.condition.language}=${s.language}`;
    case 'intent':
      return `${w.condition.intent}=${s.intent ?? ''}`;
    case 'sentiment':
      return `${w.condition.sentiment}=${s.sentiment ? w.sentiments[s.sentiment] : ''}`;
    case 'cue':
      return w.condition[condition.cue];
    case 'complexity':
      return `${w.condition.complexity}=${(s.complexity ?? 0).toFixed(2)} ${condition.below ? '<' : '≥'} ${condition.atLeast}`;
    case 'contactAttribute':
      return `${condition.key}=${String(condition.equals)}`;
    case 'businessHours':
      return condition.open ? w.condition.open : w.condition.closed;
  }
}

/**
 * The event line on the conversation, in the account's language: "Routed to Billing because
 * intent=refund, sentiment=negative (rule "Refunds"; priority high)".
 */
export function explainRouting(
  decision: RoutingDecision,
  context: RoutingContext,
  language: Language,
  names: RoutingNames,
): string {
  const w = WORDS[language];
  const { rule } = decision;
  const a = rule.actions;
  const team = a.teamId ? (names.team(a.teamId) ?? a.teamId) : undefined;
  const effects: string[] = [];
  if (a.priority) effects.push(`${w.priority} ${w.priorities[a.priority]}`);
  if (a.labels?.length) effects.push(`${w.labels} ${a.labels.join(', ')}`);
  if (a.assign?.mode === 'user')
    effects.push(`${w.assignee} ${names.user(a.assign.userId) ?? a.assign.userId}`);
  if (a.assign?.mode === 'auto') effects.push(w.autoAssign);
  if (a.autoAnswer === false) effects.push(w.noAutoAnswer);
  if (a.slaPolicyId) effects.push(`${w.sla} ${names.slaPolicy?.(a.slaPolicyId) ?? a.slaPolicyId}`);
  const head = team ? w.routedTo(team) : w.routed;
  let why: string;
  if (rule.isFallback) {
    why = w.fallback(decision.unreadable ? w.unreadable[decision.unreadable] : w.noMatch);
    return `${why}${team ? `: ${head}` : ''}${effects.length ? ` (${effects.join('; ')})` : ''}`;
  }
  const reasons = decision.matched.map((c) => describeCondition(c, context, language, names));
  why = reasons.length ? `${w.because} ${reasons.join(', ')}` : '';
  return `${head}${why} (${[w.byRule(rule.name), ...effects].join('; ')})`;
}
