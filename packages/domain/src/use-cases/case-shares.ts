/**
 * Per-case sharing (see ../case-shares.ts for the rules): the customer shares from the widget or
 * the company's app (API token, on the contact's behalf); agents of the conversation's inbox list
 * the shares of that conversation and view a value by an explicit request that is logged twice
 * (the share's access log, which the customer sees, and the account's audit log); a durable job
 * ends each share when its time runs out or its conversation resolves, deleting value and file.
 */
import {
  caseSharePurposeKey,
  caseShareExpiresAt,
  caseShareExpiry,
  caseShareViewable,
  summariseCaseShare,
  DEFAULT_CASE_SHARE_HOURS,
  type CaseShare,
  type CaseShareAccess,
  type CaseShareDuration,
  type CaseShareEndReason,
  type CaseShareSummary,
  type CaseShareValue,
} from '../case-shares.ts';
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from '../errors.ts';
import { authorize, type Actor } from '../policies.ts';
import type { BlobStore, Repositories } from '../ports.ts';
import type { Conversation, VisitorSession } from '../types.ts';
import type { UseCaseDeps } from './deps.ts';

export interface CaseShareDeps extends UseCaseDeps {
  blobs: BlobStore;
}

/** What a customer shares; a photo names an upload of theirs (the widget's or the API's upload route). */
export type CaseShareInput = (
  | { kind: 'location'; latitude: number; longitude: number; accuracy?: number | null }
  | { kind: 'order-number'; number: string }
  | { kind: 'contract-number'; number: string }
  | { kind: 'photo'; attachmentKey: string }
  | { kind: 'device'; userAgent: string; screen?: string | null; language?: string | null }
) & { duration?: CaseShareDuration };

interface Sharer {
  accountId: string;
  contactId: string;
  via: 'widget' | 'app';
  /** The uploader id an upload of this sharer carries (visitor session id, or user:<id>). */
  uploader: string;
  /** The API token's user, when the company's app shares on the contact's behalf. */
  userId: string | null;
}

async function valueOf(
  repos: Repositories,
  sharer: Sharer,
  conversation: Conversation,
  input: CaseShareInput,
): Promise<CaseShareValue> {
  switch (input.kind) {
    case 'location':
      return {
        kind: 'location',
        latitude: input.latitude,
        longitude: input.longitude,
        accuracy: input.accuracy ?? null,
      };
    case 'order-number':
    case 'contract-number':
      return { kind: input.kind, number: input.number.trim() };
    case 'device':
      return {
        kind: 'device',
        userAgent: input.userAgent,
        screen: input.screen ?? null,
        language: input.language ?? null,
      };
    case 'photo': {
      const file = await repos.caseShares.claimUpload(sharer.accountId, input.attachmentKey, {
        inboxId: conversation.inboxId,
        sessionId: sharer.uploader,
      });
      if (!file || !file.contentType.startsWith('image/')) {
        throw new InvalidError('Share a photo you uploaded in this chat.', [
          { path: 'attachmentKey', message: 'not an image uploaded by you here' },
        ]);
      }
      return { kind: 'photo', blobKey: input.attachmentKey, ...file };
    }
  }
}

/**
 * One share, in one transaction: the value, the per-case consent in the ledger (when the account
 * configured a per-case purpose for the kind), and the job that ends it by time.
 */
