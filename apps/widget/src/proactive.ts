/**
 * Proactive invitations: the inbox's rules, checked in the visitor's browser. A rule fires when every
 * condition it has holds (URL glob, seconds on this page, visits of this browser, an event the page
 * sent with Sofortdesk.track); then the widget opens with its message. Each rule fires at most once
 * per visitor and local day, remembered in the widget's storage, as are the visits (a visit: a page
 * load more than 30 minutes after the last activity). Nothing of this goes to the server.
 */
import type { WidgetInbox, StorageLike } from './chat.ts';

export type ProactiveRule = WidgetInbox['proactiveRules'][number];

export interface ProactiveEnvironment {
  inboxId: string;
  storage: StorageLike;
  /** location.pathname + location.search */
  path: () => string;
  /** Milliseconds since the page started loading. */
  pageMs: () => number;
  now: () => number;
  /** Called once for the first rule that fires; the widget opens with its message. */
  fire: (rule: ProactiveRule) => void;
}

/** A new visit starts after this long without activity. */
export const VISIT_GAP_MS = 30 * 60 * 1000;

interface Visits {
  count: number;
  lastActivity: number;
}

/** `*` matches any run of characters (also none); everything else matches itself; the whole path. */
export function globMatches(pattern: string, path: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(path);
}

/** The visitor's local calendar day, the unit of "at most once a day". */
const localDay = (at: number) => {
  const date = new Date(at);
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
};

export class ProactiveInvitations {
  private rules: ProactiveRule[] = [];
  /** The highest value each event name was tracked with on this page (-Infinity: without a value). */
  private readonly events = new Map<string, number>();
  private readonly timers: ReturnType<typeof setTimeout>[] = [];
  private readonly keys: { visits: string; fired: string };
  private done = false;
  readonly visits: number;

  constructor(private readonly env: ProactiveEnvironment) {
    this.keys = {
      visits: `sofortdesk:${env.inboxId}:visits`,
      fired: `sofortdesk:${env.inboxId}:proactive`,
    };
    const previous = this.read<Visits>(this.keys.visits);
    const now = env.now();
    const isNewVisit = !previous || now - previous.lastActivity > VISIT_GAP_MS;
    this.visits = (previous?.count ?? 0) + (isNewVisit ? 1 : 0);
    this.touch();
  }

  /** The inbox's rules arrived: check them now, and again when a time condition comes due. */
  start(rules: ProactiveRule[]): void {
    this.rules = rules;
    for (const seconds of new Set(rules.map((rule) => rule.minSecondsOnPage ?? 0))) {
      const due = seconds * 1000 - this.env.pageMs();
      if (due > 0) this.timers.push(setTimeout(() => this.check(), due + 50));
    }
    this.check();
  }

  /** Sofortdesk.track(name, { value }): the page reports something the visitor did. */
  track(name: string, value: number | undefined): void {
    const known = this.events.get(name) ?? -Infinity;
    this.events.set(name, Math.max(known, value ?? -Infinity));
    this.touch();
    this.check();
  }

  /** No more invitations on this page (the visitor opened the chat, or one fired). */
  stop(): void {
    this.done = true;
    for (const timer of this.timers.splice(0)) clearTimeout(timer);
  }

  private check(): void {
    if (this.done) return;
    const fired = this.read<Record<string, string>>(this.keys.fired) ?? {};
    const today = localDay(this.env.now());
    const rule = this.rules.find((candidate) => fired[candidate.id] !== today && this.holds(candidate));
    if (!rule) return;
    // Forget days gone by, so the record stays as small as the rule list.
    const kept = Object.fromEntries(Object.entries(fired).filter(([, day]) => day === today));
    this.env.storage.setItem(this.keys.fired, JSON.stringify({ ...kept, [rule.id]: today }));
    this.stop();
    this.env.fire(rule);
  }

  private holds(rule: ProactiveRule): boolean {
    if (rule.urlPattern !== null && !globMatches(rule.urlPattern, this.env.path())) return false;
    if (rule.minSecondsOnPage !== null && this.env.pageMs() < rule.minSecondsOnPage * 1000) return false;
    if (rule.minVisits !== null && this.visits < rule.minVisits) return false;
    if (rule.event !== null) {
      const value = this.events.get(rule.event.name);
      if (value === undefined) return false;
      if (rule.event.minValue !== null && !(value >= rule.event.minValue)) return false;
    }
    return true;
  }

  private touch(): void {
    const visits: Visits = { count: this.visits, lastActivity: this.env.now() };
    this.env.storage.setItem(this.keys.visits, JSON.stringify(visits));
  }

  private read<T>(key: string): T | null {
    try {
      const text = this.env.storage.getItem(key);
      return text ? (JSON.parse(text) as T) : null;
    } catch {
      return null;
    }
  }
}
