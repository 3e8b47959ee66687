/**
 * Ports: what the use cases need from the outside world. packages/db implements them on SQLite and
 * PostgreSQL with the same code. Every read and write names its account: no method can reach
 * across tenants, because none takes an id without the account it belongs to.
 */
import type { DomainEvent, EphemeralSignal, NewEvent } from './events.ts';
import type { NewJob } from './jobs.ts';
import type { ConsentRepository } from './consents.ts';
import type { AssignmentRepository } from './assignment.ts';
import type { PrivacyRepository } from './privacy.ts';
import type { SlaRepository } from './sla.ts';
import type { PrivacyCentreRepository } from './privacy-centre.ts';
import type { CaseShareRepository } from './case-shares.ts';
import type { TriageRepository } from './triage.ts';
import type { KnowledgeGapRepository } from './knowledge-gaps.ts';
import type { AutoAnswerRepository, KnowledgeRepository, TrainingPairRepository } from './knowledge.ts';
import type {
  Account,
  ApiToken,
  Attachment,
  BusinessHours,
  CannedAnswer,
  Channel,
  Contact,
  ContactIdentity,
  Conversation,
  EmailInboxSettings,
  ConversationStatus,
  IdentityKind,
  Inbox,
  Language,
  Message,
  MessageDelivery,
  MessageEmail,
  MessageKind,
  Priority,
  Role,
  StoredAttachment,
  Team,
  User,
  VisitorSession,
  WebchatSecret,
  WebchatSettings,
} from './types.ts';

export interface Page<T> {
  items: T[];
  /** Opaque; pass it back to get the next page. null on the last page. */
  nextCursor: string | null;
}

/** waiting: those who wait first, the longest-waiting on top, then the rest by last activity; recent: by last activity. */
export const CONVERSATION_SORTS = ['waiting', 'recent'] as const;
export type ConversationSort = (typeof CONVERSATION_SORTS)[number];

export interface ConversationFilter {
  status?: ConversationStatus;
  inboxId?: string;
  /** The channel of the conversation's inbox. */
  channel?: Channel;
  assigneeId?: string | null;
  teamId?: string;
  contactId?: string;
  /** Conversations carrying this label (labels are stored lower-case). */
  label?: string;
  language?: Language;
  priority?: Priority;
  /** Default recent. */
  sort?: ConversationSort;
  /** Restricts to these inboxes (an agent's memberships); undefined means all of the account's. */
  inboxIds?: string[];
  limit: number;
  cursor?: string;
}

