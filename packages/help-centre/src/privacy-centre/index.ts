/**
 * The customer's privacy centre (issue 7, item 3): server-rendered pages without script, mounted by
 * the composition root at /privacy, linked from the help centre and opened from the widget.
 *
 *   GET  /privacy/{accountId}                 the centre (signed in) or the form asking for a link
 *   POST /privacy/{accountId}/login-link      e-mail → one-time link by mail; the same answer for any address
 *   GET  /privacy/{accountId}/login?token=    a mailed link: a page with one button (mail scanners that
 *                                             open links do not use it up); a widget link signs in at once
 *   POST /privacy/{accountId}/login           uses the link: the privacy session cookie
 *   POST /privacy/{accountId}/consents        give or withdraw a purpose
 *   POST /privacy/{accountId}/export          "download my data": the export document as a JSON file
 *   GET  /privacy/{accountId}/erase           the confirmation step; POST: the erasure, then signed out
 *   POST /privacy/{accountId}/logout
 *
 * Every POST carries the CSRF field (csrf.ts). `?lang=de|en` picks the language; without it the
 * contact's language, else the browser's.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import {
  authenticatePrivacySession,
  DomainError,
  endPrivacySession,
  exportOwnData,
  getPrivacyOverview,
  LANGUAGES,
  peekPrivacyLogin,
  PRIVACY_SESSION_TTL_MS,
  requestOwnErasure,
  requestPrivacyLoginLink,
  setOwnConsent,
  startPrivacySession,
  type Language,
  type PrivacyCentreDeps,
  type PrivacySession,
} from '@sofortdesk/domain';
import { languageFrom } from '../i18n.ts';
import { csrfFieldFor, csrfValid, newCsrfCookie, sameOrigin } from './csrf.ts';
import {
  continuePage,
  eraseConfirmPage,
  erasedPage,
  loginPage,
  messagePage,
  overviewPage,
  PRIVACY_STYLESHEET,
  type PrivacyPageContext,
} from './pages.ts';

export interface PrivacyCentreWebDeps {
  useCases: PrivacyCentreDeps;
  /** Key for the CSRF fields (derived from the installation's secret key). */
  csrfKey: Uint8Array;
  /** Cookies only over https (behind TLS). */
  secureCookies: boolean;
  /** The account /privacy leads to when the installation has exactly one. */
  soleAccountId(): Promise<string | undefined>;
  /** Where the account's help centre is mounted (a link back), if it is. */
  helpPath?: string;
}

const ID = /^[0-9A-Za-z-]{1,64}$/;
const SESSION_COOKIE = 'sd_privacy';
const CSRF_COOKIE = 'sd_privacy_csrf';
/** A form of a few fields; anything larger is not ours. */
const FORM_BODY_LIMIT = 4096;

/** No scripts at all; styles and form posts only from here; never framed (as the help centre). */
const CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const notFound = (c: Context) => c.text('Not Found', 404);

const isLanguage = (value: string | undefined): value is Language =>
  (LANGUAGES as readonly string[]).includes(value ?? '');

