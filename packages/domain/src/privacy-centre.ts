/**
 * The customer's privacy centre (issue 7, item 3): a customer logs in without a password, by a
 * one-time link sent to an e-mail address of theirs or minted for a verified widget visitor, and then
 * sees and changes their consents, downloads their data and asks for its erasure.
 *
 * - A login (`privacy_logins`) is single use and short-lived. Its token is derived from the login's
 *   random id with the installation's key (HMAC-SHA-256), and only its SHA-256 is stored: the mail job
 *   can derive the link again from the id (a retry sends the same link), yet no row holds the link,
 *   and a leaked database lets nobody log in.
 * - A login starts a privacy session (`privacy_sessions`, a cookie): short-lived, stored hashed too,
 *   bound to one contact of one account. It knows how the customer proved who they are; consents
 *   given in it name that proof.
 * - No row here holds personal data: the address a link was asked for is kept as its hash only (to
 *   pick which of the contact's addresses gets the mail), so an erasure has nothing to find here.
 */
import type { Language } from './types.ts';

/** How the customer proved who they are. */
export type PrivacyLoginKind = 'email-link' | 'widget';

/** A one-time link lives this long (long enough to switch to the mail program, short enough to leak little). */
export const PRIVACY_LOGIN_TTL_MS = 15 * 60 * 1000;
/** A privacy session lives this long from its login; then the customer asks for a new link. */
export const PRIVACY_SESSION_TTL_MS = 30 * 60 * 1000;
/** At most this many links per contact within one link lifetime (mail bombing a customer). */
export const PRIVACY_LINKS_PER_WINDOW = 3;

/** The proof written into a consent entry the customer gave or withdrew in the centre. */
export const PRIVACY_CONSENT_PROOF: Record<PrivacyLoginKind, string> = {
  'email-link': 'contact via one-time link',
  widget: 'via verified widget identity',
};

export interface PrivacyLogin {
  id: string;
  accountId: string;
  contactId: string;
  kind: PrivacyLoginKind;
  /** The language the link was asked in (the mail's language), if known. */
  language: Language | null;
  /** SHA-256 of the e-mail address the link was asked for (lower case); null for widget logins. */
  emailHash: string | null;
  expiresAt: string;
  usedAt: string | null;
  createdAt: string;
}

export interface PrivacySession {
  id: string;
  accountId: string;
  contactId: string;
  via: PrivacyLoginKind;
  expiresAt: string;
  createdAt: string;
}

export interface PrivacyCentreRepository {
  createLogin(input: Omit<PrivacyLogin, 'usedAt'> & { tokenHash: string }): Promise<PrivacyLogin>;
  getLogin(accountId: string, id: string): Promise<PrivacyLogin | undefined>;
  findLoginByHash(accountId: string, tokenHash: string): Promise<PrivacyLogin | undefined>;
  /** Marks the login used if it is unused and not expired at `now`; false when it was not (single use). */
  consumeLogin(accountId: string, id: string, now: string): Promise<boolean>;
  /** Logins of this kind made for the contact since `since` (the rate limit per address). */
  countLoginsSince(
    accountId: string,
    contactId: string,
    kind: PrivacyLoginKind,
    since: string,
  ): Promise<number>;
  createSession(input: Omit<PrivacySession, 'id'> & { tokenHash: string }): Promise<PrivacySession>;
  /** The session of the token in this account, if it has not expired at `now`. */
  findSession(accountId: string, tokenHash: string, now: string): Promise<PrivacySession | undefined>;
  deleteSession(accountId: string, id: string): Promise<void>;
  /** Ends every session and unused link of the contact (erasure). */
  deleteForContact(accountId: string, contactId: string): Promise<void>;
}

// ---- tokens (WebCrypto only: the domain imports no Node modules) ----

const LOGIN_TOKEN_PREFIX = 'sdp_';
const SESSION_TOKEN_PREFIX = 'sdps_';

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

export async function sha256Hex(text: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
}

/** The one-time link's token of a login: its id and a MAC of it with the installation's key. */
export async function loginTokenFor(key: Uint8Array, loginId: string): Promise<string> {
  const hmac = await crypto.subtle.importKey(
    'raw',
    new Uint8Array(key),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(
    await crypto.subtle.sign('HMAC', hmac, new TextEncoder().encode(`privacy-login:${loginId}`)),
  );
  return `${LOGIN_TOKEN_PREFIX}${loginId}.${base64url(mac)}`;
}

/** Whether a string can be a login token at all (cheap check before any lookup). */
export const isLoginToken = (token: string): boolean =>
  token.length <= 200 && /^sdp_[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/.test(token);

export function newSessionToken(): string {
  return SESSION_TOKEN_PREFIX + hex(crypto.getRandomValues(new Uint8Array(32)));
}

export const isSessionToken = (token: string): boolean => /^sdps_[0-9a-f]{64}$/.test(token);