async function share(
  deps: CaseShareDeps,
  sharer: Sharer,
  conversationId: string,
  input: CaseShareInput,
): Promise<CaseShareSummary> {
  return deps.uow.transaction(async (repos) => {
    const conversation = await repos.conversations.get(sharer.accountId, conversationId);
    if (!conversation || conversation.contactId !== sharer.contactId) throw new NotFoundError('Conversation');
    // The case is closed: a share would end the moment it was made.
    if (conversation.status === 'resolved') {
      throw new ConflictError('The conversation is resolved; start a new one to share something.');
    }
    const now = deps.clock.now();
    const settings = await repos.privacy.getSettings(sharer.accountId);
    const expiresAt = caseShareExpiresAt(
      now,
      input.duration,
      settings.caseShareHours ?? DEFAULT_CASE_SHARE_HOURS,
    ).toISOString();
    const purpose = await repos.consents.findPurposeByKey(sharer.accountId, caseSharePurposeKey(input.kind));
    const perCase = purpose?.perCase ? purpose : undefined;
    const created = await repos.caseShares.create({
      accountId: sharer.accountId,
      conversationId,
      inboxId: conversation.inboxId,
      contactId: sharer.contactId,
      kind: input.kind,
      purposeKey: perCase?.key ?? null,
      sharedVia: sharer.via,
      sharedAt: now.toISOString(),
      expiresAt,
      value: await valueOf(repos, sharer, conversation, input),
    });
    if (perCase) {
      // Given for this case only: the reference names the conversation, and the share's end is the
      // end of what the customer allowed.
      await repos.consents.appendEntry({
        accountId: sharer.accountId,
        contactId: sharer.contactId,
        purposeId: perCase.id,
        purposeKey: perCase.key,
        purposeVersion: perCase.version,
        granted: true,
        channel: sharer.via === 'widget' ? 'widget' : 'app',
        recordedBy:
          sharer.via === 'widget'
            ? { kind: 'contact', userId: null }
            : { kind: 'api-token', userId: sharer.userId },
        how: `shared for one case until ${expiresAt}`,
        reference: `conversation:${conversationId}`,
        at: now.toISOString(),
      });
    }
    await repos.jobs.enqueue(sharer.accountId, {
      type: 'case-share.expire',
      payload: { shareId: created.id, trigger: 'time' },
      idempotencyKey: `case-share.expire:${created.id}:time`,
      runAt: expiresAt,
    });
    return summariseCaseShare(created);
  });
}

/** The widget's visitor shares in one of their own conversations of this inbox. */
export async function shareFromWidget(
  deps: CaseShareDeps,
  visitor: VisitorSession,
  conversationId: string,
  input: CaseShareInput,
): Promise<CaseShareSummary> {
  const conversation = await deps.uow.repos.conversations.get(visitor.accountId, conversationId);
  if (!conversation || conversation.inboxId !== visitor.inboxId) throw new NotFoundError('Conversation');
  return share(
    deps,
    {
      accountId: visitor.accountId,
      contactId: visitor.contactId,
      via: 'widget',
      uploader: visitor.id,
      userId: null,
    },
    conversationId,
    input,
  );
}

/**
 * The company's app shares on its customer's behalf, through an API token (never an agent's
 * session: an agent is not the customer). The conversation's contact is the one who shares.
 */
export async function shareFromApp(
  deps: CaseShareDeps,
  actor: Actor,
  via: 'session' | 'token',
  conversationId: string,
  input: CaseShareInput,
): Promise<CaseShareSummary> {
  const conversation = await deps.uow.repos.conversations.get(actor.accountId, conversationId);
  if (!conversation) throw new NotFoundError('Conversation');
  authorize(actor, 'caseShare.create', conversation, 'Conversation');
  if (via !== 'token') {
    throw new ForbiddenError(
      'Only the customer shares: through the widget, or the company app with an API token.',
    );
  }
  return share(
    deps,
    {
      accountId: actor.accountId,
      contactId: conversation.contactId,
      via: 'app',
      // As conversations.ts's agentUploader names an API user's uploads (not imported: that module imports this one).
      uploader: `user:${actor.userId}`,
      userId: actor.userId,
    },
    conversationId,
    input,
  );
}

async function visitorConversation(deps: UseCaseDeps, visitor: VisitorSession, conversationId: string) {
  const conversation = await deps.uow.repos.conversations.get(visitor.accountId, conversationId);
  if (
    !conversation ||
    conversation.inboxId !== visitor.inboxId ||
    conversation.contactId !== visitor.contactId
  ) {
    throw new NotFoundError('Conversation');
  }
  return conversation;
}

/** The visitor's shares in their conversation, newest first, without values (they know what they shared). */
export async function listVisitorCaseShares(
  deps: UseCaseDeps,
  visitor: VisitorSession,
  conversationId: string,
): Promise<CaseShareSummary[]> {
  await visitorConversation(deps, visitor, conversationId);
  const shares = await deps.uow.repos.caseShares.listForConversation(visitor.accountId, conversationId);
  return shares.filter((s) => s.contactId === visitor.contactId).map(summariseCaseShare);
}

