/** Proactive rules without a browser: conditions, visits, and once per rule and day. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { availabilityText } from './availability.ts';
import { STRINGS } from './i18n.ts';
import { globMatches, ProactiveInvitations, VISIT_GAP_MS, type ProactiveRule } from './proactive.ts';

const rule = (id: string, changes: Partial<ProactiveRule> = {}): ProactiveRule => ({
  id,
  message: { de: `Hallo ${id}`, en: null },
  urlPattern: null,
  minSecondsOnPage: null,
  minVisits: null,
  event: null,
  ...changes,
});

function setup(options: { path?: string; pageMs?: number; now?: number } = {}) {
  const store = new Map<string, string>();
  const clock = { now: options.now ?? Date.parse('2026-11-23T10:00:00'), pageMs: options.pageMs ?? 0 };
  const fired: string[] = [];
  const make = () =>
    new ProactiveInvitations({
      inboxId: 'i',
      storage: {
        getItem: (key) => store.get(key) ?? null,
        setItem: (key, value) => void store.set(key, value),
        removeItem: (key) => void store.delete(key),
      },
      path: () => options.path ?? '/',
      pageMs: () => clock.pageMs,
      now: () => clock.now,
      fire: (r) => fired.push(r.id),
    });
  return { make, clock, fired };
}

afterEach(() => vi.useRealTimers());

describe('proactive invitations', () => {
  it('matches URL globs on the whole path and query', () => {
    expect(globMatches('/checkout*', '/checkout/step-2?x=1')).toBe(true);
    expect(globMatches('/checkout*', '/shop/checkout')).toBe(false);
    expect(globMatches('*?ref=ad*', '/p/1?ref=ad&x')).toBe(true);
    expect(globMatches('/a.b', '/axb')).toBe(false);
  });

  it('fires a rule once every condition holds: URL and time on the page', () => {
    vi.useFakeTimers();
    const { make, clock, fired } = setup({ path: '/checkout/cart' });
    make().start([
      rule('elsewhere', { urlPattern: '/blog*' }),
      rule('checkout', { urlPattern: '/checkout*', minSecondsOnPage: 5 }),
    ]);
    expect(fired).toEqual([]);
    clock.pageMs = 5100;
    vi.advanceTimersByTime(5100);
    expect(fired).toEqual(['checkout']);
  });

  it('waits for an event with at least the minimum value', () => {
    const { make, fired } = setup();
    const invitations = make();
    invitations.start([rule('cart', { event: { name: 'cart', minValue: 100 } })]);
    invitations.track('cart', 50);
    invitations.track('wishlist', 500);
    expect(fired).toEqual([]);
    invitations.track('cart', 120);
    expect(fired).toEqual(['cart']);
  });

  it('fires a rule at most once a day, and counts visits after 30 minutes without activity', () => {
    const { make, clock, fired } = setup();
    make().start([rule('daily')]);
    make().start([rule('daily')]);
    expect(fired).toEqual(['daily']);
    clock.now += 24 * 60 * 60 * 1000;
    make().start([rule('daily')]);
    expect(fired).toEqual(['daily', 'daily']);

    const visits = setup();
    expect(visits.make().visits).toBe(1);
    visits.clock.now += 10 * 60 * 1000;
    expect(visits.make().visits).toBe(1); // a reload within the visit
    visits.clock.now += VISIT_GAP_MS + 1;
    const third = visits.make();
    expect(third.visits).toBe(2);
    third.start([rule('loyal', { minVisits: 3 })]);
    expect(visits.fired).toEqual([]);
  });
});

describe('availability', () => {
  const now = Date.parse('2026-11-27T18:00:00Z'); // Friday 19:00 in Berlin
  it('promises the reply time while open, and says when the team is back', () => {
    const open = { open: true, nextOpenAt: null, typicalReplyMinutes: 10, timezone: 'Europe/Berlin' };
    expect(availabilityText(open, 'de', STRINGS.de, now)).toBe(
      'Wir antworten in der Regel innerhalb von 10 Minuten',
    );
    expect(availabilityText(open, 'en', STRINGS.en, now)).toBe('We usually reply within 10 minutes');
    expect(availabilityText({ ...open, typicalReplyMinutes: 60 }, 'de', STRINGS.de, now)).toBe(
      'Wir antworten in der Regel innerhalb einer Stunde',
    );
    const closed = {
      open: false,
      nextOpenAt: '2026-11-30T08:00:00Z',
      typicalReplyMinutes: 10,
      timezone: 'Europe/Berlin',
    };
    expect(availabilityText(closed, 'de', STRINGS.de, now)).toBe('Wir sind ab Montag, 09:00 wieder da');
    expect(availabilityText(closed, 'en', STRINGS.en, now)).toBe("We're back Monday at 09:00");
    const tomorrow = { ...closed, nextOpenAt: '2026-11-28T08:00:00Z' };
    expect(availabilityText(tomorrow, 'en', STRINGS.en, now)).toBe("We're back tomorrow at 09:00");
    expect(availabilityText(null, 'de', STRINGS.de, now)).toBeNull();
  });
});
