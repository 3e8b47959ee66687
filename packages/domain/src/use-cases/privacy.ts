/**
 * GDPR: a contact's data export (Art. 15 and 20), erasure as a durable job (Art. 17, with the notice
 * to webhook recipients of Art. 19 through the outbox) with a receipt without personal data, and the
 * audit log of agents' access to personal data. See ../privacy.ts for the records.
 */
import { NotFoundError } from '../errors.ts';
import { authorize, type Actor } from '../policies.ts';
import type { AuditAction, AuditEntry, ErasureReceipt, PrivacySettings } from '../privacy.ts';
import type { BlobStore, Page } from '../ports.ts';
import type { CaseShareValue } from '../case-shares.ts';
import { currentStates } from './consents.ts';
import type { UseCaseDeps } from './deps.ts';

export interface PrivacyDeps extends UseCaseDeps {
  blobs: BlobStore;
}

export interface ErasureJobDeps extends PrivacyDeps {
  /** Drops in-memory caches built from the account's data (the knowledge indexes learn questions). */
  invalidateCaches(accountId: string): void;
}

/** Written outside the reader's transaction: a read is logged even though it changes nothing. */
export async function recordAccess(
  deps: UseCaseDeps,
  actor: Actor,
  action: AuditAction,
  contactId: string,
): Promise<void> {
  await deps.uow.repos.privacy.appendAudit({
    accountId: actor.accountId,
    userId: actor.userId,
    action,
    contactId,
    createdAt: deps.clock.now().toISOString(),
  });
}

export interface ExportAttachment {
  filename: string;
  contentType: string;
  size: number | null;
  /** The file's bytes, base64; null when the file is no longer stored. */
  base64: string | null;
}

export interface ContactExport {
  format: 'sofortdesk.contact-export';
  version: 1;
  exportedAt: string;
  /** How files are included: their bytes inline, base64, in each message's attachments. */
  attachments: 'inline-base64';
  contact: {
    id: string;
    name: string | null;
    email: string | null;
    phone: string | null;
    language: string | null;
    createdAt: string;
  };
  identities: { kind: string; value: string; createdAt: string }[];
  consents: {
    current: { purposeKey: string; state: string; at: string | null }[];
    history: {
      purposeKey: string;
      purposeVersion: number;
      granted: boolean;
      channel: string;
      recordedBy: string;
      how: string;
      reference: string | null;
      at: string;
    }[];
  };
  /**
   * Items the customer shared for one case, with each look at them (when, and whether it was
   * allowed; not which agent: that is not the customer's data). The value only while the share is
   * active: once it ended, it was deleted.
   */
  sharedItems: {
    id: string;
    conversationId: string;
    kind: string;
    sharedVia: string;
    status: string;
    sharedAt: string;
    expiresAt: string;
    endedAt: string | null;
    value:
      | Exclude<CaseShareValue, { kind: 'photo' }>
      | { kind: 'photo'; filename: string; contentType: string; size: number; base64: string | null }
      | null;
    views: { outcome: string; at: string }[];
  }[];
  conversations: {
    id: string;
    channel: string;
    status: string;
    createdAt: string;
    messages: {
      id: string;
      /** in: written by the contact; out: written to the contact. */
      direction: string;
      /** contact | agent | bot | system: never which agent (other people's data). */
      author: string;
      channel: string;
      text: string;
      subject: string | null;
      attachments: ExportAttachment[];
      at: string;
    }[];
  }[];
}

const keyOfUrl = (url: string) => url.split('/').at(-1) ?? '';

