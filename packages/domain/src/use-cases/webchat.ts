/**
 * The web chat channel: an inbox's widget settings and identity secrets (admins), and the visitors
 * who chat through the widget (public, authenticated by their own visitor token).
 *
 * Visitors are anonymous (a contact of their own, identity "inboxId:visitor:<session>") or verified
 * by the company's backend with a signed identity token (identity "inboxId:user:<sub>", plus their
 * e-mail address). Only a verified visitor sees history beyond the widget: the contact's messages of
 * every channel. Visitors never see internal notes or system lines, only messages of kind text.
 */
import { InvalidError, NotFoundError, UnauthenticatedError } from '../errors.ts';
import { requireContent, transactionRetryingConflicts } from './transaction.ts';
import type { EphemeralSignal, NewEvent } from '../events.ts';
import { authorize, canSee, type Actor } from '../policies.ts';
import type {
  BlobStore,
  EphemeralPublisher,
  IdentityVerifier,
  Page,
  Repositories,
  VerifiedIdentity,
} from '../ports.ts';
import type {
  Attachment,
  Contact,
  Inbox,
  Language,
  Message,
  ProactiveRule,
  StoredAttachment,
  VisitorSession,
  WebchatSecret,
  WebchatSettings,
} from '../types.ts';
import { waitingSinceAfter } from '../waiting.ts';
import { enqueueTriage } from './triage-message.ts';
import type { UseCaseDeps } from './deps.ts';
import { refreshSlaInto } from './sla.ts';

/** An anonymous session lives this long after its last resumption. */
export const VISITOR_SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** A rotation keeps the previous secret, so the company's backend can switch over without downtime. */
const KEPT_SECRETS = 2;
const VISITOR_TOKEN_PREFIX = 'sdv_';

export interface WebchatDeps extends UseCaseDeps {
  identities: IdentityVerifier;
  signals: EphemeralPublisher;
  blobs: BlobStore;
  /** The absolute URL under which an uploaded file is served. */
  attachmentUrl: (key: string) => string;
  attachmentLimitBytes: number;
}

// ---- helpers ----

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
const randomHex = (size: number) => hex(crypto.getRandomValues(new Uint8Array(size)));

/** Visitor tokens are stored as their SHA-256 only: a leaked database lets nobody take over a chat. */
export async function hashVisitorToken(token: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))));
}

const publicSecret = ({ id, createdAt }: WebchatSecret) => ({ id, createdAt });

async function loadWebchatInbox(repos: Repositories, actor: Actor, inboxId: string): Promise<Inbox> {
  const inbox = await repos.inboxes.get(actor.accountId, inboxId);
  if (!inbox?.webchat || !canSee(actor, { accountId: inbox.accountId, inboxId: inbox.id })) {
    throw new NotFoundError('Web chat inbox');
  }
  return inbox;
}

// ---- admins: settings and secrets ----

export interface WebchatSettingsView {
  inbox: Inbox;
  settings: WebchatSettings;
  /** The identity secrets' ids and ages; their values are shown only when made. */
  secrets: { id: string; createdAt: string }[];
}

export async function getWebchatSettings(
  deps: UseCaseDeps,
  actor: Actor,
  inboxId: string,
): Promise<WebchatSettingsView> {
  const inbox = await loadWebchatInbox(deps.uow.repos, actor, inboxId);
  authorize(actor, 'inbox.read', { accountId: inbox.accountId, inboxId: inbox.id }, 'Web chat inbox');
  const secrets = await deps.uow.repos.inboxes.getWebchatSecrets(actor.accountId, inbox.id);
  return { inbox, settings: inbox.webchat!, secrets: secrets.map(publicSecret) };
}

export interface WebchatSettingsChanges {
  allowedOrigins?: string[];
  /** Only the languages given change; null removes that greeting. */
  greeting?: Partial<Record<Language, string | null>>;
  preChatForm?: boolean;
  /** Replaces the whole list. */
  proactiveRules?: ProactiveRule[];
}

