/**
 * The customer's privacy centre: the customer is the actor here, proven by a one-time link (mailed to
 * an address of theirs, or minted for a verified widget visitor) and then by a short privacy
 * session. Every use case takes that session, so a customer only ever reaches their own contact.
 * See ../privacy-centre.ts for the records and tokens.
 */
import { listCaseSharesForContact, type CaseShareWithAccess } from './case-shares.ts';
import { currentStates, type ContactConsents } from './consents.ts';
import { ForbiddenError, InvalidError, NotFoundError, UnauthenticatedError } from '../errors.ts';
import type { ConsentPurposeTexts } from '../consents.ts';
import {
  isLoginToken,
  isSessionToken,
  loginTokenFor,
  newSessionToken,
  PRIVACY_CONSENT_PROOF,
  PRIVACY_LINKS_PER_WINDOW,
  PRIVACY_LOGIN_TTL_MS,
  PRIVACY_SESSION_TTL_MS,
  sha256Hex,
  type PrivacyLogin,
  type PrivacyLoginKind,
  type PrivacySession,
} from '../privacy-centre.ts';
import type { ErasureReceipt } from '../privacy.ts';
import type { Contact, Language, VisitorSession } from '../types.ts';
import type { UseCaseDeps } from './deps.ts';
import { buildContactExport, type ContactExport, type PrivacyDeps } from './privacy.ts';
import { transactionRetryingConflicts } from './transaction.ts';

export interface PrivacyCentreDeps extends PrivacyDeps {
  /** The installation's key for login links (derived from its secret key by the composition root). */
  linkKey: Uint8Array;
}

const normaliseEmail = (email: string) => email.trim().toLowerCase();

async function createLogin(
  deps: PrivacyCentreDeps,
  repos: UseCaseDeps['uow']['repos'],
  input: {
    accountId: string;
    contactId: string;
    kind: PrivacyLoginKind;
    language: Language | null;
    emailHash: string | null;
  },
): Promise<{ login: PrivacyLogin; token: string }> {
  const now = deps.clock.now();
  const id = crypto.randomUUID();
  const token = await loginTokenFor(deps.linkKey, id);
  const login = await repos.privacyCentre.createLogin({
    id,
    ...input,
    tokenHash: await sha256Hex(token),
    expiresAt: new Date(now.getTime() + PRIVACY_LOGIN_TTL_MS).toISOString(),
    createdAt: now.toISOString(),
  });
  return { login, token };
}

/**
 * A customer asks for a link to their privacy centre. The caller answers the same whatever happens
 * here (known address or not, over the limit or not), so nobody learns whether an address is a
 * customer's. The mail itself leaves through the job `privacy.send-login-link`.
 */
export async function requestPrivacyLoginLink(
  deps: PrivacyCentreDeps,
  accountId: string,
  input: { email: string; language: Language | null },
): Promise<void> {
  const email = normaliseEmail(input.email);
  if (email === '' || email.length > 320 || !email.includes('@')) return;
  const contact = await deps.uow.repos.contacts.findByIdentity(accountId, 'email', email);
  if (!contact) return;
  await transactionRetryingConflicts(deps.uow, async (repos) => {
    const since = new Date(deps.clock.now().getTime() - PRIVACY_LOGIN_TTL_MS).toISOString();
    const recent = await repos.privacyCentre.countLoginsSince(accountId, contact.id, 'email-link', since);
    if (recent >= PRIVACY_LINKS_PER_WINDOW) return;
    const { login } = await createLogin(deps, repos, {
      accountId,
      contactId: contact.id,
      kind: 'email-link',
      language: input.language ?? contact.language,
      emailHash: await sha256Hex(email),
    });
    await repos.jobs.enqueue(accountId, {
      type: 'privacy.send-login-link',
      payload: { loginId: login.id },
      idempotencyKey: `privacy.login-link:${login.id}`,
    });
  });
}

/**
 * A verified widget visitor (the company's backend signed who they are) opens their privacy centre:
 * a one-time login for the session's contact. Anonymous visitors proved nothing, so they get none.
 */
export async function mintWidgetPrivacyLogin(
  deps: PrivacyCentreDeps,
  visitor: VisitorSession,
): Promise<{ token: string; accountId: string; expiresAt: string }> {
  if (!visitor.verified) {
    throw new ForbiddenError('Only a verified customer can open the privacy centre from the chat.');
  }
  const { login, token } = await deps.uow.transaction((repos) =>
    createLogin(deps, repos, {
      accountId: visitor.accountId,
      contactId: visitor.contactId,
      kind: 'widget',
      language: null,
      emailHash: null,
    }),
  );
  return { token, accountId: visitor.accountId, expiresAt: login.expiresAt };
}

