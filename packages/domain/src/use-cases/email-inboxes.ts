import { ConflictError, NotFoundError } from '../errors.ts';
import { authorize, type Actor } from '../policies.ts';
import type {
  EmailInboxSecrets,
  EmailInboxSettings,
  ImapSettings,
  Inbox,
  Language,
  SecretCipher,
} from '../types.ts';
import type { UseCaseDeps } from './deps.ts';

export type EmailInboxDeps = UseCaseDeps & { secrets: SecretCipher };

export interface CreateEmailInboxInput {
  name: string;
  language: Language;
  agentIds: string[];
  /** Lower-cased by the caller's validation; unique in the installation. */
  address: string;
  senderName: string | null;
  signature: Record<Language, string | null>;
  imap: (ImapSettings & { password: string }) | null;
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

/**
 * Creates an e-mail inbox. Its threading key (32 random bytes) and the IMAP password are sealed with
 * the installation's key before they reach the database, and neither is ever returned.
 */
export async function createEmailInbox(
  deps: EmailInboxDeps,
  actor: Actor,
  input: CreateEmailInboxInput,
): Promise<Inbox> {
  authorize(actor, 'inbox.create');
  const address = input.address.trim().toLowerCase();
  const { password, ...imap } = input.imap ?? { password: null };
  const settings: EmailInboxSettings = {
    address,
    senderName: input.senderName,
    signature: input.signature,
    imap: input.imap ? (imap as ImapSettings) : null,
  };
  const secrets: EmailInboxSecrets = {
    threadingKey: hex(crypto.getRandomValues(new Uint8Array(32))),
    imapPassword: password,
  };
  const sealedSecrets = deps.secrets.encrypt(JSON.stringify(secrets));
  return deps.uow.transaction(async (repos) => {
    // The unique index decides a race; this check gives the usual case a clear message.
    if (await repos.inboxes.findByEmailAddress(address)) {
      throw new ConflictError('An inbox with this e-mail address exists already.');
    }
    for (const agentId of input.agentIds) {
      if (!(await repos.users.get(actor.accountId, agentId))) throw new NotFoundError('Agent');
    }
    const inbox = await repos.inboxes.create({
      accountId: actor.accountId,
      name: input.name,
      channel: 'email',
      language: input.language,
      webhookUrl: null,
      webhookSecret: null,
      email: { settings, sealedSecrets },
    });
    for (const agentId of input.agentIds) await repos.inboxes.addMember(actor.accountId, inbox.id, agentId);
    await repos.events.append(actor.accountId, [
      { type: 'inbox.created', inboxId: inbox.id, conversationId: null, data: { inbox } },
    ]);
    return inbox;
  });
}

/** An e-mail inbox's secrets, opened; for the channel adapters (threading, IMAP) only. */
export async function readEmailInboxSecrets(
  deps: EmailInboxDeps,
  accountId: string,
  inboxId: string,
): Promise<EmailInboxSecrets> {
  const sealed = await deps.uow.repos.inboxes.getEmailSecrets(accountId, inboxId);
  if (!sealed) throw new NotFoundError('Inbox');
  return JSON.parse(deps.secrets.decrypt(sealed)) as EmailInboxSecrets;
}
