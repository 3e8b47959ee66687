import { NotFoundError } from '../errors.ts';
import { authorize, canSee, visibleInboxIds, type Actor } from '../policies.ts';
import type { Inbox, Language, WebchatSettings } from '../types.ts';
import type { UseCaseDeps } from './deps.ts';

export interface CreateInboxInput {
  name: string;
  channel: Inbox['channel'];
  language: Language;
  /** API channel: where agents' replies are delivered (signed). Null: the app polls instead. */
  webhookUrl: string | null;
  /** Agents who work in this inbox. */
  agentIds: string[];
  /** Channel webchat: the widget's settings (defaults: no site may embed it yet, no greeting, no form). */
  webchat?: WebchatSettings;
}

/** A signing secret for webhook deliveries: 32 random bytes, hex. */
function newWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Creates the inbox; with a webhook, also its signing secret, and a web chat inbox its first identity
 * secret: the caller sees either only now.
 */
export async function createInbox(
  deps: UseCaseDeps,
  actor: Actor,
  input: CreateInboxInput,
): Promise<{ inbox: Inbox; webhookSecret: string | null; identitySecret: string | null }> {
  authorize(actor, 'inbox.create');
  const webhookSecret = input.webhookUrl ? newWebhookSecret() : null;
  const webchat =
    input.channel === 'webchat'
      ? (input.webchat ?? {
          allowedOrigins: [],
          greeting: { de: null, en: null },
          preChatForm: false,
          proactiveRules: [],
        })
      : null;
  const identitySecret = webchat ? newWebhookSecret() : null;
  return deps.uow.transaction(async (repos) => {
    for (const agentId of input.agentIds) {
      if (!(await repos.users.get(actor.accountId, agentId))) throw new NotFoundError('Agent');
    }
    const inbox = await repos.inboxes.create({
      accountId: actor.accountId,
      name: input.name,
      channel: input.channel,
      language: input.language,
      webhookUrl: input.webhookUrl,
      webhookSecret,
      webchat,
      webchatSecrets: identitySecret
        ? [{ id: crypto.randomUUID(), secret: identitySecret, createdAt: deps.clock.now().toISOString() }]
        : [],
    });
    for (const agentId of input.agentIds) await repos.inboxes.addMember(actor.accountId, inbox.id, agentId);
    await repos.events.append(actor.accountId, [
      { type: 'inbox.created', inboxId: inbox.id, conversationId: null, data: { inbox } },
    ]);
    return { inbox, webhookSecret, identitySecret };
  });
}

export async function getInbox(deps: UseCaseDeps, actor: Actor, id: string): Promise<Inbox> {
  const inbox = await deps.uow.repos.inboxes.get(actor.accountId, id);
  if (!inbox || !canSee(actor, { accountId: inbox.accountId, inboxId: inbox.id }))
    throw new NotFoundError('Inbox');
  authorize(actor, 'inbox.read', { accountId: inbox.accountId, inboxId: inbox.id }, 'Inbox');
  return inbox;
}

export async function listInboxes(deps: UseCaseDeps, actor: Actor): Promise<Inbox[]> {
  authorize(actor, 'inbox.read');
  return deps.uow.repos.inboxes.list(actor.accountId, visibleInboxIds(actor));
}
