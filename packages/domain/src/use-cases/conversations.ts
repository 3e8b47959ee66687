import { InvalidError, NotFoundError } from '../errors.ts';
import type { NewEvent } from '../events.ts';
import { authorize, canSee, visibleInboxIds, type Actor } from '../policies.ts';
import type { ConversationFilter, MessageOrder, Page, Repositories } from '../ports.ts';
import type { Attachment, Conversation, ConversationStatus, Message, Priority } from '../types.ts';
import { waitingSinceAfter } from '../waiting.ts';
import type { UseCaseDeps } from './deps.ts';
import { requireContent } from './transaction.ts';
import { enqueueCaseShareEnds } from './case-shares.ts';
import { storeAttachment, type WebchatDeps } from './webchat.ts';
import { enqueueEmailSend, planOutboundMail, type EmailOutboundDeps } from './email-outbound.ts';
import { enqueueAssignmentDrain } from './assignment.ts';
import { refreshSlaInto } from './sla.ts';

/** Snoozes end before this moment; later ones would overflow the job's timestamps. */
const LATEST_SNOOZE = Date.UTC(9999, 0, 1);

async function loadConversation(repos: Repositories, actor: Actor, id: string): Promise<Conversation> {
  const conversation = await repos.conversations.get(actor.accountId, id);
  if (!conversation || !canSee(actor, conversation)) throw new NotFoundError('Conversation');
  return conversation;
}

export async function getConversation(deps: UseCaseDeps, actor: Actor, id: string): Promise<Conversation> {
  const conversation = await loadConversation(deps.uow.repos, actor, id);
  authorize(actor, 'conversation.read', conversation, 'Conversation');
  return conversation;
}

export async function listConversations(
  deps: UseCaseDeps,
  actor: Actor,
  filter: Omit<ConversationFilter, 'inboxIds'>,
): Promise<Page<Conversation>> {
  authorize(actor, 'conversation.read');
  return deps.uow.repos.conversations.list(actor.accountId, { ...filter, inboxIds: visibleInboxIds(actor) });
}

export async function listConversationMessages(
  deps: UseCaseDeps,
  actor: Actor,
  conversationId: string,
  options: { limit: number; cursor?: string; order?: MessageOrder },
): Promise<Page<Message>> {
  await getConversation(deps, actor, conversationId);
  return deps.uow.repos.messages.listForConversation(actor.accountId, conversationId, options);
}

export interface ReplyInput {
  text: string;
  /** text goes to the customer; note stays internal and is never sent. */
  kind: 'text' | 'note';
  /** Keys of files this agent uploaded to this conversation (uploadAgentAttachment). */
  attachmentKeys?: string[];
  /**
   * The channel switch: a reply in a web chat conversation sent as mail (from `emailInboxId`, else the
   * account's first e-mail inbox), for a visitor who has left; their answer threads back here.
   */
  via?: 'email';
  emailInboxId?: string;
}

/**
 * Replies with attachments need to know where files are served; replies that leave as mail need
 * the inbox's threading key (sealed) and the signer; text alone needs neither.
 */
export type ReplyDeps = UseCaseDeps &
  Partial<Pick<WebchatDeps, 'attachmentUrl'>> &
  Partial<EmailOutboundDeps>;

/** Who uploaded a file, as an agent (visitors' uploads carry their session's id). */
export const agentUploader = (userId: string) => `user:${userId}`;

/**
 * An agent uploads an image or a PDF to send in a conversation: the same checks as a visitor's
 * upload (size, type by content), and only for a conversation they may reply in.
 */
export async function uploadAgentAttachment(
  deps: WebchatDeps,
  actor: Actor,
  conversationId: string,
  input: { filename?: string; bytes: Uint8Array },
) {
  const conversation = await loadConversation(deps.uow.repos, actor, conversationId);
  authorize(actor, 'conversation.reply', conversation, 'Conversation');
  return storeAttachment(
    deps,
    { accountId: actor.accountId, inboxId: conversation.inboxId, sessionId: agentUploader(actor.userId) },
    input,
  );
}

/** The agent's own uploads to this conversation's inbox; anyone else's key is not found. */
async function agentAttachments(
  repos: Repositories,
  deps: ReplyDeps,
  actor: Actor,
  conversation: Conversation,
  keys: string[],
): Promise<Attachment[]> {
  const attachments: Attachment[] = [];
  for (const key of keys) {
    const stored = await repos.attachments.get(key);
    if (
      !stored ||
      !deps.attachmentUrl ||
      stored.accountId !== actor.accountId ||
      stored.inboxId !== conversation.inboxId ||
      stored.sessionId !== agentUploader(actor.userId)
    ) {
      throw new NotFoundError('Attachment');
    }
    const { filename, contentType, size } = stored;
    attachments.push({ filename, contentType, size, url: deps.attachmentUrl(stored.key) });
  }
  return attachments;
}

