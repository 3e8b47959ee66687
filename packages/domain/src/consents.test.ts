import { describe, expect, it } from 'vitest';
import { consentAllows, consentGranted, type ConsentEntry, type ConsentRepository } from './consents.ts';

const purpose = {
  id: 'p1',
  accountId: 'a1',
  key: 'content-analysis',
  version: 2,
  texts: { de: { title: 'T', text: 'T' }, en: { title: 'T', text: 'T' } },
  perCase: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const entry = (granted: boolean): ConsentEntry => ({
  id: `e-${String(granted)}`,
  accountId: 'a1',
  contactId: 'c1',
  purposeId: 'p1',
  purposeKey: 'content-analysis',
  purposeVersion: 2,
  granted,
  channel: 'widget',
  recordedBy: { kind: 'contact', userId: null },
  how: 'checkbox in widget',
  reference: null,
  createdAt: '2026-01-02T00:00:00.000Z',
});

/** Only what consentGranted reads: the purpose by key (in account a1) and the latest entry. */
function repos(latest: ConsentEntry | undefined): { consents: ConsentRepository } {
  return {
    consents: {
      findPurposeByKey: (accountId: string, key: string) =>
        Promise.resolve(accountId === 'a1' && key === purpose.key ? purpose : undefined),
      latestEntry: () => Promise.resolve(latest),
    } as unknown as ConsentRepository,
  };
}

describe('consentGranted', () => {
  it('allows a purpose the account does not configure: it does not ask for it', async () => {
    const check = await consentGranted(repos(undefined), 'a1', 'c1', 'marketing');
    expect(check).toEqual({ status: 'not-configured' });
    expect(consentAllows(check)).toBe(true);
    // Another account's configuration is not this one's.
    expect(await consentGranted(repos(undefined), 'a2', 'c1', 'content-analysis')).toEqual({
      status: 'not-configured',
    });
  });

  it('refuses a configured purpose never asked for, or withdrawn; allows it when the latest entry grants it', async () => {
    const never = await consentGranted(repos(undefined), 'a1', 'c1', 'content-analysis');
    expect(never).toEqual({ status: 'not-granted', entry: undefined });
    expect(consentAllows(never)).toBe(false);
    const withdrawn = await consentGranted(repos(entry(false)), 'a1', 'c1', 'content-analysis');
    expect(withdrawn.status).toBe('not-granted');
    expect(consentAllows(withdrawn)).toBe(false);
    const granted = await consentGranted(repos(entry(true)), 'a1', 'c1', 'content-analysis');
    expect(granted).toEqual({ status: 'granted', entry: entry(true) });
    expect(consentAllows(granted)).toBe(true);
  });
});
