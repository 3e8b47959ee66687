/**
 * Per-case sharing (issue 7): a customer shares one data item (where they are, an order or
 * contract number, a photo, their device) for ONE conversation. Agents see it only inside that
 * conversation, and only by an explicit view that is logged (who, when, which item; never the
 * value). It ends when the conversation resolves, when its time runs out, or when the customer
 * takes it back: then the value and its file are deleted and a tombstone (kind and times, no
 * value) stays, so the access log the customer sees still reads as a whole.
 *
 * This module is pure: the decisions (when does a share end, may it still be viewed) live here so
 * they are tested without a database. Use cases: use-cases/case-shares.ts.
 */

export const CASE_SHARE_KINDS = ['location', 'order-number', 'contract-number', 'photo', 'device'] as const;
export type CaseShareKind = (typeof CASE_SHARE_KINDS)[number];

/** The lifetimes a customer may choose; the account's default applies when they choose none. */
export const CASE_SHARE_DURATIONS = { '1h': 1, '24h': 24, '7d': 7 * 24 } as const;
export type CaseShareDuration = keyof typeof CASE_SHARE_DURATIONS;

/** When the account never chose: a day, long enough for a case worked on the same or next day. */
export const DEFAULT_CASE_SHARE_HOURS = 24;
/** An account may set its default between an hour and 30 days. */
export const CASE_SHARE_HOURS_RANGE = { min: 1, max: 30 * 24 } as const;

export type CaseShareValue =
  | { kind: 'location'; latitude: number; longitude: number; accuracy: number | null }
  | { kind: 'order-number'; number: string }
  | { kind: 'contract-number'; number: string }
  | { kind: 'photo'; blobKey: string; filename: string; contentType: string; size: number }
  | { kind: 'device'; userAgent: string; screen: string | null; language: string | null };

/** Why a share ended: the conversation resolved, its time ran out, or the customer took it back. */
export type CaseShareEndReason = 'resolved' | 'time' | 'revoked';

export interface CaseShare {
  id: string;
  accountId: string;
  conversationId: string;
  inboxId: string;
  contactId: string;
  kind: CaseShareKind;
  /** The per-case consent purpose recorded with it (null when the account asks for none). */
  purposeKey: string | null;
  /** Where the customer shared it: the widget, or the company's app through the API. */
  sharedVia: 'widget' | 'app';
  status: 'active' | 'ended';
  sharedAt: string;
  expiresAt: string;
  endedAt: string | null;
  endReason: CaseShareEndReason | null;
}

/** One look at a share's value by an agent, or one refused attempt after it ended. */
export interface CaseShareAccess {
  id: string;
  shareId: string;
  userId: string | null;
  outcome: 'viewed' | 'refused';
  at: string;
}

/**
 * The consent purpose a share is recorded under: `location` for a position, otherwise a purpose
 * named like the kind (an account that wants the ledger to carry photos configures `photo`).
 */
export const caseSharePurposeKey = (kind: CaseShareKind): string => kind;

/** German and English names of the kinds, for lists that show items without their value. */
export const CASE_SHARE_LABELS: Record<CaseShareKind, { de: string; en: string }> = {
  location: { de: 'Standort', en: 'Location' },
  'order-number': { de: 'Bestellnummer', en: 'Order number' },
  'contract-number': { de: 'Vertragsnummer', en: 'Contract number' },
  photo: { de: 'Foto', en: 'Photo' },
  device: { de: 'Gerätedaten', en: 'Device data' },
};

const HOUR_MS = 3_600_000;

/**
 * When a new share ends by time: the customer's choice, or else the account's default hours.
 * Never later than the largest choice allows, whatever an account configured.
 */
export function caseShareExpiresAt(
  sharedAt: Date,
  choice: CaseShareDuration | undefined,
  accountDefaultHours: number,
): Date {
  const hours = choice ? CASE_SHARE_DURATIONS[choice] : accountDefaultHours;
  const bounded = Math.min(Math.max(hours, CASE_SHARE_HOURS_RANGE.min), CASE_SHARE_HOURS_RANGE.max);
  return new Date(sharedAt.getTime() + bounded * HOUR_MS);
}

/**
 * Whether a share must end now, and why. A resolved (or deleted) conversation ends it whatever its
 * time; otherwise its time does. An ended share stays ended.
 */
export function caseShareExpiry(
  share: Pick<CaseShare, 'status' | 'expiresAt'>,
  conversation: { status: string } | undefined,
  now: Date,
): { end: false } | { end: true; reason: CaseShareEndReason } {
  if (share.status === 'ended') return { end: false };
  if (!conversation || conversation.status === 'resolved') return { end: true, reason: 'resolved' };
  if (Date.parse(share.expiresAt) <= now.getTime()) return { end: true, reason: 'time' };
  return { end: false };
}

/**
 * Whether an agent's view may show the value: only while the share is active and its time has not
 * run out (the expiry job may be a moment late; the clock, not the job, decides).
 */
export function caseShareViewable(
  share: Pick<CaseShare, 'status' | 'expiresAt'>,
  conversation: { status: string } | undefined,
  now: Date,
): boolean {
  return share.status === 'active' && !caseShareExpiry(share, conversation, now).end;
}

/** What a list shows of a share, without its value: for the agent's panel and the customer's centre. */
export interface CaseShareSummary extends CaseShare {
  label: { de: string; en: string };
}

export const summariseCaseShare = (share: CaseShare): CaseShareSummary => ({
  ...share,
  label: CASE_SHARE_LABELS[share.kind],
});

export interface CaseShareRepository {
  create(
    input: Omit<CaseShare, 'id' | 'status' | 'endedAt' | 'endReason'> & { value: CaseShareValue },
  ): Promise<CaseShare>;
  get(accountId: string, id: string): Promise<CaseShare | undefined>;
  /** The stored value; undefined once the share ended (the value is gone then). */
  getValue(accountId: string, id: string): Promise<CaseShareValue | undefined>;
  /** Newest first. */
  listForConversation(accountId: string, conversationId: string): Promise<CaseShare[]>;
  /** Newest first: every share of the contact, ended ones as tombstones. */
  listForContact(accountId: string, contactId: string): Promise<CaseShare[]>;
  /** Active shares whose time ran out by `now`, oldest first (a safety net beside each share's own job). */
  listDue(accountId: string, now: string, limit: number): Promise<CaseShare[]>;
  /**
   * Ends the share: value and file key set to null (SQLite's secure_delete zeroes the freed bytes),
   * the tombstone keeps kind and times. Returns the file to delete; undefined when it had ended already.
   */
  end(
    accountId: string,
    id: string,
    reason: CaseShareEndReason,
    at: string,
  ): Promise<{ blobKey: string | null } | undefined>;
  appendAccess(accountId: string, access: Omit<CaseShareAccess, 'id'>): Promise<void>;
  /** Oldest first. */
  listAccess(accountId: string, shareIds: string[]): Promise<CaseShareAccess[]>;
  /**
   * Takes a visitor's or API user's upload over for a photo share: its row in `attachments` goes,
   * so the file is no longer served by its link, and only the share names it. Undefined when the
   * upload is not the uploader's or not in the inbox.
   */
  claimUpload(
    accountId: string,
    key: string,
    owner: { inboxId: string; sessionId: string },
  ): Promise<{ filename: string; contentType: string; size: number } | undefined>;
}