/** Taking a share back is as easy as giving it: it ends at once, value and file deleted. */
export async function revokeVisitorCaseShare(
  deps: CaseShareDeps,
  visitor: VisitorSession,
  conversationId: string,
  shareId: string,
): Promise<CaseShareSummary> {
  await visitorConversation(deps, visitor, conversationId);
  const found = await deps.uow.repos.caseShares.get(visitor.accountId, shareId);
  if (!found || found.conversationId !== conversationId || found.contactId !== visitor.contactId) {
    throw new NotFoundError('Shared item');
  }
  await endShare(deps, visitor.accountId, shareId, 'revoked');
  return summariseCaseShare((await deps.uow.repos.caseShares.get(visitor.accountId, shareId)) ?? found);
}

export interface CaseShareWithAccess extends CaseShareSummary {
  access: CaseShareAccess[];
}

async function withAccess(repos: Repositories, accountId: string, shares: CaseShare[]) {
  const access = await repos.caseShares.listAccess(
    accountId,
    shares.map((s) => s.id),
  );
  return shares.map((s) => ({ ...summariseCaseShare(s), access: access.filter((a) => a.shareId === s.id) }));
}

async function agentConversation(deps: UseCaseDeps, actor: Actor, conversationId: string) {
  const conversation = await deps.uow.repos.conversations.get(actor.accountId, conversationId);
  if (!conversation) throw new NotFoundError('Conversation');
  authorize(actor, 'caseShare.read', conversation, 'Conversation');
  return conversation;
}

/**
 * The shares of ONE conversation, for agents who may see it: kind, times, status and who looked;
 * never a value. A contact's shares in other conversations are not reachable from here.
 */
export async function listConversationCaseShares(
  deps: UseCaseDeps,
  actor: Actor,
  conversationId: string,
): Promise<CaseShareWithAccess[]> {
  await agentConversation(deps, actor, conversationId);
  const repos = deps.uow.repos;
  return withAccess(
    repos,
    actor.accountId,
    await repos.caseShares.listForConversation(actor.accountId, conversationId),
  );
}

/**
 * For the customer's privacy centre (and exports): every share of the contact with its access log,
 * ended ones as tombstones; never a value. The caller has established who the contact is.
 */
export async function listCaseSharesForContact(
  repos: Repositories,
  accountId: string,
  contactId: string,
): Promise<CaseShareWithAccess[]> {
  return withAccess(repos, accountId, await repos.caseShares.listForContact(accountId, contactId));
}

export type CaseShareView =
  | Exclude<CaseShareValue, { kind: 'photo' }>
  | { kind: 'photo'; filename: string; contentType: string; size: number; base64: string };

/** base64 without node:buffer (the domain imports no Node modules). */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * An agent looks at the value. Every attempt is logged (access log and audit log, without the
 * value); after the share ended (or its time ran out, even before the job came) the attempt is
 * refused, logged as refused, and answered as not found.
 */
export async function viewCaseShare(
  deps: CaseShareDeps,
  actor: Actor,
  conversationId: string,
  shareId: string,
): Promise<{ share: CaseShareSummary; value: CaseShareView }> {
  const conversation = await agentConversation(deps, actor, conversationId);
  const repos = deps.uow.repos;
  const found = await repos.caseShares.get(actor.accountId, shareId);
  // Only inside its own conversation: another conversation's id does not reach it.
  if (!found || found.conversationId !== conversationId) throw new NotFoundError('Shared item');
  const now = deps.clock.now();
  const at = now.toISOString();
  const log = async (outcome: 'viewed' | 'refused') => {
    await repos.caseShares.appendAccess(actor.accountId, { shareId, userId: actor.userId, outcome, at });
    await repos.privacy.appendAudit({
      accountId: actor.accountId,
      userId: actor.userId,
      action: outcome === 'viewed' ? 'case-share.viewed' : 'case-share.refused',
      contactId: found.contactId,
      createdAt: at,
    });
  };
  const stored = caseShareViewable(found, conversation, now)
    ? await repos.caseShares.getValue(actor.accountId, shareId)
    : undefined;
  if (!stored) {
    // The clock decides, not the job: a share past its time ends here and now.
    const expiry = caseShareExpiry(found, conversation, now);
    if (expiry.end) await endShare(deps, actor.accountId, shareId, expiry.reason);
    await log('refused');
    throw new NotFoundError('Shared item');
  }
  let value: CaseShareView;
  if (stored.kind === 'photo') {
    const bytes = await deps.blobs.get(stored.blobKey);
    if (!bytes) {
      await log('refused');
      throw new NotFoundError('Shared item');
    }
    value = {
      kind: 'photo',
      filename: stored.filename,
      contentType: stored.contentType,
      size: stored.size,
      base64: toBase64(bytes),
    };
  } else {
    value = stored;
  }
  await log('viewed');
  return { share: summariseCaseShare(found), value };
}