export interface Repositories {
  /** The consent ledger and the account's purposes (consents.ts). */
  consents: ConsentRepository;
  /** GDPR: the audit log, erasure receipts, a contact's export and erasure (privacy.ts). */
  privacy: PrivacyRepository;
  /** SLA policies and the warnings and breaches recorded for the metrics (sla.ts). */
  sla: SlaRepository;
  /** The customer's privacy centre: one-time login links and privacy sessions (privacy-centre.ts). */
  privacyCentre: PrivacyCentreRepository;
  /** Automatic assignment: presence, capacity, skills, team strategy, the queue (assignment.ts). */
  assignment: AssignmentRepository;
  /** Per-case shares and their access log (case-shares.ts). */
  caseShares: CaseShareRepository;
  /** Triage signals per message, routing rules, contacts' attributes (triage.ts, routing.ts). */
  triage: TriageRepository;
  knowledge: KnowledgeRepository;
  /** Labelled questions the knowledge engine learns from (kb_training_pairs). */
  trainingPairs: TrainingPairRepository;
  /** Automatic answers given (kb_auto_answers) and the account's settings for them. */
  autoAnswers: AutoAnswerRepository;
  /** What the knowledge-gap report reads: customers' first questions. */
  knowledgeGaps: KnowledgeGapRepository;
  /** How far each e-mail inbox's IMAP mailbox was fetched. */
  imapCursors: {
    get(accountId: string, inboxId: string): Promise<{ uidValidity: string; lastUid: number } | undefined>;
    save(accountId: string, inboxId: string, cursor: { uidValidity: string; lastUid: number }): Promise<void>;
  };
  accounts: {
    create(input: { name: string; defaultLanguage: Language }): Promise<Account>;
    get(id: string): Promise<Account | undefined>;
    /** The oldest accounts first: installation-wide views (the help centre of a single-company install). */
    list(limit: number): Promise<Account[]>;
    count(): Promise<number>;
  };
  users: {
    create(input: {
      accountId: string;
      email: string;
      name: string;
      role: Role;
      language: Language;
      passwordHash: string | null;
    }): Promise<User>;
    get(accountId: string, id: string): Promise<User | undefined>;
    /** Login is the one lookup without an account: the e-mail is unique across the installation. */
    findForLogin(email: string): Promise<(User & { passwordHash: string | null }) | undefined>;
    list(accountId: string): Promise<User[]>;
    count(): Promise<number>;
    update(
      accountId: string,
      id: string,
      changes: Partial<Pick<User, 'name' | 'role' | 'language'>>,
    ): Promise<User>;
  };
  teams: {
    create(input: { accountId: string; name: string }): Promise<Team>;
    get(accountId: string, id: string): Promise<Team | undefined>;
    list(accountId: string): Promise<Team[]>;
    addMember(accountId: string, teamId: string, userId: string): Promise<void>;
    removeMember(accountId: string, teamId: string, userId: string): Promise<void>;
    memberIds(accountId: string, teamId: string): Promise<string[]>;
  };
  inboxes: {
    create(input: {
      accountId: string;
      name: string;
      channel: Inbox['channel'];
      language: Language;
      webhookUrl: string | null;
      /** Signs deliveries to webhookUrl (HMAC-SHA256). */
      webhookSecret: string | null;
      /** Channel webchat: the widget's settings and the secrets that verify identity tokens. */
      webchat?: WebchatSettings | null;
      webchatSecrets?: WebchatSecret[];
      /** Channel email: the settings, and the secrets sealed by a SecretCipher (never stored in the clear). */
      email?: { settings: EmailInboxSettings; sealedSecrets: string } | null;
    }): Promise<Inbox>;
    get(accountId: string, id: string): Promise<Inbox | undefined>;
    /** Where agents' replies are delivered and the secret that signs them; for the channel adapter only. */
    getWebhook(accountId: string, id: string): Promise<{ url: string; secret: string } | null>;
    list(accountId: string, inboxIds?: string[]): Promise<Inbox[]>;
    addMember(accountId: string, inboxId: string, userId: string): Promise<void>;
    memberInboxIds(accountId: string, userId: string): Promise<string[]>;
    removeMember(accountId: string, inboxId: string, userId: string): Promise<void>;
    /** The users who work in the inbox. */
    memberIds(accountId: string, inboxId: string): Promise<string[]>;
    /**
     * The widget's public entry: a web chat inbox by its id alone, because that is all a visitor
     * knows. Inboxes of other channels are not found here.
     */
    findWebchat(id: string): Promise<Inbox | undefined>;
    updateWebchat(accountId: string, id: string, settings: WebchatSettings): Promise<Inbox>;
    /** The identity secrets of a web chat inbox, newest first; for verification and rotation only. */
    getWebchatSecrets(accountId: string, id: string): Promise<WebchatSecret[]>;
    setWebchatSecrets(accountId: string, id: string, secrets: WebchatSecret[]): Promise<void>;
    setBusinessHours(accountId: string, id: string, hours: BusinessHours | null): Promise<Inbox | undefined>;
    /**
     * The SMTP listener's entry: an e-mail inbox by its address alone (lower-case), which is unique
     * in the installation, because that is all a mail names.
     */
    findByEmailAddress(address: string): Promise<Inbox | undefined>;
    /**
     * Every e-mail inbox with an IMAP mailbox, in every account: for the worker that fetches them (like
     * the job queue, a process-wide duty, not a read on anyone's behalf).
     */
    listWithImap(): Promise<Inbox[]>;
    /** An e-mail inbox's sealed secrets (EmailInboxSecrets, encrypted); for the channel adapter only. */
    getEmailSecrets(accountId: string, id: string): Promise<string | null>;
  };
  contacts: {
    create(input: {
      accountId: string;
      name: string | null;
      email: string | null;
      phone: string | null;
      language: Language | null;
    }): Promise<Contact>;
    get(accountId: string, id: string): Promise<Contact | undefined>;
    update(
      accountId: string,
      id: string,
      changes: Partial<Pick<Contact, 'name' | 'email' | 'phone' | 'language'>>,
    ): Promise<Contact>;
    list(
      accountId: string,
      options: { limit: number; cursor?: string; query?: string },
    ): Promise<Page<Contact>>;
    findByIdentity(accountId: string, kind: IdentityKind, value: string): Promise<Contact | undefined>;
    /** Adds the identity unless the account already has it (then its first owner keeps it). */
    addIdentity(accountId: string, contactId: string, kind: IdentityKind, value: string): Promise<void>;
    listIdentities(accountId: string, contactId: string): Promise<ContactIdentity[]>;
    /** Moves identities and conversations of source onto target and deletes source. */
    merge(accountId: string, sourceId: string, targetId: string): Promise<{ movedConversationIds: string[] }>;
  };
  conversations: {
    create(input: {
      accountId: string;
      inboxId: string;
      contactId: string;
      language: Language | null;
      at: string;
    }): Promise<Conversation>;
    get(accountId: string, id: string): Promise<Conversation | undefined>;
    /** The contact's newest conversation in this inbox that is not resolved, if any. */
    findActive(accountId: string, inboxId: string, contactId: string): Promise<Conversation | undefined>;
    update(
      accountId: string,
      id: string,
      changes: Partial<
        Pick<
          Conversation,
          | 'status'
          | 'priority'
          | 'assigneeId'
          | 'teamId'
          | 'labels'
          | 'snoozedUntil'
          | 'lastMessageAt'
          | 'waitingSince'
          | 'sla'
        >
      >,
    ): Promise<Conversation>;
    list(accountId: string, filter: ConversationFilter): Promise<Page<Conversation>>;
    /**
     * Moves one side's read mark forward to `at` (never back); undefined when it already was there
     * or later, so a repeated mark changes nothing and tells nobody.
     */
    markRead(
      accountId: string,
      id: string,
      reader: 'contact' | 'agent',
      at: string,
    ): Promise<Conversation | undefined>;
  };
  messages: {
    create(input: {
      accountId: string;
      inboxId: string;
      conversationId: string;
      direction: Message['direction'];
      kind: Message['kind'];
      authorType: Message['authorType'];
      authorId: string | null;
      text: string;
      externalId: string | null;
      attachments: Attachment[];
      email?: MessageEmail | null;
      at: string;
    }): Promise<Message>;
    get(accountId: string, id: string): Promise<Message | undefined>;
    findByExternalId(accountId: string, inboxId: string, externalId: string): Promise<Message | undefined>;
    /** The inbox's messages with any of these external ids (e-mail threading by Message-ID). */
    findByExternalIds(accountId: string, inboxId: string, externalIds: string[]): Promise<Message[]>;
    /** Records a delivery report on an outbound message; undefined when there is no such message. */
    setDelivery(accountId: string, id: string, delivery: MessageDelivery): Promise<Message | undefined>;
    /** Oldest first; order "newest" reads backwards from the end (a timeline opened at its bottom). */
    listForConversation(
      accountId: string,
      conversationId: string,
      options: { limit: number; cursor?: string; order?: MessageOrder },
    ): Promise<Page<Message>>;
    /** All messages of all the contact's conversations, across channels, oldest first. */
    listForContact(
      accountId: string,
      contactId: string,
      /** inboxId and kinds narrow it down (a visitor sees only kind text, an anonymous one only this inbox). */
      options: { limit: number; cursor?: string; inboxId?: string; kinds?: MessageKind[] },
    ): Promise<Page<Message>>;
  };
  events: {
    /** Appends in order; the cursor of each is the account's next one. Call last in a transaction. */
    append(accountId: string, events: NewEvent[]): Promise<DomainEvent[]>;
    listAfter(accountId: string, cursor: number, limit: number): Promise<DomainEvent[]>;
    latestCursor(accountId: string): Promise<number>;
  };
  jobs: {
    /** Enqueues unless a job with the same idempotency key exists. Returns whether it was new. */
    enqueue(accountId: string | null, job: NewJob): Promise<boolean>;
  };
  apiTokens: {
    create(input: { accountId: string; userId: string; name: string; tokenHash: string }): Promise<ApiToken>;
    findByHash(tokenHash: string): Promise<ApiToken | undefined>;
    touch(id: string, at: string): Promise<void>;
  };
  visitorSessions: {
    create(input: {
      accountId: string;
      inboxId: string;
      contactId: string;
      tokenHash: string;
      verified: boolean;
      expiresAt: string;
    }): Promise<VisitorSession>;
    /** Unexpired, and only while its contact exists (a merged-away contact ends its sessions). */
    findByHash(tokenHash: string): Promise<VisitorSession | undefined>;
    extend(accountId: string, id: string, expiresAt: string): Promise<void>;
    delete(accountId: string, id: string): Promise<void>;
    /** Ends the contact's anonymous sessions (after a merge gave the contact history they must not see). */
    deleteAnonymous(accountId: string, contactId: string): Promise<void>;
  };
  attachments: {
    create(input: Omit<StoredAttachment, 'createdAt'>): Promise<StoredAttachment>;
    /** By its key alone: the key is the unguessable part of the file's URL. */
    get(key: string): Promise<StoredAttachment | undefined>;
  };
  cannedAnswers: {
    create(
      input: Pick<CannedAnswer, 'accountId' | 'shortcut' | 'title' | 'text' | 'language'>,
    ): Promise<CannedAnswer>;
    get(accountId: string, id: string): Promise<CannedAnswer | undefined>;
    /** Ordered by shortcut. */
    list(accountId: string): Promise<CannedAnswer[]>;
    update(
      accountId: string,
      id: string,
      changes: Partial<Pick<CannedAnswer, 'shortcut' | 'title' | 'text' | 'language'>>,
    ): Promise<CannedAnswer>;
    delete(accountId: string, id: string): Promise<void>;
  };
  sessions: {
    create(input: {
      userId: string;
      accountId: string;
      tokenHash: string;
      csrfToken: string;
      expiresAt: string;
    }): Promise<void>;
    findByHash(
      tokenHash: string,
    ): Promise<{ userId: string; accountId: string; csrfToken: string; expiresAt: string } | undefined>;
    delete(tokenHash: string): Promise<void>;
  };
}

