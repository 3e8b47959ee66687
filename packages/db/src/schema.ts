/** Kysely table types. Timestamps are ISO-8601 strings on both dialects (see connect.ts). */
import type { Generated } from 'kysely';

export interface AccountsTable {
  id: string;
  name: string;
  default_language: string;
  /** The last cursor handed to one of this account's events. Its row lock orders commits (see events). */
  event_cursor: number;
  created_at: string;
  /** Automatic answers on (1) or off (0), and their precision target; defaults in migration 0008. */
  auto_answers_enabled?: number;
  auto_answers_precision?: number;
  /** How conversations without a team are assigned automatically (0016). */
  assignment_strategy?: string;
}

export interface UsersTable {
  id: string;
  account_id: string;
  email: string;
  name: string;
  role: string;
  language: string;
  password_hash: string | null;
  created_at: string;
  /** Automatic assignment (0016): chosen presence, workspace heartbeat, capacity, JSON skill lists. */
  availability?: string;
  last_seen_at?: string | null;
  capacity?: number;
  skill_languages?: string;
  skill_topics?: string;
}

export interface TeamsTable {
  id: string;
  account_id: string;
  name: string;
  created_at: string;
  /** round-robin | least-load, and automatic assignment on (1) or off (0) (0016). */
  assignment_strategy?: string;
  auto_assign?: number;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
  account_id: string;
}

export interface InboxesTable {
  id: string;
  account_id: string;
  name: string;
  channel: string;
  language: string;
  webhook_url: string | null;
  webhook_secret: string | null;
  /** JSON of the widget's settings; channel webchat only. */
  webchat: string | null;
  /** JSON list of the identity secrets, newest first; channel webchat only. */
  webchat_secrets: string | null;
  /** JSON of the opening hours; null: none configured. */
  business_hours: string | null;
  /** Channel email: the address (lower-case, unique), JSON settings, and sealed JSON secrets. */
  email_address?: string | null;
  email_settings?: string | null;
  email_secrets?: string | null;
  created_at: string;
}

export interface InboxMembersTable {
  inbox_id: string;
  user_id: string;
  account_id: string;
}

export interface ContactsTable {
  id: string;
  account_id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  language: string | null;
  created_at: string;
  updated_at: string;
  /** JSON object of attributes routing looks at (`vip`: true); null: none (0015). */
  attributes?: string | null;
}

export interface ContactIdentitiesTable {
  id: string;
  account_id: string;
  contact_id: string;
  kind: string;
  value: string;
  created_at: string;
}

export interface ConversationsTable {
  id: string;
  account_id: string;
  inbox_id: string;
  contact_id: string;
  status: string;
  priority: string;
  assignee_id: string | null;
  team_id: string | null;
  /** JSON array of strings. */
  labels: string;
  language: string | null;
  snoozed_until: string | null;
  last_message_at: string;
  /** Since when the customer waits (the oldest unanswered customer text); null: nobody waits. */
  waiting_since: string | null;
  contact_last_read_at: string | null;
  agent_last_read_at: string | null;
  created_at: string;
  updated_at: string;
  /** An explicit SLA policy chosen by a routing rule (0015); null: by priority. */
  sla_policy_id?: string | null;
  /** JSON of the SLA timers (domain ConversationSla, 0017); null: no policy applies. */
  sla?: string | null;
  /** In the automatic-assignment queue since (0016); null: not waiting for it. */
  assignment_queued_at?: string | null;
  /** 0019_retention: when the retention run anonymised it (null: never). */
  anonymised_at?: string | null;
}

export interface MessagesTable {
  id: string;
  account_id: string;
  inbox_id: string;
  conversation_id: string;
  direction: string;
  kind: string;
  author_type: string;
  author_id: string | null;
  text: string;
  external_id: string | null;
  /** JSON array of attachments. */
  attachments: string;
  /** JSON of the e-mail behind the message (MessageEmail); null for other channels. */
  email?: string | null;
  /** JSON of a delivery report (MessageDelivery); null: none. */
  delivery?: string | null;
  created_at: string;
}