/** The login of a link, unused and unexpired, without using it (the page that asks to continue). */
export async function peekPrivacyLogin(
  deps: UseCaseDeps,
  accountId: string,
  token: string,
): Promise<PrivacyLogin | undefined> {
  if (!isLoginToken(token)) return undefined;
  const login = await deps.uow.repos.privacyCentre.findLoginByHash(accountId, await sha256Hex(token));
  const now = deps.clock.now().toISOString();
  return login && login.usedAt === null && login.expiresAt > now ? login : undefined;
}

/**
 * Uses a one-time link: a second use, an expired link, or the link of another account is refused.
 * Answers the new privacy session and its token (only its hash is stored).
 */
export async function startPrivacySession(
  deps: UseCaseDeps,
  accountId: string,
  token: string,
): Promise<{ session: PrivacySession; token: string }> {
  const refused = new UnauthenticatedError('This link is not valid (any more).');
  if (!isLoginToken(token)) throw refused;
  const tokenHash = await sha256Hex(token);
  return transactionRetryingConflicts(deps.uow, async (repos) => {
    const login = await repos.privacyCentre.findLoginByHash(accountId, tokenHash);
    const now = deps.clock.now();
    // The conditional update decides a race between two uses of one link: only one wins.
    if (!login || !(await repos.privacyCentre.consumeLogin(accountId, login.id, now.toISOString()))) {
      throw refused;
    }
    if (!(await repos.contacts.get(accountId, login.contactId))) throw refused;
    const sessionToken = newSessionToken();
    const session = await repos.privacyCentre.createSession({
      accountId,
      contactId: login.contactId,
      via: login.kind,
      tokenHash: await sha256Hex(sessionToken),
      expiresAt: new Date(
        Math.min(
          now.getTime() + PRIVACY_SESSION_TTL_MS,
          Date.parse(login.expiresAt) + PRIVACY_SESSION_TTL_MS,
        ),
      ).toISOString(),
      createdAt: now.toISOString(),
    });
    return { session, token: sessionToken };
  });
}

/** The privacy session of a cookie in this account; undefined when unknown, expired or its contact is gone. */
export async function authenticatePrivacySession(
  deps: UseCaseDeps,
  accountId: string,
  token: string | undefined,
): Promise<PrivacySession | undefined> {
  if (!token || !isSessionToken(token)) return undefined;
  const repos = deps.uow.repos;
  const session = await repos.privacyCentre.findSession(
    accountId,
    await sha256Hex(token),
    deps.clock.now().toISOString(),
  );
  if (!session || !(await repos.contacts.get(accountId, session.contactId))) return undefined;
  return session;
}

export async function endPrivacySession(deps: UseCaseDeps, session: PrivacySession): Promise<void> {
  await deps.uow.repos.privacyCentre.deleteSession(session.accountId, session.id);
}

export interface PrivacyOverview {
  contact: Contact;
  accountName: string;
  consents: ContactConsents;
  /** The texts the customer agreed to or withdrew from, per purpose id and version (for the history). */
  versionTexts: Record<string, Record<number, ConsentPurposeTexts>>;
  /** What the customer shared for single cases, with every look at it (never a value here). */
  shares: CaseShareWithAccess[];
}

/**
 * What the centre's page shows: the contact, their consents per purpose with the whole history, and
 * their shared items with the access log.
 */
export async function getPrivacyOverview(
  deps: UseCaseDeps,
  session: PrivacySession,
): Promise<PrivacyOverview> {
  const repos = deps.uow.repos;
  const contact = await repos.contacts.get(session.accountId, session.contactId);
  if (!contact) throw new NotFoundError('Contact');
  const account = await repos.accounts.get(session.accountId);
  const purposes = await repos.consents.listPurposes(session.accountId);
  const history = await repos.consents.listEntries(session.accountId, session.contactId);
  const versionTexts: PrivacyOverview['versionTexts'] = {};
  for (const version of await repos.consents.listPurposeVersions(
    session.accountId,
    purposes.map((p) => p.id),
  )) {
    (versionTexts[version.purposeId] ??= {})[version.version] = version.texts;
  }
  return {
    contact,
    accountName: account?.name ?? '',
    consents: { contactId: contact.id, current: currentStates(purposes, history), history },
    versionTexts,
    shares: await listCaseSharesForContact(repos, session.accountId, session.contactId),
  };
}

/**
 * The customer gives or withdraws a purpose themselves: an entry with channel `privacy-centre`,
 * recorded by the contact, with how they proved who they are and the session as the reference.
 * `purposeVersion` is the version of the text the page showed.
 */
