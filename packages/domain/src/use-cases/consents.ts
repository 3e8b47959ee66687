/**
 * Consent purposes (admins configure them) and the ledger of a contact's consents (agents and the
 * company's systems record what the customer decided). See ../consents.ts for the rules.
 */
import {
  type ConsentChannel,
  type ConsentEntry,
  type ConsentPurpose,
  type ConsentPurposeTexts,
  type ConsentPurposeVersion,
} from '../consents.ts';
import { ConflictError, InvalidError, NotFoundError } from '../errors.ts';
import { authorize, type Actor } from '../policies.ts';
import type { Repositories } from '../ports.ts';
import type { UseCaseDeps } from './deps.ts';
import { transactionRetryingConflicts } from './transaction.ts';

export interface ConsentPurposeWithVersions extends ConsentPurpose {
  /** Every version of the texts, oldest first (the last is the current one). */
  versions: ConsentPurposeVersion[];
}

const sameTexts = (a: ConsentPurposeTexts, b: ConsentPurposeTexts) =>
  (['de', 'en'] as const).every((l) => a[l].title === b[l].title && a[l].text === b[l].text);

async function withVersions(repos: Repositories, accountId: string, purposes: ConsentPurpose[]) {
  const versions = await repos.consents.listPurposeVersions(
    accountId,
    purposes.map((p) => p.id),
  );
  return purposes.map((purpose) => ({
    ...purpose,
    versions: versions.filter((v) => v.purposeId === purpose.id),
  }));
}

/** Agents read them too: the contact panel lists every purpose, and they record consents by key. */
export async function listConsentPurposes(
  deps: UseCaseDeps,
  actor: Actor,
): Promise<ConsentPurposeWithVersions[]> {
  authorize(actor, 'consent.read');
  const repos = deps.uow.repos;
  return withVersions(repos, actor.accountId, await repos.consents.listPurposes(actor.accountId));
}

export async function createConsentPurpose(
  deps: UseCaseDeps,
  actor: Actor,
  input: { key: string; texts: ConsentPurposeTexts; perCase: boolean },
): Promise<ConsentPurposeWithVersions> {
  authorize(actor, 'consent.manage');
  return deps.uow.transaction(async (repos) => {
    // The unique index decides a race; this gives the usual case a clear message.
    if (await repos.consents.findPurposeByKey(actor.accountId, input.key)) {
      throw new ConflictError('A consent purpose with this key exists already.');
    }
    const purpose = await repos.consents.createPurpose({ accountId: actor.accountId, ...input });
    return (await withVersions(repos, actor.accountId, [purpose]))[0]!;
  });
}

/** A change of any text makes a new version; the key never changes (features and entries name it). */
export async function updateConsentPurpose(
  deps: UseCaseDeps,
  actor: Actor,
  id: string,
  changes: { texts?: ConsentPurposeTexts; perCase?: boolean },
): Promise<ConsentPurposeWithVersions> {
  return deps.uow.transaction(async (repos) => {
    const purpose = await repos.consents.getPurpose(actor.accountId, id);
    if (!purpose) throw new NotFoundError('Consent purpose');
    authorize(actor, 'consent.manage', { accountId: purpose.accountId }, 'Consent purpose');
    const texts = changes.texts && !sameTexts(changes.texts, purpose.texts) ? changes.texts : undefined;
    const updated = await repos.consents.updatePurpose(actor.accountId, purpose.id, {
      ...(texts && { texts }),
      ...(changes.perCase !== undefined && { perCase: changes.perCase }),
    });
    return (await withVersions(repos, actor.accountId, [updated]))[0]!;
  });
}

export type ConsentState = 'granted' | 'withdrawn' | 'not-asked';

export interface PurposeConsentState {
  purpose: ConsentPurpose;
  state: ConsentState;
  /** The entry that decided the state (the latest one), null when never asked. */
  latest: ConsentEntry | null;
}

export interface ContactConsents {
  contactId: string;
  current: PurposeConsentState[];
  /** Every entry, oldest first. */
  history: ConsentEntry[];
}

/** Each purpose with its state: the latest entry decides. */
export function currentStates(purposes: ConsentPurpose[], history: ConsentEntry[]): PurposeConsentState[] {
  return purposes.map((purpose) => {
    const latest = history.filter((entry) => entry.purposeId === purpose.id).at(-1) ?? null;
    return {
      purpose,
      state: latest === null ? 'not-asked' : latest.granted ? 'granted' : 'withdrawn',
      latest,
    };
  });
}

async function requireContact(repos: Repositories, actor: Actor, contactId: string): Promise<void> {
  if (!(await repos.contacts.get(actor.accountId, contactId))) throw new NotFoundError('Contact');
}

export async function getContactConsents(
  deps: UseCaseDeps,
  actor: Actor,
  contactId: string,
): Promise<ContactConsents> {
  authorize(actor, 'consent.read');
  const repos = deps.uow.repos;
  await requireContact(repos, actor, contactId);
  const purposes = await repos.consents.listPurposes(actor.accountId);
  const history = await repos.consents.listEntries(actor.accountId, contactId);
  return { contactId, current: currentStates(purposes, history), history };
}

export interface RecordConsentInput {
  purposeKey: string;
  granted: boolean;
  channel: ConsentChannel;
  proof: { how: string; reference?: string | null };
  /** The version of the texts the customer saw; the current one when left out. */
  purposeVersion?: number;
}

/**
 * Appends the customer's decision. Who recorded it comes from the credentials, never from the
 * body: an agent in the workspace (recorded on the customer's behalf), or the company's system
 * through an API token. Giving and withdrawing are the same call.
 */
export async function recordConsent(
  deps: UseCaseDeps,
  actor: Actor,
  contactId: string,
  input: RecordConsentInput,
  via: 'session' | 'token',
): Promise<ContactConsents> {
  authorize(actor, 'consent.record');
  if (input.proof.how.trim() === '') {
    throw new InvalidError('Say how the customer gave or withdrew consent.', [
      { path: 'proof.how', message: 'must not be empty' },
    ]);
  }
  return transactionRetryingConflicts(deps.uow, async (repos) => {
    await requireContact(repos, actor, contactId);
    const purpose = await repos.consents.findPurposeByKey(actor.accountId, input.purposeKey);
    if (!purpose) {
      throw new InvalidError('Your account has no consent purpose with this key.', [
        { path: 'purposeKey', message: 'is not a configured purpose' },
      ]);
    }
    const seen = input.purposeVersion ?? purpose.version;
    if (!Number.isInteger(seen) || seen < 1 || seen > purpose.version) {
      throw new InvalidError('The purpose has no such version.', [
        { path: 'purposeVersion', message: `must be between 1 and ${purpose.version}` },
      ]);
    }
    await repos.consents.appendEntry({
      accountId: actor.accountId,
      contactId,
      purposeId: purpose.id,
      purposeKey: purpose.key,
      purposeVersion: seen,
      granted: input.granted,
      channel: input.channel,
      recordedBy: { kind: via === 'token' ? 'api-token' : 'agent', userId: actor.userId },
      how: input.proof.how.trim(),
      reference: input.proof.reference?.trim() || null,
      at: deps.clock.now().toISOString(),
    });
    const purposes = await repos.consents.listPurposes(actor.accountId);
    const history = await repos.consents.listEntries(actor.accountId, contactId);
    return { contactId, current: currentStates(purposes, history), history };
  });
}