export async function replyToConversation(
  deps: ReplyDeps,
  actor: Actor,
  conversationId: string,
  input: ReplyInput,
): Promise<Message> {
  const keys = [...new Set(input.attachmentKeys ?? [])];
  requireContent(input.text, keys.length);
  return deps.uow.transaction(async (repos) => {
    const conversation = await loadConversation(repos, actor, conversationId);
    authorize(actor, 'conversation.reply', conversation, 'Conversation');
    const attachments = await agentAttachments(repos, deps, actor, conversation, keys);
    if (input.via === 'email' && input.kind !== 'text') {
      throw new InvalidError('Only a reply to the customer can be sent by e-mail.', [
        { path: 'via', message: 'only with kind "text"' },
      ]);
    }
    // The Message-ID is fixed here, in the reply's transaction: a retried send repeats it exactly.
    const mail =
      input.kind === 'text'
        ? await planOutboundMail(repos, deps, conversation, {
            auto: false,
            ...(input.via === 'email' && { via: { inboxId: input.emailInboxId } }),
          })
        : undefined;
    const at = deps.clock.now().toISOString();
    const message = await repos.messages.create({
      accountId: actor.accountId,
      // A mail sent from another inbox (the channel switch) belongs to that inbox's Message-IDs,
      // where replies and bounces look for it; the conversation stays where it is.
      inboxId: mail?.inboxId ?? conversation.inboxId,
      conversationId,
      direction: 'out',
      kind: input.kind,
      authorType: 'user',
      authorId: actor.userId,
      text: input.text,
      externalId: mail?.externalId ?? null,
      attachments,
      ...(mail && { email: mail.email }),
      at,
    });
    if (mail) await enqueueEmailSend(repos, message);
    const events: NewEvent[] = [];
    if (input.kind === 'text') {
      // A reply answers the customer: the conversation no longer waits (a note leaves it waiting).
      const answered = await repos.conversations.update(actor.accountId, conversationId, {
        lastMessageAt: at,
        waitingSince: waitingSinceAfter(conversation.waitingSince, message),
      });
      // The first or next response is met: its SLA timer stops.
      await refreshSlaInto(repos, answered, new Date(at), events);
      // Loop guard: only customer-visible text leaves the building, and only to the channel it belongs to
      // (a reply switched to e-mail goes by mail alone).
      if (!mail && (await repos.inboxes.getWebhook(actor.accountId, conversation.inboxId))) {
        await repos.jobs.enqueue(actor.accountId, {
          type: 'api.deliver-message',
          payload: { messageId: message.id, inboxId: conversation.inboxId },
          idempotencyKey: `api.deliver-message:${message.id}`,
        });
      }
    }
    await repos.events.append(actor.accountId, [
      { type: 'message.created', inboxId: conversation.inboxId, conversationId, data: { message } },
      ...events,
    ]);
    return message;
  });
}

export interface ConversationChanges {
  status?: ConversationStatus;
  priority?: Priority;
  assigneeId?: string | null;
  teamId?: string | null;
  labels?: string[];
  snoozedUntil?: string | null;
}