export interface EventsTable {
  account_id: string;
  cursor: number;
  type: string;
  inbox_id: string | null;
  conversation_id: string | null;
  /** JSON of the event's data. */
  data: string;
  created_at: string;
}

export interface JobsTable {
  id: string;
  account_id: string | null;
  type: string;
  payload: string;
  idempotency_key: string;
  status: string;
  attempts: number;
  run_at: string;
  /** After this moment the job is dead-lettered instead of retried. */
  expires_at: string;
  locked_until: string | null;
  locked_by: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface ApiTokensTable {
  id: string;
  account_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  account_id: string;
  csrf_token: string;
  expires_at: string;
  created_at: string;
}

export interface VisitorSessionsTable {
  id: string;
  account_id: string;
  inbox_id: string;
  contact_id: string;
  token_hash: string;
  /** 1: bound to a contact the company's backend vouched for; 0: anonymous. */
  verified: number;
  created_at: string;
  expires_at: string;
}

export interface AttachmentsTable {
  /** Random and unguessable: the file's URL is the capability to read it. */
  key: string;
  account_id: string;
  inbox_id: string;
  session_id: string;
  filename: string;
  content_type: string;
  size: number;
  created_at: string;
}

/** Texts agents insert with "/shortcut" in the composer; the shortcut is unique per account. */
export interface CannedAnswersTable {
  id: string;
  account_id: string;
  /** Lower case, no spaces. */
  shortcut: string;
  title: string;
  text: string;
  /** null: offered in both languages. */
  language: string | null;
  created_at: string;
  updated_at: string;
}

export interface KbCollectionsTable {
  id: string;
  account_id: string;
  name: string;
  description: string | null;
  created_at: string;
}

export interface KbCollectionPartnersTable {
  account_id: string;
  collection_id: string;
  user_id: string;
}

/** The versioned part of an article, in the current row and in every version row. */
interface KbArticleContentColumns {
  title: string;
  body: string;
  /** JSON list of strings */
  alternative_questions: string;
  /** JSON list of strings */
  tags: string;
  visibility: string;
}

export interface KbArticlesTable extends KbArticleContentColumns {
  id: string;
  account_id: string;
  collection_id: string;
  translation_group: string;
  language: string;
  version: number;
  created_at: string;
  updated_at: string;
  updated_by: string;
}

export interface KbArticleVersionsTable extends KbArticleContentColumns {
  account_id: string;
  article_id: string;
  version: number;
  author_id: string;
  restored_from: number | null;
  created_at: string;
}

export interface KbChangeRequestsTable {
  id: string;
  account_id: string;
  collection_id: string;
  article_id: string | null;
  base_version: number | null;
  language: string;
  /** JSON of the proposed ArticleContent */
  content: string;
  author_id: string;
  status: string;
  reviewer_id: string | null;
  review_note: string | null;
  created_at: string;
  reviewed_at: string | null;
}

export interface KbFeedbackTable {
  id: string;
  account_id: string;
  article_id: string;
  /** 1 or 0 (SQLite has no boolean) */
  helpful: number;
  source: string;
  query: string | null;
  created_at: string;
}

export interface KbTrainingPairsTable {
  id: string;
  account_id: string;
  article_id: string;
  question: string;
  /** suggestion | help-vote | resolved | auto-answer */
  source: string;
  /** positive | negative */
  label: string;
  created_at: string;
}

/** How far an e-mail inbox's IMAP mailbox was fetched (channels/email/imap-mailbox.ts). */
export interface ImapCursorsTable {
  inbox_id: string;
  account_id: string;
  uid_validity: string;
  last_uid: number;
  updated_at: string;
}

export interface KbAutoAnswersTable {
  id: string;
  account_id: string;
  conversation_id: string;
  question_message_id: string;
  question: string;
  answer_message_id: string;
  article_id: string;
  article_title: string;
  probability: number;
  /** pending | helpful | not-helpful | handed-over | superseded */
  outcome: string;
  created_at: string;
  decided_at: string | null;
}

/** Consent purposes per account (domain/consents.ts); texts: JSON { de: {title, text}, en: {...} }. */
export interface ConsentPurposesTable {
  id: string;
  account_id: string;
  key: string;
  version: number;
  texts: string;
  /** 1 or 0 */
  per_case: number;
  created_at: string;
  updated_at: string;
}

/** Every version of a purpose's texts; written once, never changed. */
export interface ConsentPurposeVersionsTable {
  account_id: string;
  purpose_id: string;
  version: number;
  texts: string;
  created_at: string;
}

/** The consent ledger: append-only. */
export interface ConsentEntriesTable {
  id: string;
  account_id: string;
  contact_id: string;
  purpose_id: string;
  purpose_key: string;
  purpose_version: number;
  /** 1 given, 0 withdrawn */
  granted: number;
  channel: string;
  /** contact | agent | api-token */
  recorded_by_kind: string;
  recorded_by_user_id: string | null;
  how: string;
  reference: string | null;
  created_at: string;
}

/** Agents' access to personal data: who, what, which contact, when; never the data (0014_privacy). */
export interface AuditLogTable {
  id: string;
  account_id: string;
  user_id: string | null;
  /** contact.opened | contact.exported | contact.erasure-requested */
  action: string;
  contact_id: string | null;
  created_at: string;
}

/** Erasure receipts without personal data (0014_privacy); counts: JSON of rows/files removed per kind. */
export interface PrivacyErasuresTable {
  id: string;
  account_id: string;
  requested_by: string;
  /** pending | completed */
  status: string;
  counts: string | null;
  requested_at: string;
  completed_at: string | null;
}

/** Per account (0014_privacy): erasure_messages delete | anonymise. */
export interface PrivacySettingsTable {
  account_id: string;
  erasure_messages: string;
  updated_at: string;
  /** 0018_case_shares: default lifetime of a per-case share in hours; null: 24. */
  case_share_hours?: number | null;
  /** 0019_retention: months after which resolved, untouched conversations go; null: keep. */
  retention_months?: number | null;
  /** 0019_retention: delete | anonymise (null: delete). */
  retention_action?: string | null;
}

/** Per-case shares (0018_case_shares): value JSON while active, null once ended (a tombstone). */
export interface CaseSharesTable {
  id: string;
  account_id: string;
  conversation_id: string;
  inbox_id: string;
  contact_id: string;
  kind: string;
  value: string | null;
  blob_key: string | null;
  purpose_key: string | null;
  /** widget | app */
  shared_via: string;
  /** active | ended */
  status: string;
  shared_at: string;
  expires_at: string;
  ended_at: string | null;
  /** resolved | time | revoked */
  end_reason: string | null;
}

/** Views of shares' values and refused attempts (0018_case_shares); never the value. */
export interface CaseShareAccessTable {
  id: string;
  account_id: string;
  share_id: string;
  user_id: string | null;
  /** viewed | refused */
  outcome: string;
  created_at: string;
}

/** Daily retention runs' receipts (0019_retention); counts: JSON. */
export interface PrivacyRetentionRunsTable {
  id: string;
  account_id: string;
  run_date: string;
  /** running | completed */
  status: string;
  action: string | null;
  cutoff: string | null;
  counts: string;
  started_at: string;
  completed_at: string | null;
}

/** Triage signals and routing decision per inbound message (issue 6). */
export interface MessageTriageTable {
  message_id: string;
  account_id: string;
  conversation_id: string;
  language: string;
  /** 0: no consent to content analysis, only the language was computed. */
  analysed: number;
  sentiment: string | null;
  anger: number | null;
  urgency: number | null;
  intent: string | null;
  intent_confidence: number | null;
  complexity: number | null;
  /** JSON array of strings. */
  complexity_reasons: string;
  unreadable: string | null;
  rule_id: string | null;
  explanation: string | null;
  created_at: string;
}

/** An account's routing rules (domain/routing.ts); conditions and actions are JSON. */
export interface RoutingRulesTable {
  id: string;
  account_id: string;
  name: string;
  position: number;
  enabled: number;
  is_fallback: number;
  conditions: string;
  actions: string;
  problem: string | null;
  problem_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Round-robin pointers (0016): the last agent a scope ("team:<id>", "inbox:<id>") assigned to. */
export interface AssignmentPointersTable {
  account_id: string;
  scope: string;
  user_id: string;
  updated_at: string;
}

/** One-time login links to the customer's privacy centre (0020); hashes only, no personal data. */
export interface PrivacyLoginsTable {
  id: string;
  account_id: string;
  contact_id: string;
  /** email-link | widget */
  kind: string;
  token_hash: string;
  email_hash: string | null;
  language: string | null;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

/** The customer's privacy-centre sessions (0020), stored hashed. */
export interface PrivacySessionsTable {
  id: string;
  account_id: string;
  contact_id: string;
  /** email-link | widget: how the customer proved who they are */
  via: string;
  token_hash: string;
  expires_at: string;
  created_at: string;
}

/** An account's SLA policies (domain/sla.ts); targets, hours and escalation are JSON (0017). */
export interface SlaPoliciesTable {
  id: string;
  account_id: string;
  name: string;
  /** null: applies only where a routing rule names it. */
  priority: string | null;
  targets: string;
  calendar: string;
  business_hours: string | null;
  warn_at_percent: number | null;
  escalation: string;
  created_at: string;
  updated_at: string;
}

/** Warnings and breaches of SLA timers, for the metrics (0017). */
export interface SlaEventsTable {
  id: string;
  account_id: string;
  conversation_id: string;
  policy_id: string;
  target: string;
  kind: string;
  due_at: string;
  created_at: string;
}

export interface Schema {
  accounts: AccountsTable;
  users: UsersTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  inboxes: InboxesTable;
  inbox_members: InboxMembersTable;
  contacts: ContactsTable;
  contact_identities: ContactIdentitiesTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  events: EventsTable;
  jobs: JobsTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  visitor_sessions: VisitorSessionsTable;
  attachments: AttachmentsTable;
  canned_answers: CannedAnswersTable;
  kb_collections: KbCollectionsTable;
  kb_collection_partners: KbCollectionPartnersTable;
  kb_articles: KbArticlesTable;
  kb_article_versions: KbArticleVersionsTable;
  kb_change_requests: KbChangeRequestsTable;
  kb_feedback: KbFeedbackTable;
  imap_cursors: ImapCursorsTable;
  kb_training_pairs: KbTrainingPairsTable;
  kb_auto_answers: KbAutoAnswersTable;
  consent_purposes: ConsentPurposesTable;
  consent_purpose_versions: ConsentPurposeVersionsTable;
  consent_entries: ConsentEntriesTable;
  audit_log: AuditLogTable;
  privacy_erasures: PrivacyErasuresTable;
  privacy_settings: PrivacySettingsTable;
  case_shares: CaseSharesTable;
  case_share_access: CaseShareAccessTable;
  privacy_retention_runs: PrivacyRetentionRunsTable;
  privacy_logins: PrivacyLoginsTable;
  privacy_sessions: PrivacySessionsTable;
  message_triage: MessageTriageTable;
  routing_rules: RoutingRulesTable;
  assignment_pointers: AssignmentPointersTable;
  sla_policies: SlaPoliciesTable;
  sla_events: SlaEventsTable;
  /** Bookkeeping so a migration runs once; kysely keeps its own tables too. */
  _unused?: { id: Generated<number> };
}