export async function updateWebchatSettings(
  deps: UseCaseDeps,
  actor: Actor,
  inboxId: string,
  changes: WebchatSettingsChanges,
): Promise<WebchatSettingsView> {
  if (changes.proactiveRules) requireUniqueRuleIds(changes.proactiveRules);
  return deps.uow.transaction(async (repos) => {
    const inbox = await loadWebchatInbox(repos, actor, inboxId);
    authorize(actor, 'inbox.manage', { accountId: inbox.accountId, inboxId: inbox.id }, 'Web chat inbox');
    const current = inbox.webchat!;
    const settings: WebchatSettings = {
      allowedOrigins: changes.allowedOrigins ? [...new Set(changes.allowedOrigins)] : current.allowedOrigins,
      greeting: { ...current.greeting, ...changes.greeting },
      preChatForm: changes.preChatForm ?? current.preChatForm,
      proactiveRules: changes.proactiveRules ?? current.proactiveRules,
    };
    const updated = await repos.inboxes.updateWebchat(actor.accountId, inbox.id, settings);
    const secrets = await repos.inboxes.getWebchatSecrets(actor.accountId, inbox.id);
    return { inbox: updated, settings, secrets: secrets.map(publicSecret) };
  });
}

/** The widget remembers which rule fired by its id, so two rules must not share one. */
function requireUniqueRuleIds(rules: ProactiveRule[]): void {
  const seen = new Set<string>();
  const details = rules.flatMap((rule, index) => {
    const duplicate = seen.has(rule.id);
    seen.add(rule.id);
    return duplicate ? [{ path: `proactiveRules.${index}.id`, message: 'is used by another rule' }] : [];
  });
  if (details.length > 0) throw new InvalidError('Each proactive rule needs its own id.', details);
}

/**
 * Makes a new identity secret, shown only in this answer. The newest previous one stays valid
 * (keepPrevious, the default) so tokens signed with it keep working during the switch; without it,
 * every older secret is revoked at once (after a leak).
 */
export async function rotateWebchatSecret(
  deps: UseCaseDeps,
  actor: Actor,
  inboxId: string,
  options: { keepPrevious: boolean },
): Promise<{ secret: WebchatSecret; secrets: { id: string; createdAt: string }[] }> {
  return deps.uow.transaction(async (repos) => {
    const inbox = await loadWebchatInbox(repos, actor, inboxId);
    authorize(actor, 'inbox.manage', { accountId: inbox.accountId, inboxId: inbox.id }, 'Web chat inbox');
    const secret: WebchatSecret = {
      id: crypto.randomUUID(),
      secret: randomHex(32),
      createdAt: deps.clock.now().toISOString(),
    };
    const previous = options.keepPrevious
      ? await repos.inboxes.getWebchatSecrets(actor.accountId, inbox.id)
      : [];
    const secrets = [secret, ...previous].slice(0, KEPT_SECRETS);
    await repos.inboxes.setWebchatSecrets(actor.accountId, inbox.id, secrets);
    return { secret, secrets: secrets.map(publicSecret) };
  });
}

// ---- visitors ----

/** What the widget may know about its inbox before anyone has written. */
export async function getWidgetInbox(deps: UseCaseDeps, inboxId: string): Promise<Inbox> {
  const inbox = await deps.uow.repos.inboxes.findWebchat(inboxId);
  if (!inbox) throw new NotFoundError('Web chat inbox');
  return inbox;
}

export interface StartVisitorSessionInput {
  inboxId: string;
  /** The token of an earlier session of this browser, to resume it. */
  token?: string;
  /** An identity token (JWT, HS256) from the company's backend, to chat as a verified customer. */
  identity?: string;
  /**
   * Pre-chat form answers. They fill empty fields of an anonymous contact, and the e-mail address
   * becomes its identity unless another contact has it already: later mail from that address lands on
   * this contact. They never let the visitor see anyone else's history (only a signed token does).
   */
  name?: string;
  email?: string;
  language?: Language;
}

export interface VisitorSessionResult {
  session: VisitorSession;
  /** The visitor token; only its hash is stored. */
  token: string;
  /** false: an existing session was resumed. */
  created: boolean;
  inbox: Inbox;
  contact: Contact;
}

/**
 * Starts or resumes a widget visitor's session. Without identity: the session of the given token if
 * it is valid for this inbox, else a new anonymous one. With identity: the token is verified against
 * the inbox's secrets, and a new session (a new token, so no one who knew the old one rides along) is
 * bound to the verified contact, found by customer id or verified e-mail across channels. What the
 * browser wrote anonymously before moves into that contact's history; the old session ends.
 */
