/**
 * GDPR: the audit log of agents' access to personal data (who, what, which contact, when; never the
 * data), erasure receipts (ids, times and counts; never the data), and what an erasure removes.
 * Use cases: use-cases/privacy.ts.
 */
import type { Page } from './ports.ts';

/**
 * What an erasure does with the contact's conversations: delete them with every message, or keep
 * them anonymised (texts, files and mail data emptied; times, statuses and labels stay for reports).
 */
export type ErasureMessagePolicy = 'delete' | 'anonymise';

export interface PrivacySettings {
  erasureMessages: ErasureMessagePolicy;
  /** How long a per-case share lasts when the customer chooses no time (case-shares.ts). */
  caseShareHours: number;
  /**
   * Retention: resolved conversations untouched for more than this many months are deleted or
   * anonymised by the daily run (use-cases/retention.ts); null keeps them for ever.
   */
  retentionMonths: number | null;
  retentionAction: ErasureMessagePolicy;
}

export type AuditAction =
  | 'contact.opened'
  | 'contact.exported'
  | 'contact.erasure-requested'
  /** An agent looked at a per-case share's value (case-shares.ts). */
  | 'case-share.viewed'
  /** An agent asked for a share's value after it ended: refused. */
  | 'case-share.refused';

/** A daily retention run's receipt: the cut-off and counts, no personal data. */
export interface RetentionRun {
  id: string;
  accountId: string;
  /** The day it ran for (YYYY-MM-DD, UTC): one run per account and day. */
  date: string;
  status: 'running' | 'completed';
  action: ErasureMessagePolicy | null;
  /** Conversations resolved and untouched since before this moment were processed; null: keep for ever. */
  cutoff: string | null;
  counts: ErasureCounts;
  startedAt: string;
  completedAt: string | null;
}

export interface AuditEntry {
  id: string;
  accountId: string;
  /** null: the system (no person). */
  userId: string | null;
  action: AuditAction;
  contactId: string | null;
  createdAt: string;
}

/** Rows and files an erasure removed, per kind: the receipt's only content besides ids and times. */
export type ErasureCounts = Record<string, number>;

export interface ErasureReceipt {
  id: string;
  accountId: string;
  /** The admin who asked (a user id, not personal data of the customer). */
  requestedBy: string;
  status: 'pending' | 'completed';
  counts: ErasureCounts | null;
  requestedAt: string;
  completedAt: string | null;
}

/** What one contact's erasure removed from the database, and the files the caller deletes next. */
export interface ErasureResult {
  counts: ErasureCounts;
  /** Attachment files and raw mails in the blob store. */
  blobKeys: string[];
}

/** A contact's stored data as the export reads it (the use case shapes the document). */
export interface ContactExportData {
  contact: {
    id: string;
    name: string | null;
    email: string | null;
    phone: string | null;
    language: string | null;
    createdAt: string;
  };
  identities: { kind: string; value: string; createdAt: string }[];
  conversations: {
    id: string;
    inboxId: string;
    channel: string;
    status: string;
    createdAt: string;
    messages: {
      id: string;
      direction: string;
      kind: string;
      authorType: string;
      text: string;
      attachments: string;
      email: string | null;
      createdAt: string;
    }[];
  }[];
}

export interface PrivacyRepository {
  appendAudit(entry: Omit<AuditEntry, 'id'>): Promise<void>;
  /** Newest first; `before` is a moment (ISO 8601, entries older than it) or a cursor from a previous page. */
  listAudit(
    accountId: string,
    filter: { contactId?: string; userId?: string },
    page: { limit: number; before?: string },
  ): Promise<Page<AuditEntry>>;
  createErasure(input: {
    accountId: string;
    requestedBy: string;
    requestedAt: string;
  }): Promise<ErasureReceipt>;
  getErasure(accountId: string, id: string): Promise<ErasureReceipt | undefined>;
  completeErasure(accountId: string, id: string, counts: ErasureCounts, at: string): Promise<void>;
  exportData(accountId: string, contactId: string): Promise<ContactExportData | undefined>;
  /**
   * Deletes every row holding the contact's personal data: the contact, identities, consents,
   * visitor sessions and their uploads, its conversations with every message (the customer's and the
   * agents' replies), the events and automatic-answer records of those conversations, and training
   * pairs whose question is one of the contact's texts. With `anonymise`, the contact row stays
   * without name, e-mail, phone and language, and its conversations stay with every message's text,
   * files and mail data emptied.
   */
  eraseContact(accountId: string, contactId: string, policy: ErasureMessagePolicy): Promise<ErasureResult>;
  /** The default (delete) when the account never chose. */
  getSettings(accountId: string): Promise<PrivacySettings>;
  saveSettings(accountId: string, settings: PrivacySettings, at: string): Promise<PrivacySettings>;
  /**
   * Retention: up to `limit` resolved conversations untouched (no message, no change) since before
   * `cutoff`, not yet anonymised, deleted or anonymised like an erasure does (shares and files too).
   * The caller deletes the returned files; `conversations` is how many were processed.
   */
  retainConversations(
    accountId: string,
    cutoff: string,
    policy: ErasureMessagePolicy,
    limit: number,
    at: string,
  ): Promise<ErasureResult & { conversations: number }>;
  /** Starts (or finds) the account's run for the day. */
  startRetentionRun(
    input: Omit<RetentionRun, 'id' | 'status' | 'counts' | 'completedAt'>,
  ): Promise<RetentionRun>;
  completeRetentionRun(accountId: string, id: string, counts: ErasureCounts, at: string): Promise<void>;
  /** Newest first. */
  listRetentionRuns(accountId: string, limit: number): Promise<RetentionRun[]>;
  /** SQLite: fold the WAL back into the (secure-deleted) file and truncate it. PostgreSQL: nothing. */
  checkpoint(): Promise<void>;
}