export async function updateConversation(
  deps: UseCaseDeps,
  actor: Actor,
  conversationId: string,
  changes: ConversationChanges,
): Promise<Conversation> {
  return deps.uow.transaction(async (repos) => {
    const conversation = await loadConversation(repos, actor, conversationId);
    authorize(actor, 'conversation.update', conversation, 'Conversation');
    const now = deps.clock.now();
    const next: Parameters<Repositories['conversations']['update']>[2] = {};

    if (changes.assigneeId !== undefined && changes.assigneeId !== conversation.assigneeId) {
      if (changes.assigneeId !== null) {
        const assignee = await repos.users.get(actor.accountId, changes.assigneeId);
        const inboxIds = assignee ? await repos.inboxes.memberInboxIds(actor.accountId, assignee.id) : [];
        const mayWork =
          assignee &&
          (assignee.role === 'admin' ||
            (assignee.role === 'agent' && inboxIds.includes(conversation.inboxId)));
        if (!mayWork) {
          throw new InvalidError('The assignee cannot work in this inbox.', [
            { path: 'assigneeId', message: 'not an agent of this inbox' },
          ]);
        }
      }
      next.assigneeId = changes.assigneeId;
    }
    if (changes.teamId !== undefined && changes.teamId !== conversation.teamId) {
      if (changes.teamId !== null && !(await repos.teams.get(actor.accountId, changes.teamId))) {
        throw new InvalidError('Unknown team.', [{ path: 'teamId', message: 'no such team' }]);
      }
      next.teamId = changes.teamId;
    }
    if (changes.priority !== undefined && changes.priority !== conversation.priority)
      next.priority = changes.priority;
    if (changes.labels !== undefined) {
      const labels = [
        ...new Set(changes.labels.map((label) => label.trim().toLowerCase()).filter(Boolean)),
      ].sort();
      if (labels.join('\n') !== conversation.labels.join('\n')) next.labels = labels;
    }

    const status = changes.status ?? conversation.status;
    if (status === 'snoozed') {
      const until = changes.snoozedUntil ?? (changes.status ? null : conversation.snoozedUntil);
      if (!until || Number.isNaN(Date.parse(until)) || Date.parse(until) <= now.getTime()) {
        throw new InvalidError('Snoozing needs a time in the future.', [
          { path: 'snoozedUntil', message: 'must be a future date-time' },
        ]);
      }
      // The wake-up job's timestamps must stay four-digit years (PostgreSQL, ordered text in SQLite).
      if (Date.parse(until) >= LATEST_SNOOZE) {
        throw new InvalidError('A snooze must end before the year 9999.', [
          { path: 'snoozedUntil', message: 'must be before 9999-01-01' },
        ]);
      }
      const untilIso = new Date(until).toISOString();
      if (conversation.status !== 'snoozed' || untilIso !== conversation.snoozedUntil) {
        next.status = 'snoozed';
        next.snoozedUntil = untilIso;
        await repos.jobs.enqueue(actor.accountId, {
          type: 'conversation.unsnooze',
          payload: { conversationId, snoozedUntil: untilIso },
          idempotencyKey: `conversation.unsnooze:${conversationId}:${untilIso}`,
          runAt: untilIso,
        });
      }
    } else {
      if (changes.snoozedUntil) {
        throw new InvalidError('Only a snoozed conversation has a snooze time.', [
          { path: 'snoozedUntil', message: 'set status "snoozed" with it' },
        ]);
      }
      if (status !== conversation.status) {
        next.status = status;
        next.snoozedUntil = null;
        // A resolved conversation whose reply cited an article teaches the knowledge base (once).
        if (status === 'resolved') {
          // What the customer shared for this case ends with it (value and file deleted by a job).
          await enqueueCaseShareEnds(repos, actor.accountId, conversationId);
          await repos.jobs.enqueue(actor.accountId, {
            type: 'knowledge.learn-from-conversation',
            payload: { conversationId },
            idempotencyKey: `knowledge.learn-from-conversation:${conversationId}`,
          });
        }
      }
    }

    const changed = Object.keys(next);
    if (changed.length === 0) return conversation;
    // The previous assignee has room again: conversations waiting for automatic assignment move.
    if (conversation.assigneeId !== null && (next.assigneeId !== undefined || next.status === 'resolved')) {
      await enqueueAssignmentDrain(repos, actor.accountId, `freed:${conversationId}`, now.toISOString());
    }
    const updated = await repos.conversations.update(actor.accountId, conversationId, next);
    const events: NewEvent[] = [
      {
        type: 'conversation.updated',
        inboxId: updated.inboxId,
        conversationId,
        data: { conversation: updated, changes: changed },
      },
    ];
    // A new priority may bring another SLA policy; resolving meets the resolution, reopening restarts it.
    const timed =
      next.priority !== undefined || next.status !== undefined
        ? await refreshSlaInto(repos, updated, now, events)
        : updated;
    await repos.events.append(actor.accountId, events);
    return timed;
  });
}

/** Job handler: the snooze ended, so the conversation needs attention again. */
export async function unsnoozeConversation(
  deps: UseCaseDeps,
  accountId: string,
  payload: { conversationId: string; snoozedUntil: string },
): Promise<void> {
  await deps.uow.transaction(async (repos) => {
    const conversation = await repos.conversations.get(accountId, payload.conversationId);
    // Re-snoozed, reopened or deleted since: this job's moment has passed.
    if (
      !conversation ||
      conversation.status !== 'snoozed' ||
      conversation.snoozedUntil !== payload.snoozedUntil
    )
      return;
    const updated = await repos.conversations.update(accountId, conversation.id, {
      status: 'open',
      snoozedUntil: null,
    });
    await repos.events.append(accountId, [
      {
        type: 'conversation.updated',
        inboxId: updated.inboxId,
        conversationId: updated.id,
        data: { conversation: updated, changes: ['status', 'snoozedUntil'] },
      },
    ]);
  });
}