export async function startVisitorSession(
  deps: WebchatDeps,
  input: StartVisitorSessionInput,
): Promise<VisitorSessionResult> {
  const inbox = await getWidgetInbox(deps, input.inboxId);
  const repos = deps.uow.repos;
  const previous = input.token
    ? await repos.visitorSessions.findByHash(await hashVisitorToken(input.token))
    : undefined;
  const resumable = previous && previous.inboxId === inbox.id ? previous : undefined;
  const now = deps.clock.now();

  if (input.identity === undefined) {
    if (resumable) {
      let contact = await repos.contacts.get(inbox.accountId, resumable.contactId);
      if (!contact) throw new UnauthenticatedError('The visitor session has ended.');
      // A verified session ends with its identity token; only an anonymous one is extended.
      if (!resumable.verified) {
        const expiresAt = new Date(now.getTime() + VISITOR_SESSION_TTL_MS).toISOString();
        await repos.visitorSessions.extend(inbox.accountId, resumable.id, expiresAt);
        resumable.expiresAt = expiresAt;
        contact = await fillPreChat(repos, contact, input);
      }
      return { session: resumable, token: input.token!, created: false, inbox, contact };
    }
    return deps.uow.transaction(async (tx) => {
      const contact = await tx.contacts.create({
        accountId: inbox.accountId,
        name: input.name ?? null,
        email: input.email?.trim().toLowerCase() || null,
        phone: null,
        language: input.language ?? inbox.language,
      });
      const token = VISITOR_TOKEN_PREFIX + randomHex(32);
      const session = await tx.visitorSessions.create({
        accountId: inbox.accountId,
        inboxId: inbox.id,
        contactId: contact.id,
        tokenHash: await hashVisitorToken(token),
        verified: false,
        expiresAt: new Date(now.getTime() + VISITOR_SESSION_TTL_MS).toISOString(),
      });
      await tx.contacts.addIdentity(
        inbox.accountId,
        contact.id,
        'webchat',
        `${inbox.id}:visitor:${session.id}`,
      );
      if (contact.email) await tx.contacts.addIdentity(inbox.accountId, contact.id, 'email', contact.email);
      return { session, token, created: true, inbox, contact };
    });
  }

  const secrets = await repos.inboxes.getWebchatSecrets(inbox.accountId, inbox.id);
  const verified = await deps.identities.verify(
    input.identity,
    secrets.map((secret) => secret.secret),
    inbox.id,
  );
  if (!verified.ok) {
    const message = verified.reason === 'expired' ? 'has expired' : 'is not valid for this inbox';
    throw new UnauthenticatedError(`The identity token ${message}.`, [{ path: 'identity', message }]);
  }
  const expiresAt = new Date(
    Math.min(Date.parse(verified.identity.expiresAt), now.getTime() + VISITOR_SESSION_TTL_MS),
  ).toISOString();
  return transactionRetryingConflicts(deps.uow, (tx) =>
    bindVerified(tx, inbox, verified.identity, resumable, expiresAt, input.language),
  );
}

