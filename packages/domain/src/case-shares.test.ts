import { describe, expect, it } from 'vitest';
import {
  caseShareExpiresAt,
  caseShareExpiry,
  caseShareViewable,
  DEFAULT_CASE_SHARE_HOURS,
  summariseCaseShare,
  type CaseShare,
} from './case-shares.ts';
import { retentionCutoff, retentionDate } from './use-cases/retention.ts';

const at = (iso: string) => new Date(iso);
const share = (changes: Partial<CaseShare> = {}): CaseShare => ({
  id: 's1',
  accountId: 'a1',
  conversationId: 'c1',
  inboxId: 'i1',
  contactId: 'p1',
  kind: 'location',
  purposeKey: 'location',
  sharedVia: 'widget',
  status: 'active',
  sharedAt: '2026-05-01T10:00:00.000Z',
  expiresAt: '2026-05-01T11:00:00.000Z',
  endedAt: null,
  endReason: null,
  ...changes,
});
const open = { status: 'open' };

describe('when a share ends', () => {
  it("lasts the customer's choice, else the account's default, within 1 h and 30 days", () => {
    const now = at('2026-05-01T10:00:00.000Z');
    expect(caseShareExpiresAt(now, '1h', 24).toISOString()).toBe('2026-05-01T11:00:00.000Z');
    expect(caseShareExpiresAt(now, '7d', 24).toISOString()).toBe('2026-05-08T10:00:00.000Z');
    expect(caseShareExpiresAt(now, undefined, DEFAULT_CASE_SHARE_HOURS).toISOString()).toBe(
      '2026-05-02T10:00:00.000Z',
    );
    expect(caseShareExpiresAt(now, undefined, 3).toISOString()).toBe('2026-05-01T13:00:00.000Z');
    // An account's setting out of range is bounded, not trusted.
    expect(caseShareExpiresAt(now, undefined, 0).toISOString()).toBe('2026-05-01T11:00:00.000Z');
    expect(caseShareExpiresAt(now, undefined, 10_000).toISOString()).toBe('2026-05-31T10:00:00.000Z');
  });

  it('ends by time at its expiry, not a moment before', () => {
    expect(caseShareExpiry(share(), open, at('2026-05-01T10:59:59.999Z'))).toEqual({ end: false });
    expect(caseShareExpiry(share(), open, at('2026-05-01T11:00:00.000Z'))).toEqual({
      end: true,
      reason: 'time',
    });
  });

  it('ends when the conversation resolved or is gone, whatever its time', () => {
    const early = at('2026-05-01T10:05:00.000Z');
    expect(caseShareExpiry(share(), { status: 'resolved' }, early)).toEqual({
      end: true,
      reason: 'resolved',
    });
    expect(caseShareExpiry(share(), undefined, early)).toEqual({ end: true, reason: 'resolved' });
    for (const status of ['open', 'pending', 'snoozed']) {
      expect(caseShareExpiry(share(), { status }, early)).toEqual({ end: false });
    }
  });

  it('an ended share stays ended and is never viewable again', () => {
    const ended = share({ status: 'ended', endedAt: '2026-05-01T10:30:00.000Z', endReason: 'revoked' });
    const early = at('2026-05-01T10:05:00.000Z');
    expect(caseShareExpiry(ended, open, early)).toEqual({ end: false });
    expect(caseShareViewable(ended, open, early)).toBe(false);
    expect(caseShareViewable(share(), open, early)).toBe(true);
    // The clock decides before the job comes.
    expect(caseShareViewable(share(), open, at('2026-05-01T11:00:00.000Z'))).toBe(false);
    expect(caseShareViewable(share(), { status: 'resolved' }, early)).toBe(false);
  });

  it('lists a share with a German and English name, never a value', () => {
    const summary = summariseCaseShare(share({ kind: 'order-number' }));
    expect(summary.label).toEqual({ de: 'Bestellnummer', en: 'Order number' });
    expect(JSON.stringify(summary)).not.toContain('value');
  });
});

describe('retention cut-off', () => {
  it('goes back N calendar months, to the month end when the day does not exist', () => {
    expect(retentionCutoff(at('2026-07-15T03:00:00.000Z'), 6).toISOString()).toBe('2026-01-15T03:00:00.000Z');
    expect(retentionCutoff(at('2026-03-31T12:00:00.000Z'), 1).toISOString()).toBe('2026-02-28T12:00:00.000Z');
    expect(retentionCutoff(at('2028-03-31T12:00:00.000Z'), 1).toISOString()).toBe('2028-02-29T12:00:00.000Z');
    expect(retentionCutoff(at('2026-01-10T00:00:00.000Z'), 24).toISOString()).toBe(
      '2024-01-10T00:00:00.000Z',
    );
  });

  it('names the run by its UTC day', () => {
    expect(retentionDate(at('2026-05-01T23:59:59.000Z'))).toBe('2026-05-01');
  });
});