/** base64 without node:buffer (the domain imports no Node modules); chunked for large files. */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * Everything stored about the contact, machine-readable, with file bytes inline. Internal notes and
 * event lines are left out (they are the company's, and name agents); so are agents' identities.
 */
export async function exportContact(
  deps: PrivacyDeps,
  actor: Actor,
  contactId: string,
): Promise<ContactExport> {
  authorize(actor, 'contact.export');
  const document = await buildContactExport(deps, actor.accountId, contactId);
  await recordAccess(deps, actor, 'contact.exported', contactId);
  return document;
}

/**
 * The export document itself, for whoever was allowed to ask: an agent (exportContact) or the
 * customer in their privacy centre (use-cases/privacy-centre.ts).
 */
export async function buildContactExport(
  deps: PrivacyDeps,
  accountId: string,
  contactId: string,
): Promise<ContactExport> {
  const repos = deps.uow.repos;
  const data = await repos.privacy.exportData(accountId, contactId);
  if (!data) throw new NotFoundError('Contact');
  const history = await repos.consents.listEntries(accountId, contactId);
  const consents = { current: currentStates(await repos.consents.listPurposes(accountId), history), history };
  const conversations: ContactExport['conversations'] = [];
  for (const conversation of data.conversations) {
    const messages: ContactExport['conversations'][number]['messages'] = [];
    for (const message of conversation.messages) {
      if (message.kind !== 'text') continue;
      const attachments: ExportAttachment[] = [];
      for (const attachment of JSON.parse(message.attachments || '[]') as {
        filename: string;
        contentType: string;
        size: number | null;
        url: string;
      }[]) {
        const bytes = await deps.blobs.get(keyOfUrl(attachment.url)).catch(() => undefined);
        attachments.push({
          filename: attachment.filename,
          contentType: attachment.contentType,
          size: attachment.size,
          base64: bytes ? toBase64(bytes) : null,
        });
      }
      const email = message.email ? (JSON.parse(message.email) as { subject?: string }) : null;
      messages.push({
        id: message.id,
        direction: message.direction,
        author: message.authorType === 'user' ? 'agent' : message.authorType,
        channel: conversation.channel,
        text: message.text,
        subject: email?.subject ?? null,
        attachments,
        at: message.createdAt,
      });
    }
    conversations.push({
      id: conversation.id,
      channel: conversation.channel,
      status: conversation.status,
      createdAt: conversation.createdAt,
      messages,
    });
  }
  const shares = await repos.caseShares.listForContact(accountId, contactId);
  const views = await repos.caseShares.listAccess(
    accountId,
    shares.map((share) => share.id),
  );
  const sharedItems: ContactExport['sharedItems'] = [];
  for (const share of shares) {
    const stored =
      share.status === 'active' ? await repos.caseShares.getValue(accountId, share.id) : undefined;
    let value: ContactExport['sharedItems'][number]['value'] = null;
    if (stored?.kind === 'photo') {
      // The file's bytes inline, like message attachments; its storage key is ours, not the customer's.
      const bytes = await deps.blobs.get(stored.blobKey).catch(() => undefined);
      const { filename, contentType, size } = stored;
      value = { kind: 'photo', filename, contentType, size, base64: bytes ? toBase64(bytes) : null };
    } else if (stored) {
      value = stored;
    }
    sharedItems.push({
      id: share.id,
      conversationId: share.conversationId,
      kind: share.kind,
      sharedVia: share.sharedVia,
      status: share.status,
      sharedAt: share.sharedAt,
      expiresAt: share.expiresAt,
      endedAt: share.endedAt,
      value,
      views: views
        .filter((view) => view.shareId === share.id)
        .map((view) => ({ outcome: view.outcome, at: view.at })),
    });
  }
  return {
    format: 'sofortdesk.contact-export',
    version: 1,
    exportedAt: deps.clock.now().toISOString(),
    attachments: 'inline-base64',
    contact: data.contact,
    identities: data.identities,
    consents: {
      current: consents.current.map((c) => ({
        purposeKey: c.purpose.key,
        state: c.state,
        at: c.latest?.createdAt ?? null,
      })),
      history: consents.history.map((entry) => ({
        purposeKey: entry.purposeKey,
        purposeVersion: entry.purposeVersion,
        granted: entry.granted,
        channel: entry.channel,
        // The kind only: which agent recorded it is not the customer's data.
        recordedBy: entry.recordedBy.kind,
        how: entry.how,
        reference: entry.reference,
        at: entry.createdAt,
      })),
    },
    sharedItems,
    conversations,
  };
}

/** Admins only. The receipt and the job commit together, so the erasure cannot be lost. */
export async function requestErasure(
  deps: UseCaseDeps,
  actor: Actor,
  contactId: string,
): Promise<ErasureReceipt> {
  const receipt = await deps.uow.transaction(async (repos) => {
    // Another account's id is not found before it is forbidden, so ids cannot be probed.
    if (!(await repos.contacts.get(actor.accountId, contactId))) throw new NotFoundError('Contact');
    authorize(actor, 'contact.erase', { accountId: actor.accountId }, 'Contact');
    const created = await repos.privacy.createErasure({
      accountId: actor.accountId,
      requestedBy: actor.userId,
      requestedAt: deps.clock.now().toISOString(),
    });
    await repos.jobs.enqueue(actor.accountId, {
      type: 'privacy.erase-contact',
      payload: { contactId, receiptId: created.id },
      idempotencyKey: `privacy.erase:${created.id}`,
    });
    return created;
  });
  await recordAccess(deps, actor, 'contact.erasure-requested', contactId);
  return receipt;
}

export async function getErasureReceipt(
  deps: UseCaseDeps,
  actor: Actor,
  id: string,
): Promise<ErasureReceipt> {
  const receipt = await deps.uow.repos.privacy.getErasure(actor.accountId, id);
  if (!receipt) throw new NotFoundError('Erasure');
  authorize(actor, 'contact.erase', { accountId: receipt.accountId }, 'Erasure');
  return receipt;
}

/**
 * The job: rows and files in one transaction, with the webhook notices enqueued in it (the outbox),
 * then caches, then the receipt. Safe to run again: a second run finds nothing to delete
 * and a missing file is no error, so a crash between the steps is repaired by the retry.
 */
export async function eraseContact(
  deps: ErasureJobDeps,
  accountId: string,
  payload: { contactId: string; receiptId: string },
): Promise<void> {
  const receipt = await deps.uow.repos.privacy.getErasure(accountId, payload.receiptId);
  if (!receipt || receipt.status === 'completed') return;
  const result = await deps.uow.transaction(async (repos) => {
    const { erasureMessages } = await repos.privacy.getSettings(accountId);
    const erased = await repos.privacy.eraseContact(accountId, payload.contactId, erasureMessages);
    // The customer's privacy-centre sessions and links end with the data they lead to.
    await repos.privacyCentre.deleteForContact(accountId, payload.contactId);
    // Files go before the commit: should the commit fail, the retry finds the rows and their file
    // names again; once committed, no row would name the files any more.
    for (const key of erased.blobKeys) await deps.blobs.delete(key);
    for (const inbox of await repos.inboxes.list(accountId)) {
      if (inbox.channel !== 'api') continue;
      await repos.jobs.enqueue(accountId, {
        type: 'privacy.notify-erasure',
        payload: { inboxId: inbox.id, contactId: payload.contactId, receiptId: payload.receiptId },
        idempotencyKey: `privacy.notify:${payload.receiptId}:${inbox.id}`,
      });
    }
    return erased;
  });
  deps.invalidateCaches(accountId);
  await deps.uow.repos.privacy.completeErasure(
    accountId,
    payload.receiptId,
    { ...result.counts, files: result.blobKeys.length },
    deps.clock.now().toISOString(),
  );
  await deps.uow.repos.privacy.checkpoint();
}

/** Admins choose what an erasure does with the contact's conversations (default: delete). */
export async function getPrivacySettings(deps: UseCaseDeps, actor: Actor): Promise<PrivacySettings> {
  authorize(actor, 'privacy.manage');
  return deps.uow.repos.privacy.getSettings(actor.accountId);
}

export async function updatePrivacySettings(
  deps: UseCaseDeps,
  actor: Actor,
  changes: Partial<PrivacySettings>,
): Promise<PrivacySettings> {
  authorize(actor, 'privacy.manage');
  // A partial change: a client that knows only some settings keeps the others as they were.
  const current = await deps.uow.repos.privacy.getSettings(actor.accountId);
  const defined = Object.entries(changes).filter(([, value]) => value !== undefined);
  const settings: PrivacySettings = {
    ...current,
    ...(Object.fromEntries(defined) as Partial<PrivacySettings>),
  };
  return deps.uow.repos.privacy.saveSettings(actor.accountId, settings, deps.clock.now().toISOString());
}

export async function listAuditLog(
  deps: UseCaseDeps,
  actor: Actor,
  options: { contactId?: string; userId?: string; before?: string; limit: number },
): Promise<Page<AuditEntry>> {
  authorize(actor, 'audit.read');
  return deps.uow.repos.privacy.listAudit(
    actor.accountId,
    {
      ...(options.contactId !== undefined && { contactId: options.contactId }),
      ...(options.userId !== undefined && { userId: options.userId }),
    },
    { limit: options.limit, ...(options.before !== undefined && { before: options.before }) },
  );
}