async function bindVerified(
  repos: Repositories,
  inbox: Inbox,
  identity: VerifiedIdentity,
  previous: VisitorSession | undefined,
  expiresAt: string,
  language: Language | undefined,
): Promise<VisitorSessionResult> {
  const { accountId } = inbox;
  const email = identity.email?.trim().toLowerCase() || undefined;
  const identities: ['webchat' | 'email', string][] = [
    ['webchat', `${inbox.id}:user:${identity.customerId}`],
  ];
  if (email) identities.push(['email', email]);

  let contact: Contact | undefined;
  let foundBy = -1;
  for (const [index, [kind, value]] of identities.entries()) {
    contact = await repos.contacts.findByIdentity(accountId, kind, value);
    if (contact) {
      foundBy = index;
      break;
    }
  }
  if (!contact) {
    contact = await repos.contacts.create({
      accountId,
      name: identity.name,
      email: email ?? null,
      phone: null,
      language: language ?? inbox.language,
    });
  } else {
    const fill: Partial<Pick<Contact, 'name' | 'email'>> = {};
    if (!contact.name && identity.name) fill.name = identity.name;
    if (!contact.email && email) fill.email = email;
    if (Object.keys(fill).length > 0) contact = await repos.contacts.update(accountId, contact.id, fill);
  }
  // As with every channel, an identity someone else owns already stays theirs.
  for (const [index, [kind, value]] of identities.entries()) {
    if (index !== foundBy) await repos.contacts.addIdentity(accountId, contact.id, kind, value);
  }
  // A proven customer's contact has no anonymous sessions: whoever typed this e-mail address into a
  // pre-chat form before (which made it the contact's identity) must not read along from now on.
  await repos.visitorSessions.deleteAnonymous(accountId, contact.id);

  if (previous) {
    // What this browser wrote anonymously is the verified customer's; another verified one's is not.
    if (!previous.verified && previous.contactId !== contact.id) {
      const anonymous = await repos.contacts.get(accountId, previous.contactId);
      if (anonymous) {
        const { movedConversationIds } = await repos.contacts.merge(accountId, anonymous.id, contact.id);
        await repos.events.append(accountId, [
          {
            type: 'contact.merged',
            inboxId: null,
            conversationId: null,
            data: { contact, mergedContactId: anonymous.id, movedConversationIds },
          },
        ]);
      }
    }
    await repos.visitorSessions.delete(accountId, previous.id);
  }

  const token = VISITOR_TOKEN_PREFIX + randomHex(32);
  const session = await repos.visitorSessions.create({
    accountId,
    inboxId: inbox.id,
    contactId: contact.id,
    tokenHash: await hashVisitorToken(token),
    verified: true,
    expiresAt,
  });
  return { session, token, created: true, inbox, contact };
}

async function fillPreChat(
  repos: Repositories,
  contact: Contact,
  input: StartVisitorSessionInput,
): Promise<Contact> {
  const fill: Partial<Pick<Contact, 'name' | 'email'>> = {};
  if (!contact.name && input.name) fill.name = input.name;
  const email = input.email?.trim().toLowerCase();
  if (!contact.email && email) fill.email = email;
  if (Object.keys(fill).length === 0) return contact;
  // As everywhere, an identity another contact owns stays theirs (addIdentity does nothing then).
  if (fill.email) await repos.contacts.addIdentity(contact.accountId, contact.id, 'email', fill.email);
  return repos.contacts.update(contact.accountId, contact.id, fill);
}

/** The session a visitor token belongs to, for this inbox; anything else is a 401. */
export async function authenticateVisitor(
  deps: UseCaseDeps,
  inboxId: string | undefined,
  token: string | undefined,
): Promise<VisitorSession> {
  const session = token
    ? await deps.uow.repos.visitorSessions.findByHash(await hashVisitorToken(token))
    : undefined;
  if (!session || (inboxId !== undefined && session.inboxId !== inboxId)) {
    throw new UnauthenticatedError('The visitor token is not valid.');
  }
  return session;
}

/**
 * The visitor's messages, oldest first, only kind text (never notes or system lines). Anonymous:
 * this inbox only. Verified: the contact's whole timeline, every channel.
 */
export async function listVisitorMessages(
  deps: UseCaseDeps,
  visitor: VisitorSession,
  options: { limit: number; cursor?: string },
): Promise<Page<Message>> {
  return deps.uow.repos.messages.listForContact(visitor.accountId, visitor.contactId, {
    ...options,
    kinds: ['text'],
    ...(!visitor.verified && { inboxId: visitor.inboxId }),
  });
}

/** The visitor's own messages carry the client's id under this prefix (externalId is unique per inbox). */
export const visitorExternalId = (visitor: VisitorSession, clientMessageId: string) =>
  `webchat:${visitor.id}:${clientMessageId}`;

export interface VisitorMessageInput {
  /** Made by the widget; the same id again returns the first message and creates nothing. */
  clientMessageId: string;
  text: string;
  /** Keys of files this session uploaded. */
  attachmentKeys: string[];
}

export async function postVisitorMessage(
  deps: WebchatDeps,
  visitor: VisitorSession,
  input: VisitorMessageInput,
): Promise<{ created: boolean; message: Message }> {
  requireContent(input.text, input.attachmentKeys.length);
  return transactionRetryingConflicts(deps.uow, (repos) => postOnce(repos, deps, visitor, input));
}