/**
 * Ends a share: the row loses its value inside the transaction, the file goes before the commit
 * (a failed commit leaves the row naming it, so the retry finds it again; a missing file is fine).
 */
async function endShare(deps: CaseShareDeps, accountId: string, shareId: string, reason: CaseShareEndReason) {
  await deps.uow.transaction(async (repos) => {
    const at = deps.clock.now().toISOString();
    const ended = await repos.caseShares.end(accountId, shareId, reason, at);
    if (!ended) return;
    if (ended.blobKey) await deps.blobs.delete(ended.blobKey);
    const share = await repos.caseShares.get(accountId, shareId);
    if (share) await endCaseConsent(repos, share, reason, at);
  });
}

/**
 * The per-case consent ends with the last share it was given for: the ledger gets the matching
 * "withdrawn" entry (same case reference), so the contact's state no longer reads as granted once
 * the case is over. Recorded as the one who gave it: the end was part of what they chose.
 */
async function endCaseConsent(repos: Repositories, share: CaseShare, reason: CaseShareEndReason, at: string) {
  if (!share.purposeKey) return;
  const reference = `conversation:${share.conversationId}`;
  const stillShared = (
    await repos.caseShares.listForConversation(share.accountId, share.conversationId)
  ).some(
    (other) =>
      other.status === 'active' &&
      other.purposeKey === share.purposeKey &&
      other.contactId === share.contactId,
  );
  if (stillShared) return;
  const purpose = await repos.consents.findPurposeByKey(share.accountId, share.purposeKey);
  if (!purpose) return;
  const latest = await repos.consents.latestEntry(share.accountId, share.contactId, purpose.id);
  // Only the grant for this very case: a standing consent given otherwise stays as it is.
  if (!latest?.granted || latest.reference !== reference) return;
  await repos.consents.appendEntry({
    accountId: share.accountId,
    contactId: share.contactId,
    purposeId: purpose.id,
    purposeKey: purpose.key,
    purposeVersion: latest.purposeVersion,
    granted: false,
    channel: latest.channel,
    recordedBy: latest.recordedBy,
    how: `case share ended (${reason})`,
    reference,
    at,
  });
}

/**
 * The job: ends the share when its conversation resolved or its time ran out. Run early (a clock
 * behind the scheduler's), it fails, and the worker retries later; an ended share is done.
 */
export async function expireCaseShare(
  deps: CaseShareDeps,
  accountId: string,
  payload: { shareId: string; trigger: 'time' | 'resolved' },
): Promise<void> {
  const found = await deps.uow.repos.caseShares.get(accountId, payload.shareId);
  if (!found || found.status === 'ended') return;
  if (payload.trigger === 'resolved') {
    // The case closed: what was shared for it goes, even should the conversation be reopened meanwhile.
    await endShare(deps, accountId, found.id, 'resolved');
    return;
  }
  const conversation = await deps.uow.repos.conversations.get(accountId, found.conversationId);
  const expiry = caseShareExpiry(found, conversation, deps.clock.now());
  if (!expiry.end) throw new Error(`shared item ${found.id} is not due before ${found.expiresAt}`);
  await endShare(deps, accountId, found.id, expiry.reason);
}

/** In a resolving conversation's transaction: one job per active share ends it (key: share + resolve). */
export async function enqueueCaseShareEnds(
  repos: Repositories,
  accountId: string,
  conversationId: string,
): Promise<void> {
  for (const active of await repos.caseShares.listForConversation(accountId, conversationId)) {
    if (active.status !== 'active') continue;
    await repos.jobs.enqueue(accountId, {
      type: 'case-share.expire',
      payload: { shareId: active.id, trigger: 'resolved' },
      idempotencyKey: `case-share.expire:${active.id}:resolved`,
    });
  }
}

/** A safety net beside each share's own job (the daily retention run calls it): ends what is overdue. */
export async function endOverdueCaseShares(deps: CaseShareDeps, accountId: string): Promise<number> {
  let ended = 0;
  for (;;) {
    const due = await deps.uow.repos.caseShares.listDue(accountId, deps.clock.now().toISOString(), 100);
    if (due.length === 0) return ended;
    for (const overdue of due) await endShare(deps, accountId, overdue.id, 'time');
    ended += due.length;
  }
}
