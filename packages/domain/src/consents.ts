/**
 * The consent ledger (issue 7): what a customer allowed the company to do with their data, per
 * purpose, with the purpose text they saw and the proof of who recorded it and how.
 *
 * - A purpose (`consent_purposes`) is configured per account by its admins: a key features ask for
 *   (`content-analysis`, `profiling`, `marketing`, `location`, ...), a title and text in German and
 *   English, and a version that goes up whenever a text changes. Old versions are kept unchanged
 *   (`consent_purpose_versions`), so an entry's version always names the words the customer saw.
 * - The ledger (`consent_entries`) is append-only: given or withdrawn, never edited, never deleted
 *   (except by an erasure of the whole contact). The current state of a purpose is its latest entry.
 * - Features call `consentGranted` before they process. The rule: a purpose the account has not
 *   configured is one it does not ask its customers about, so processing is allowed; a configured
 *   purpose needs a latest entry that grants it.
 */
import type { Language } from './types.ts';

/** Keys features ask for; accounts may configure others too. */
export const CONSENT_PURPOSE_KEYS = {
  /** Automatic analysis of message content (automatic answers, triage, sentiment). */
  contentAnalysis: 'content-analysis',
  profiling: 'profiling',
  marketing: 'marketing',
  location: 'location',
} as const;

/** Where the customer gave or withdrew it. */
export const CONSENT_CHANNELS = [
  'widget',
  'email',
  'api',
  'app',
  'web-form',
  'phone',
  'in-person',
  'letter',
  'privacy-centre',
] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/** Who recorded an entry: the contact themselves, an agent for them, or the company's system (API token). */
export type ConsentRecorderKind = 'contact' | 'agent' | 'api-token';

export interface ConsentPurposeText {
  title: string;
  text: string;
}

export type ConsentPurposeTexts = Record<Language, ConsentPurposeText>;

export interface ConsentPurpose {
  id: string;
  accountId: string;
  key: string;
  /** The current version of the texts; 1 at first, one more for every change of a text. */
  version: number;
  texts: ConsentPurposeTexts;
  /** Asked for each case (e.g. a location for one accident), not once for all. */
  perCase: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One immutable version of a purpose's texts. */
export interface ConsentPurposeVersion {
  purposeId: string;
  version: number;
  texts: ConsentPurposeTexts;
  createdAt: string;
}

export interface ConsentEntry {
  id: string;
  accountId: string;
  contactId: string;
  purposeId: string;
  purposeKey: string;
  /** The version of the purpose's texts the customer saw. */
  purposeVersion: number;
  granted: boolean;
  channel: ConsentChannel;
  recordedBy: { kind: ConsentRecorderKind; userId: string | null };
  /** How it was given, in words ("checkbox in widget", "said so on the phone"). */
  how: string;
  /** A reference to the proof elsewhere (a form id, a call id), if any. */
  reference: string | null;
  createdAt: string;
}

export interface ConsentRepository {
  /** Creates the purpose with its version 1. */
  createPurpose(input: {
    accountId: string;
    key: string;
    texts: ConsentPurposeTexts;
    perCase: boolean;
  }): Promise<ConsentPurpose>;
  getPurpose(accountId: string, id: string): Promise<ConsentPurpose | undefined>;
  findPurposeByKey(accountId: string, key: string): Promise<ConsentPurpose | undefined>;
  /** Ordered by key. */
  listPurposes(accountId: string): Promise<ConsentPurpose[]>;
  /**
   * Changes a purpose. New texts become version `current + 1` (the old version stays as it was);
   * undefined texts change nothing but perCase.
   */
  updatePurpose(
    accountId: string,
    id: string,
    changes: { texts?: ConsentPurposeTexts; perCase?: boolean },
  ): Promise<ConsentPurpose>;
  /** Oldest first. */
  listPurposeVersions(accountId: string, purposeIds: string[]): Promise<ConsentPurposeVersion[]>;
  appendEntry(input: Omit<ConsentEntry, 'id' | 'createdAt'> & { at: string }): Promise<ConsentEntry>;
  /** The contact's whole history, oldest first (then in the order written). */
  listEntries(accountId: string, contactId: string): Promise<ConsentEntry[]>;
  /** The latest entry for the purpose: the current state. */
  latestEntry(accountId: string, contactId: string, purposeId: string): Promise<ConsentEntry | undefined>;
}

export type ConsentCheck =
  | { status: 'granted'; entry: ConsentEntry }
  | { status: 'not-granted'; entry: ConsentEntry | undefined }
  | { status: 'not-configured' };

/**
 * THE check every feature makes before it processes a contact's data for a purpose. Read it inside
 * the feature's own transaction (or right before it acts), never cached: a withdrawal takes effect
 * at once.
 *
 * - `not-configured`: the account does not ask its customers for this purpose, so it is allowed.
 * - `granted`: the latest entry grants it.
 * - `not-granted`: never asked, or withdrawn (the latest entry withdraws it).
 */
export async function consentGranted(
  repos: { consents: ConsentRepository },
  accountId: string,
  contactId: string,
  purposeKey: string,
): Promise<ConsentCheck> {
  const purpose = await repos.consents.findPurposeByKey(accountId, purposeKey);
  if (!purpose) return { status: 'not-configured' };
  const entry = await repos.consents.latestEntry(accountId, contactId, purpose.id);
  return entry?.granted ? { status: 'granted', entry } : { status: 'not-granted', entry };
}

/** Whether the feature may go on: granted, or not asked for by the account at all. */
export const consentAllows = (check: ConsentCheck): boolean => check.status !== 'not-granted';