export async function setOwnConsent(
  deps: UseCaseDeps,
  session: PrivacySession,
  input: { purposeKey: string; granted: boolean; purposeVersion: number },
): Promise<void> {
  await transactionRetryingConflicts(deps.uow, async (repos) => {
    const purpose = await repos.consents.findPurposeByKey(session.accountId, input.purposeKey);
    if (!purpose) {
      throw new InvalidError('There is no such purpose.', [
        { path: 'purposeKey', message: 'is not a configured purpose' },
      ]);
    }
    // A per-case purpose is given with each share, for that case; here it can only be withdrawn.
    if (purpose.perCase && input.granted) {
      throw new InvalidError('This purpose is given case by case, with what you share.', [
        { path: 'granted', message: 'a per-case purpose cannot be given for all cases' },
      ]);
    }
    const seen = input.purposeVersion;
    if (!Number.isInteger(seen) || seen < 1 || seen > purpose.version) {
      throw new InvalidError('The purpose has no such version.', [
        { path: 'purposeVersion', message: `must be between 1 and ${purpose.version}` },
      ]);
    }
    await repos.consents.appendEntry({
      accountId: session.accountId,
      contactId: session.contactId,
      purposeId: purpose.id,
      purposeKey: purpose.key,
      purposeVersion: seen,
      granted: input.granted,
      channel: 'privacy-centre',
      recordedBy: { kind: 'contact', userId: null },
      how: PRIVACY_CONSENT_PROOF[session.via],
      reference: `privacy-session:${session.id}`,
      at: deps.clock.now().toISOString(),
    });
  });
}

/**
 * "Download my data" (Art. 15 and 20): the same document an agent hands out, with files inline,
 * without notes and without anyone else's data. Logged like an export, by nobody of the company.
 */
export async function exportOwnData(deps: PrivacyDeps, session: PrivacySession): Promise<ContactExport> {
  const document = await buildContactExport(deps, session.accountId, session.contactId);
  await deps.uow.repos.privacy.appendAudit({
    accountId: session.accountId,
    userId: null,
    action: 'contact.exported',
    contactId: session.contactId,
    createdAt: deps.clock.now().toISOString(),
  });
  return document;
}

/** Who asked, on a receipt of an erasure the customer asked for themselves (not a user id). */
export const ERASURE_REQUESTED_BY_CONTACT = 'contact';

/**
 * The customer's erasure request (Art. 17): the receipt and the job `privacy.erase-contact` commit
 * together, as for an admin's request, and the customer's privacy sessions and links end with it.
 */
export async function requestOwnErasure(deps: UseCaseDeps, session: PrivacySession): Promise<ErasureReceipt> {
  const receipt = await deps.uow.transaction(async (repos) => {
    if (!(await repos.contacts.get(session.accountId, session.contactId))) throw new NotFoundError('Contact');
    const created = await repos.privacy.createErasure({
      accountId: session.accountId,
      requestedBy: ERASURE_REQUESTED_BY_CONTACT,
      requestedAt: deps.clock.now().toISOString(),
    });
    await repos.jobs.enqueue(session.accountId, {
      type: 'privacy.erase-contact',
      payload: { contactId: session.contactId, receiptId: created.id },
      idempotencyKey: `privacy.erase:${created.id}`,
    });
    await repos.privacyCentre.deleteForContact(session.accountId, session.contactId);
    return created;
  });
  await deps.uow.repos.privacy.appendAudit({
    accountId: session.accountId,
    userId: null,
    action: 'contact.erasure-requested',
    contactId: session.contactId,
    createdAt: deps.clock.now().toISOString(),
  });
  return receipt;
}

export interface PrivacyLoginMail {
  to: string;
  language: Language;
  token: string;
  /** The account's e-mail inbox it is sent from, if it has one. */
  from: { address: string; name: string } | null;
  accountName: string;
  expiresAt: string;
}

/**
 * For the job: the mail of a login link, or undefined when there is nothing to send any more (used,
 * expired, the contact or their address gone). The address is the contact's e-mail identity whose
 * hash the login keeps, so the mail goes exactly where it was asked for.
 */
export async function loadPrivacyLoginMail(
  deps: PrivacyCentreDeps,
  accountId: string,
  loginId: string,
): Promise<PrivacyLoginMail | undefined> {
  const repos = deps.uow.repos;
  const login = await repos.privacyCentre.getLogin(accountId, loginId);
  if (!login || login.usedAt !== null || login.kind !== 'email-link') return undefined;
  if (login.expiresAt <= deps.clock.now().toISOString()) return undefined;
  const contact = await repos.contacts.get(accountId, login.contactId);
  if (!contact) return undefined;
  let to: string | undefined;
  for (const identity of await repos.contacts.listIdentities(accountId, contact.id)) {
    if (identity.kind === 'email' && (await sha256Hex(identity.value)) === login.emailHash)
      to = identity.value;
  }
  if (!to) return undefined;
  const account = await repos.accounts.get(accountId);
  const inbox = (await repos.inboxes.list(accountId)).find((i) => i.channel === 'email' && i.email);
  return {
    to,
    language: login.language ?? contact.language ?? account?.defaultLanguage ?? 'de',
    token: await loginTokenFor(deps.linkKey, login.id),
    from: inbox?.email ? { address: inbox.email.address, name: inbox.email.senderName ?? inbox.name } : null,
    accountName: account?.name ?? '',
    expiresAt: login.expiresAt,
  };
}