export interface UnitOfWork {
  /** Runs fn in one transaction. Events appended in it are published only after it commits. */
  transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
  /** Reads outside a transaction. */
  readonly repos: Repositories;
}

/** Publishes ephemeral signals (typing) to every process; the EventBus is one. */
/** Which end of a conversation a page of messages starts from; its cursor goes on in that direction. */
export type MessageOrder = 'oldest' | 'newest';

export interface EphemeralPublisher {
  publishEphemeral(signal: EphemeralSignal): void;
}

/** What a company's backend vouches for in a web chat identity token (JWT, HS256). */
export interface VerifiedIdentity {
  /** The customer's id in the company's systems (claim sub). */
  customerId: string;
  email: string | null;
  name: string | null;
  /** When the token expires (claim exp): a verified session lasts no longer. */
  expiresAt: string;
}

/** Verifies identity tokens against any of the inbox's current secrets; which one matched stays hidden. */
export interface IdentityVerifier {
  verify(
    token: string,
    secrets: string[],
    audience: string,
  ): Promise<{ ok: true; identity: VerifiedIdentity } | { ok: false; reason: 'expired' | 'invalid' }>;
}

/** Bytes of uploaded files, by key (the filesystem under DATA_DIR; an object store later). */
export interface BlobStore {
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
  /** Removes the file; a missing one is fine (an erasure job may run twice). */
  delete(key: string): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