async function postOnce(
  repos: Repositories,
  deps: WebchatDeps,
  visitor: VisitorSession,
  input: VisitorMessageInput,
): Promise<{ created: boolean; message: Message }> {
  const { accountId, inboxId } = visitor;
  const externalId = visitorExternalId(visitor, input.clientMessageId);
  const seen = await repos.messages.findByExternalId(accountId, inboxId, externalId);
  if (seen) return { created: false, message: seen };

  const attachments: Attachment[] = [];
  for (const [index, key] of input.attachmentKeys.entries()) {
    const stored = await repos.attachments.get(key);
    if (!stored || stored.accountId !== accountId || stored.sessionId !== visitor.id) {
      throw new InvalidError('Unknown attachment.', [
        { path: `attachments.${index}`, message: 'not a file uploaded in this session' },
      ]);
    }
    attachments.push({
      filename: stored.filename,
      contentType: stored.contentType,
      size: stored.size,
      url: deps.attachmentUrl(stored.key),
    });
  }

  const at = deps.clock.now().toISOString();
  const events: NewEvent[] = [];
  let conversation = await repos.conversations.findActive(accountId, inboxId, visitor.contactId);
  if (!conversation) {
    const contact = await repos.contacts.get(accountId, visitor.contactId);
    const inbox = await repos.inboxes.get(accountId, inboxId);
    if (!contact || !inbox) throw new UnauthenticatedError('The visitor session has ended.');
    conversation = await repos.conversations.create({
      accountId,
      inboxId,
      contactId: contact.id,
      language: contact.language ?? inbox.language,
      at,
    });
    events.push({
      type: 'conversation.created',
      inboxId,
      conversationId: conversation.id,
      data: { conversation },
    });
  }
  const message = await repos.messages.create({
    accountId,
    inboxId,
    conversationId: conversation.id,
    direction: 'in',
    kind: 'text',
    authorType: 'contact',
    authorId: visitor.contactId,
    text: input.text,
    externalId,
    attachments,
    at,
  });
  await enqueueTriage(repos, message);
  events.push({ type: 'message.created', inboxId, conversationId: conversation.id, data: { message } });
  // The customer wrote again: a waiting or snoozed conversation needs a person again.
  const reopens = conversation.status === 'pending' || conversation.status === 'snoozed';
  const updated = await repos.conversations.update(accountId, conversation.id, {
    lastMessageAt: at,
    waitingSince: waitingSinceAfter(conversation.waitingSince, message),
    ...(reopens ? { status: 'open' as const, snoozedUntil: null } : {}),
  });
  if (reopens) {
    events.push({
      type: 'conversation.updated',
      inboxId,
      conversationId: conversation.id,
      data: { conversation: updated, changes: ['status'] },
    });
  }
  // A wait began (the first message, or the next one after a response): the SLA timers start (domain/sla.ts).
  if (updated.waitingSince !== conversation.waitingSince) {
    await refreshSlaInto(repos, updated, new Date(at), events);
  }
  await repos.events.append(accountId, events);
  return { created: true, message };
}

/** The visitor types (or stopped): agents of the inbox see it live; nothing is stored. */
export async function visitorTyping(
  deps: WebchatDeps,
  visitor: VisitorSession,
  typing: boolean,
): Promise<void> {
  const conversation = await deps.uow.repos.conversations.findActive(
    visitor.accountId,
    visitor.inboxId,
    visitor.contactId,
  );
  if (!conversation) return; // nobody to tell before the first message
  deps.signals.publishEphemeral({
    type: 'typing',
    accountId: visitor.accountId,
    inboxId: visitor.inboxId,
    conversationId: conversation.id,
    data: { authorType: 'contact', authorId: visitor.contactId, typing },
  });
}

/** An agent types a reply: the customer's widget and the other agents see it live; nothing is stored. */
export async function agentTyping(
  deps: UseCaseDeps & { signals: EphemeralPublisher },
  actor: Actor,
  conversationId: string,
  typing: boolean,
): Promise<void> {
  const conversation = await deps.uow.repos.conversations.get(actor.accountId, conversationId);
  if (!conversation || !canSee(actor, conversation)) throw new NotFoundError('Conversation');
  authorize(actor, 'conversation.reply', conversation, 'Conversation');
  const signal: EphemeralSignal = {
    type: 'typing',
    accountId: actor.accountId,
    inboxId: conversation.inboxId,
    conversationId,
    data: { authorType: 'user', authorId: actor.userId, typing },
  };
  deps.signals.publishEphemeral(signal);
}

// ---- attachments ----