export function privacyCentre(deps: PrivacyCentreWebDeps, mountPath = '/privacy'): Hono {
  const app = new Hono();
  const stylesheet = `${mountPath}/privacy.css`;
  const uc = deps.useCases;

  app.use('*', async (c, next) => {
    await next();
    c.header('content-security-policy', CSP);
    // Pages show personal data: never stored by a shared cache or the browser's history cache.
    if (c.res.headers.get('content-type')?.startsWith('text/html')) c.header('cache-control', 'no-store');
  });

  app.get('/privacy.css', (c) => {
    c.header('content-type', 'text/css; charset=utf-8');
    c.header('cache-control', 'public, max-age=3600');
    return c.body(PRIVACY_STYLESHEET);
  });

  app.get('/', async (c) => {
    const accountId = await deps.soleAccountId();
    const lang = c.req.query('lang');
    if (!accountId) return notFound(c);
    return c.redirect(`${mountPath}/${accountId}${isLanguage(lang) ? `?lang=${lang}` : ''}`, 302);
  });

  const base = (accountId: string) => `${mountPath}/${accountId}`;
  const cookiePath = base;

  /** The account of the path, or undefined (404) for an id that cannot be one or an unknown account. */
  async function account(c: Context): Promise<{ id: string; name: string } | undefined> {
    const id = c.req.param('accountId') ?? '';
    if (!ID.test(id)) return undefined;
    const found = await uc.uow.repos.accounts.get(id);
    return found && { id: found.id, name: found.name };
  }

  function language(c: Context, contactLanguage?: Language | null): Language {
    const lang = c.req.query('lang');
    if (isLanguage(lang)) return lang;
    return contactLanguage ?? languageFrom(c.req.header('accept-language'));
  }

  /** The CSRF cookie of this browser, made on first sight; the field every form carries. */
  function csrf(c: Context, accountId: string): string {
    let cookie = getCookie(c, CSRF_COOKIE);
    if (!cookie || cookie.length > 64) {
      cookie = newCsrfCookie();
      setCookie(c, CSRF_COOKIE, cookie, {
        path: cookiePath(accountId),
        httpOnly: true,
        sameSite: 'Strict',
        secure: deps.secureCookies,
      });
    }
    return csrfFieldFor(deps.csrfKey, cookie);
  }

  function context(c: Context, acc: { id: string; name: string }, lang: Language): PrivacyPageContext {
    const url = new URL(c.req.url);
    url.searchParams.set('lang', lang === 'de' ? 'en' : 'de');
    return {
      base: base(acc.id),
      accountName: acc.name || 'Sofortdesk',
      language: lang,
      // The other language of the very page (GET pages only carry harmless parameters).
      alternate: `${url.pathname}${url.search}`,
      stylesheet,
      helpUrl: deps.helpPath ? `${deps.helpPath}/${acc.id}/${lang}` : undefined,
      csrf: csrf(c, acc.id),
    };
  }

  async function sessionOf(c: Context, accountId: string): Promise<PrivacySession | undefined> {
    return authenticatePrivacySession(uc, accountId, getCookie(c, SESSION_COOKIE));
  }

  function startSessionCookie(c: Context, accountId: string, token: string) {
    setCookie(c, SESSION_COOKIE, token, {
      path: cookiePath(accountId),
      httpOnly: true,
      sameSite: 'Lax',
      secure: deps.secureCookies,
      maxAge: Math.floor(PRIVACY_SESSION_TTL_MS / 1000),
    });
  }

  const endSessionCookie = (c: Context, accountId: string) =>
    deleteCookie(c, SESSION_COOKIE, { path: cookiePath(accountId), secure: deps.secureCookies });

  /**
   * A POST's form, when it carries the CSRF field of this browser's cookie and comes from our own
   * origin; otherwise undefined (the caller answers 403).
   */
  async function form(c: Context): Promise<Record<string, string> | undefined> {
    const length = Number(c.req.header('content-length') ?? 'NaN');
    if (!(length <= FORM_BODY_LIMIT)) return undefined;
    if (!sameOrigin(c.req.header('origin'), c.req.header('host'))) return undefined;
    const body = await c.req.parseBody().catch(() => undefined);
    if (!body || !csrfValid(deps.csrfKey, getCookie(c, CSRF_COOKIE), body.csrf)) return undefined;
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(body)) if (typeof value === 'string') fields[key] = value;
    return fields;
  }

  const refused = (c: Context, acc: { id: string; name: string }, lang: Language) =>
    c.html(messagePage(context(c, acc, lang), 'form-expired'), 403);

  const home = (accountId: string, lang: Language, extra = '') => `${base(accountId)}?lang=${lang}${extra}`;

  app.get('/:accountId', async (c) => {
    const acc = await account(c);
    if (!acc) return notFound(c);
    const session = await sessionOf(c, acc.id);
    if (!session) {
      const lang = language(c);
      const state =
        c.req.query('sent') !== undefined
          ? 'sent'
          : c.req.query('out') !== undefined
            ? 'logged-out'
            : getCookie(c, SESSION_COOKIE)
              ? 'ended'
              : 'form';
      if (state === 'ended') endSessionCookie(c, acc.id);
      return c.html(loginPage(context(c, acc, lang), state));
    }
    const overview = await getPrivacyOverview(uc, session);
    const lang = language(c, overview.contact.language);
    return c.html(
      overviewPage(
        context(c, { id: acc.id, name: overview.accountName || acc.name }, lang),
        overview,
        session.via,
        c.req.query('saved') !== undefined,
      ),
    );
  });

  app.post('/:accountId/login-link', async (c) => {
    const acc = await account(c);
    if (!acc) return notFound(c);
    const lang = language(c);
    const fields = await form(c);
    if (!fields) return refused(c, acc, lang);
    // Whatever the address, the same redirect: nobody learns whether it is a customer's.
    await requestPrivacyLoginLink(uc, acc.id, { email: (fields.email ?? '').slice(0, 320), language: lang });
    return c.redirect(home(acc.id, lang, '&sent'), 303);
  });

  app.get('/:accountId/login', async (c) => {
    const acc = await account(c);
    if (!acc) return notFound(c);
    const lang = language(c);
    const token = c.req.query('token') ?? '';
    const login = await peekPrivacyLogin(uc, acc.id, token);
    if (!login) return c.html(messagePage(context(c, acc, lang), 'link-invalid'), 410);
    if (login.kind === 'widget') {
      // Minted a moment ago for the widget's verified visitor, who clicked it: no mail scanner in
      // between, so it signs in at once.
      return signIn(c, acc, lang, token);
    }
    return c.html(continuePage(context(c, acc, lang), token));
  });

  async function signIn(c: Context, acc: { id: string; name: string }, lang: Language, token: string) {
    try {
      const started = await startPrivacySession(uc, acc.id, token);
      startSessionCookie(c, acc.id, started.token);
      return c.redirect(home(acc.id, lang), 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return c.html(messagePage(context(c, acc, lang), 'link-invalid'), 410);
    }
  }

  app.post('/:accountId/login', async (c) => {
    const acc = await account(c);
    if (!acc) return notFound(c);
    const lang = language(c);
    const fields = await form(c);
    if (!fields) return refused(c, acc, lang);
    return signIn(c, acc, lang, fields.token ?? '');
  });

  /** The signed-in customer's POSTs: session and CSRF field, or the login page / a 403. */
  async function signedIn(c: Context) {
    const acc = await account(c);
    if (!acc) return { response: notFound(c) };
    const lang = language(c);
    const fields = await form(c);
    if (!fields) return { response: refused(c, acc, lang) };
    const session = await sessionOf(c, acc.id);
    if (!session) return { response: c.redirect(home(acc.id, lang), 303) };
    return { acc, lang, fields, session };
  }

  app.post('/:accountId/consents', async (c) => {
    const s = await signedIn(c);
    if ('response' in s) return s.response;
    const granted = s.fields.granted;
    if (granted !== 'yes' && granted !== 'no') return c.text('granted must be yes or no', 400);
    try {
      await setOwnConsent(uc, s.session, {
        purposeKey: s.fields.purposeKey ?? '',
        granted: granted === 'yes',
        purposeVersion: Number(s.fields.purposeVersion),
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return c.html(messagePage(context(c, s.acc, s.lang), 'not-possible'), 400);
    }
    // Post/redirect/get: a reload does not record the decision again.
    return c.redirect(home(s.acc.id, s.lang, '&saved#consents'), 303);
  });

  app.post('/:accountId/export', async (c) => {
    const s = await signedIn(c);
    if ('response' in s) return s.response;
    const document = await exportOwnData(uc, s.session);
    const day = document.exportedAt.slice(0, 10);
    c.header('content-disposition', `attachment; filename="my-data-${day}.json"`);
    c.header('cache-control', 'no-store');
    return c.body(JSON.stringify(document, null, 2), 200, {
      'content-type': 'application/json; charset=utf-8',
    });
  });

  app.get('/:accountId/erase', async (c) => {
    const acc = await account(c);
    if (!acc) return notFound(c);
    const session = await sessionOf(c, acc.id);
    if (!session) return c.redirect(home(acc.id, language(c)), 303);
    const contact = await uc.uow.repos.contacts.get(acc.id, session.contactId);
    return c.html(eraseConfirmPage(context(c, acc, language(c, contact?.language))));
  });

  app.post('/:accountId/erase', async (c) => {
    const s = await signedIn(c);
    if ('response' in s) return s.response;
    // The confirmation step: without the ticked box nothing happens.
    if (s.fields.confirm !== 'yes') return c.redirect(`${base(s.acc.id)}/erase?lang=${s.lang}`, 303);
    const receipt = await requestOwnErasure(uc, s.session);
    endSessionCookie(c, s.acc.id);
    return c.html(erasedPage(context(c, s.acc, s.lang), receipt.id));
  });

  app.post('/:accountId/logout', async (c) => {
    const s = await signedIn(c);
    if ('response' in s) return s.response;
    await endPrivacySession(uc, s.session);
    endSessionCookie(c, s.acc.id);
    return c.redirect(home(s.acc.id, s.lang, '&out'), 303);
  });

  // Every other path under the mount is ours too: a plain 404, not the workspace's page.
  app.all('*', (c) => notFound(c));
  return app;
}