/** The file types a visitor may upload, recognised by their first bytes, never by name or header. */
const SIGNATURES: { type: string; extension: string; matches: (bytes: Uint8Array) => boolean }[] = [
  {
    type: 'image/png',
    extension: 'png',
    matches: startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  { type: 'image/jpeg', extension: 'jpg', matches: startsWith([0xff, 0xd8, 0xff]) },
  {
    type: 'image/gif',
    extension: 'gif',
    matches: (b) =>
      startsWith([0x47, 0x49, 0x46, 0x38, 0x37, 0x61])(b) ||
      startsWith([0x47, 0x49, 0x46, 0x38, 0x39, 0x61])(b),
  },
  {
    type: 'image/webp',
    extension: 'webp',
    matches: (b) =>
      startsWith([0x52, 0x49, 0x46, 0x46])(b) && startsWith([0x57, 0x45, 0x42, 0x50])(b.subarray(8)),
  },
  { type: 'application/pdf', extension: 'pdf', matches: startsWith([0x25, 0x50, 0x44, 0x46, 0x2d]) },
];

function startsWith(signature: number[]): (bytes: Uint8Array) => boolean {
  return (bytes) =>
    bytes.length >= signature.length && signature.every((byte, index) => bytes[index] === byte);
}

/** The content type by magic bytes, or undefined for anything not allowed. */
export function sniffContentType(bytes: Uint8Array): { type: string; extension: string } | undefined {
  const found = SIGNATURES.find((signature) => signature.matches(bytes));
  return found && { type: found.type, extension: found.extension };
}

/** A file name fit for a header and a download: no path, no control or quoting characters. */
function safeFilename(name: string | undefined, extension: string): string {
  const base = (name ?? '')
    .normalize('NFC')
    .split(/[/\\]/)
    .at(-1)!
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001F\u007F"<>|:*?]/g, '')
    .replace(/\p{Surrogate}/gu, '')
    .trim()
    .slice(0, 200);
  if (!base || base.startsWith('.')) return `attachment.${extension}`;
  return base;
}

export async function uploadVisitorAttachment(
  deps: WebchatDeps,
  visitor: VisitorSession,
  input: { filename?: string; bytes: Uint8Array },
): Promise<StoredAttachment> {
  return storeAttachment(
    deps,
    { accountId: visitor.accountId, inboxId: visitor.inboxId, sessionId: visitor.id },
    input,
  );
}

/**
 * The one way a file gets in, for visitors and agents alike: not empty, not too large, and an image
 * or a PDF by its content. `owner.sessionId` names the uploader, who alone may attach it.
 */
export async function storeAttachment(
  deps: Pick<WebchatDeps, 'uow' | 'blobs' | 'attachmentLimitBytes'>,
  owner: Pick<StoredAttachment, 'accountId' | 'inboxId' | 'sessionId'>,
  input: { filename?: string; bytes: Uint8Array },
): Promise<StoredAttachment> {
  if (input.bytes.length === 0) {
    throw new InvalidError('The file is empty.', [{ path: 'body', message: 'must not be empty' }]);
  }
  if (input.bytes.length > deps.attachmentLimitBytes) {
    throw new InvalidError('The file is too large.', [
      { path: 'body', message: `at most ${deps.attachmentLimitBytes} bytes` },
    ]);
  }
  const sniffed = sniffContentType(input.bytes);
  if (!sniffed) {
    throw new InvalidError('Only images (PNG, JPEG, GIF, WebP) and PDF files can be sent.', [
      { path: 'body', message: 'not a PNG, JPEG, GIF, WebP or PDF file' },
    ]);
  }
  // 32 random bytes: the key is the capability to read the file.
  const key = randomHex(32);
  await deps.blobs.put(key, input.bytes);
  return deps.uow.repos.attachments.create({
    key,
    ...owner,
    filename: safeFilename(input.filename, sniffed.extension),
    contentType: sniffed.type,
    size: input.bytes.length,
  });
}

export async function readAttachment(
  deps: WebchatDeps,
  key: string,
): Promise<{ attachment: StoredAttachment; bytes: Uint8Array }> {
  const attachment = /^[0-9a-f]{64}$/.test(key) ? await deps.uow.repos.attachments.get(key) : undefined;
  const bytes = attachment && (await deps.blobs.get(attachment.key));
  if (!attachment || !bytes) throw new NotFoundError('Attachment');
  return { attachment, bytes };
}
