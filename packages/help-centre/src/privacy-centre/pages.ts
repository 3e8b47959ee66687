/**
 * The privacy centre's HTML, rendered on the server like the help centre's pages: no script, every
 * change a form POST (with its CSRF field), every interpolated value escaped by hono/html.
 */
import { html } from 'hono/html';
import type { Language, PrivacyOverview } from '@sofortdesk/domain';
import { STYLESHEET } from '../pages.ts';
import { PRIVACY_STRINGS } from './i18n.ts';

type Html = ReturnType<typeof html>;

export interface PrivacyPageContext {
  /** Where this account's centre is, e.g. /privacy/{accountId} */
  base: string;
  accountName: string;
  language: Language;
  /** The same page in the other language. */
  alternate: string;
  stylesheet: string;
  /** The account's help centre, if there is one to go back to. */
  helpUrl: string | undefined;
  /** The form field that proves a POST came from our own page. */
  csrf: string;
}

const other = (language: Language): Language => (language === 'de' ? 'en' : 'de');
const q = (ctx: PrivacyPageContext) => `?lang=${ctx.language}`;

function layout(ctx: PrivacyPageContext, title: string, body: Html, status?: Html): Html {
  const t = PRIVACY_STRINGS[ctx.language];
  return html`<!doctype html>
    <html lang="${ctx.language}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title} · ${ctx.accountName}</title>
        <link rel="stylesheet" href="${ctx.stylesheet}" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <header class="top">
          <a class="brand" href="${ctx.base}${q(ctx)}">${ctx.accountName} · ${t.title}</a>
          <nav class="top-links">
            ${ctx.helpUrl ? html`<a href="${ctx.helpUrl}">${t.helpCentre}</a>` : ''}
            <a
              class="switch"
              href="${ctx.alternate}"
              hreflang="${other(ctx.language)}"
              lang="${other(ctx.language)}"
              >${t.languageSwitch}</a
            >
          </nav>
        </header>
        <main>${status ?? ''}${body}</main>
      </body>
    </html>`;
}

const csrfField = (ctx: PrivacyPageContext) => html`<input type="hidden" name="csrf" value="${ctx.csrf}" />`;

const formatDate = (ctx: PrivacyPageContext, iso: string | null) =>
  iso
    ? new Intl.DateTimeFormat(PRIVACY_STRINGS[ctx.language].dateLocale, {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'Europe/Berlin',
      }).format(new Date(iso))
    : '';

const notice = (text: string) => html`<p class="notice" role="status">${text}</p>`;

export function loginPage(ctx: PrivacyPageContext, state: 'form' | 'sent' | 'logged-out' | 'ended'): Html {
  const t = PRIVACY_STRINGS[ctx.language];
  const status =
    state === 'logged-out' ? notice(t.loggedOut) : state === 'ended' ? notice(t.sessionEnded) : undefined;
  if (state === 'sent') {
    return layout(
      ctx,
      t.sentTitle,
      html`<h1>${t.sentTitle}</h1>
        <p class="lead">${t.sent}</p>
        <p class="muted">${t.sentAgain}</p>
        <p><a href="${ctx.base}${q(ctx)}">${t.requestNew}</a></p>`,
    );
  }
  return layout(
    ctx,
    t.title,
    html`<h1>${t.title}</h1>
      <p class="lead">${t.loginLead}</p>
      <form class="card login" method="post" action="${ctx.base}/login-link${q(ctx)}">
        ${csrfField(ctx)}
        <p>${t.loginHow}</p>
        <label for="email">${t.emailLabel}</label>
        <div class="row">
          <input id="email" name="email" type="email" required maxlength="320" autocomplete="email" />
          <button type="submit">${t.sendLink}</button>
        </div>
      </form>`,
    status,
  );
}

export function continuePage(ctx: PrivacyPageContext, token: string): Html {
  const t = PRIVACY_STRINGS[ctx.language];
  return layout(
    ctx,
    t.continueTitle,
    html`<h1>${t.continueTitle}</h1>
      <form class="card" method="post" action="${ctx.base}/login${q(ctx)}">
        ${csrfField(ctx)}
        <input type="hidden" name="token" value="${token}" />
        <p>${t.continueLead}</p>
        <button type="submit">${t.continue}</button>
      </form>`,
  );
}

export function messagePage(
  ctx: PrivacyPageContext,
  kind: 'link-invalid' | 'form-expired' | 'not-possible',
): Html {
  const t = PRIVACY_STRINGS[ctx.language];
  const [title, text] =
    kind === 'link-invalid'
      ? [t.linkInvalidTitle, t.linkInvalid]
      : kind === 'form-expired'
        ? [t.formExpiredTitle, t.formExpired]
        : [t.notPossibleTitle, t.notPossible];
  return layout(
    ctx,
    title,
    html`<h1>${title}</h1>
      ${text ? html`<p class="lead">${text}</p>` : ''}
      <p><a href="${ctx.base}${q(ctx)}">${kind === 'link-invalid' ? t.requestNew : t.back}</a></p>`,
  );
}

function consentSection(ctx: PrivacyPageContext, overview: PrivacyOverview): Html {
  const t = PRIVACY_STRINGS[ctx.language];
  const { current } = overview.consents;
  return html`<section class="card" id="consents" aria-labelledby="consents-title">
    <h2 id="consents-title">${t.consents}</h2>
    <p class="muted">${t.consentsLead}</p>
    ${
      current.length === 0
        ? html`<p class="empty">${t.noPurposes}</p>`
        : html`<ul class="purposes">
            ${current.map(({ purpose, state, latest }) => {
              const text = purpose.texts[ctx.language];
              const on = state === 'granted';
              const label = on ? t.granted : state === 'withdrawn' ? t.withdrawn : t.notAsked;
              return html`<li class="purpose" data-purpose="${purpose.key}" data-state="${state}">
                <div class="purpose-text">
                  <h3>${text.title}</h3>
                  <p>${text.text}</p>
                  <p class="state">
                    <span class="pill ${on ? 'on' : 'off'}">${label}</span>
                    ${latest ? html`<span class="muted">${t.since} ${formatDate(ctx, latest.createdAt)}</span>` : ''}
                  </p>
                  ${purpose.perCase ? html`<p class="muted">${t.perCase}</p>` : ''}
                </div>
                ${
                  // A per-case purpose is given with each share (below), never for all cases at once.
                  purpose.perCase && !on
                    ? ''
                    : html`<form method="post" action="${ctx.base}/consents${q(ctx)}">
                        ${csrfField(ctx)}
                        <input type="hidden" name="purposeKey" value="${purpose.key}" />
                        <input type="hidden" name="purposeVersion" value="${String(purpose.version)}" />
                        <button
                          type="submit"
                          name="granted"
                          value="${on ? 'no' : 'yes'}"
                          class="${on ? 'secondary' : ''}"
                          aria-label="${`${on ? t.withdraw : t.grant}: ${text.title}`}"
                        >
                          ${on ? t.withdraw : t.grant}
                        </button>
                      </form>`
                }
              </li>`;
            })}
          </ul>`
    }
    <details class="history" ${overview.consents.history.length <= 6 ? 'open' : ''}>
      <summary>${t.history} (${String(overview.consents.history.length)})</summary>
      ${
        overview.consents.history.length === 0
          ? html`<p class="empty">${t.noHistory}</p>`
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">${t.historyWhen}</th>
                  <th scope="col">${t.historyPurpose}</th>
                  <th scope="col">${t.historyDecision}</th>
                  <th scope="col">${t.historyHow}</th>
                </tr>
              </thead>
              <tbody>
                ${[...overview.consents.history].reverse().map((entry) => {
                  const texts = overview.versionTexts[entry.purposeId]?.[entry.purposeVersion];
                  return html`<tr>
                    <td>${formatDate(ctx, entry.createdAt)}</td>
                    <td>
                      ${texts?.[ctx.language].title ?? entry.purposeKey}
                      <span class="muted">(${t.version} ${String(entry.purposeVersion)})</span>
                    </td>
                    <td>${entry.granted ? t.historyGiven : t.historyWithdrawn}</td>
                    <td>
                      ${t.channelNames[entry.channel] ?? entry.channel},
                      ${t.recordedByNames[entry.recordedBy.kind] ?? ''}
                    </td>
                  </tr>`;
                })}
              </tbody>
            </table>`
      }
    </details>
  </section>`;
}

function sharesSection(ctx: PrivacyPageContext, overview: PrivacyOverview): Html {
  const t = PRIVACY_STRINGS[ctx.language];
  return html`<section class="card" id="shares" aria-labelledby="shares-title">
    <h2 id="shares-title">${t.shares}</h2>
    <p class="muted">${t.sharesLead}</p>
    ${
      overview.shares.length === 0
        ? html`<p class="empty">${t.noShares}</p>`
        : html`<ul class="shares">
            ${overview.shares.map(
              (share) =>
                html`<li data-share="${share.id}" data-status="${share.status}">
                  <p>
                    <strong>${share.label[ctx.language]}</strong>
                    <span class="pill ${share.status === 'active' ? 'on' : 'off'}"
                      >${share.status === 'active' ? t.shareActive : t.shareEnded}</span
                    >
                  </p>
                  <p class="muted">
                    ${t.shareShared} ${formatDate(ctx, share.sharedAt)} ·
                    ${
                      share.status === 'active'
                        ? html`${t.shareExpires} ${formatDate(ctx, share.expiresAt)}`
                        : html`${t.shareEndedAt} ${formatDate(ctx, share.endedAt)}`
                    }
                  </p>
                  ${
                    share.access.length === 0
                      ? html`<p class="muted">${t.shareNotViewed}</p>`
                      : html`<ul class="access">
                          ${share.access.map(
                            (access) =>
                              html`<li>
                                ${access.outcome === 'viewed' ? t.shareViewed : t.shareRefused}:
                                ${formatDate(ctx, access.at)}
                              </li>`,
                          )}
                        </ul>`
                  }
                </li>`,
            )}
          </ul>`
    }
  </section>`;
}

export function overviewPage(
  ctx: PrivacyPageContext,
  overview: PrivacyOverview,
  via: 'email-link' | 'widget',
  saved: boolean,
): Html {
  const t = PRIVACY_STRINGS[ctx.language];
  const who = overview.contact.email ?? overview.contact.name ?? '';
  return layout(
    ctx,
    t.title,
    html`<div class="heading">
        <div>
          <h1>${t.hello(overview.contact.name)}</h1>
          <p class="muted">
            ${who ? html`${t.signedInAs} <strong>${who}</strong>, ` : ''}${via === 'widget' ? t.viaWidget : t.viaLink}
          </p>
        </div>
        <form method="post" action="${ctx.base}/logout${q(ctx)}">
          ${csrfField(ctx)}
          <button type="submit" class="secondary">${t.logout}</button>
        </form>
      </div>
      ${consentSection(ctx, overview)} ${sharesSection(ctx, overview)}
      <section class="card" id="download" aria-labelledby="download-title">
        <h2 id="download-title">${t.download}</h2>
        <p class="muted">${t.downloadLead}</p>
        <form method="post" action="${ctx.base}/export${q(ctx)}">
          ${csrfField(ctx)}
          <button type="submit">${t.download}</button>
        </form>
      </section>
      <section class="card danger" id="erase" aria-labelledby="erase-title">
        <h2 id="erase-title">${t.erase}</h2>
        <p class="muted">${t.eraseLead}</p>
        <p><a class="button danger" href="${ctx.base}/erase${q(ctx)}">${t.eraseStart}</a></p>
      </section>`,
    saved ? notice(t.saved) : undefined,
  );
}

export function eraseConfirmPage(ctx: PrivacyPageContext): Html {
  const t = PRIVACY_STRINGS[ctx.language];
  return layout(
    ctx,
    t.eraseConfirmTitle,
    html`<h1>${t.eraseConfirmTitle}</h1>
      <form class="card danger" method="post" action="${ctx.base}/erase${q(ctx)}">
        ${csrfField(ctx)}
        <p>${t.eraseConfirmLead}</p>
        <p>
          <label class="check"
            ><input type="checkbox" name="confirm" value="yes" required /> ${t.eraseConfirmCheck}</label
          >
        </p>
        <div class="row">
          <button type="submit" class="danger">${t.eraseConfirm}</button>
          <a class="button secondary" href="${ctx.base}${q(ctx)}">${t.cancel}</a>
        </div>
      </form>`,
  );
}

export function erasedPage(ctx: PrivacyPageContext, receiptId: string): Html {
  const t = PRIVACY_STRINGS[ctx.language];
  return layout(
    ctx,
    t.erasedTitle,
    html`<h1>${t.erasedTitle}</h1>
      <p class="lead">${t.erased}</p>
      <p>${t.receipt}: <code>${receiptId}</code></p>`,
  );
}

/** The help centre's styles, and what the centre adds: cards, toggles, the history table. */
export const PRIVACY_STYLESHEET = `${STYLESHEET}
.top-links { display: flex; gap: 16px; align-items: center; }
.lead { font-size: 1.05rem; }
.muted { color: var(--muted); }
.notice { background: #e6f4ea; border: 1px solid #a8dab5; color: #0d652d; padding: 10px 14px; border-radius: 8px; }
.card { border: 1px solid var(--line); border-radius: 12px; padding: 16px 20px; margin: 20px 0; background: #fff; }
.card h2 { margin-top: 0; }
.card.danger { border-color: #f1b5b0; }
.login label { display: block; font-weight: 600; margin: 12px 0 6px; }
.row { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
.row input[type=email] { flex: 1; min-width: 220px; font: inherit; padding: 10px 12px; border: 1px solid #8c959f; border-radius: 8px; }
.heading { display: flex; justify-content: space-between; align-items: flex-start; gap: 16px; }
.heading h1 { margin-bottom: 4px; }
.heading button, .purpose button { white-space: nowrap; }
.card > p:first-of-type { margin-top: 0; }
button.secondary, .button.secondary { background: #fff; color: var(--accent); }
button.danger, .button.danger { background: #b3261e; border-color: #b3261e; color: #fff; }
.button { display: inline-block; font: inherit; padding: 10px 18px; border-radius: 8px; border: 1px solid var(--accent); text-decoration: none; }
.purposes { list-style: none; padding: 0; margin: 0; }
.purpose { display: flex; gap: 16px; justify-content: space-between; align-items: center; padding: 14px 0; border-top: 1px solid var(--line); }
.purpose h3 { margin: 0; font-size: 1.05rem; }
.purpose p { margin: 4px 0; }
.purpose form { flex: none; }
.pill { display: inline-block; font-size: .85rem; font-weight: 600; border-radius: 99px; padding: 1px 10px; margin-right: 6px; }
.pill.on { background: #e6f4ea; color: #0d652d; }
.pill.off { background: var(--bg); color: var(--muted); border: 1px solid var(--line); }
.history { margin-top: 12px; }
.history summary { cursor: pointer; color: var(--accent); font-weight: 600; }
table { width: 100%; border-collapse: collapse; font-size: .92rem; margin-top: 8px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
.shares, .access { list-style: none; padding: 0; margin: 0; }
.shares > li { padding: 10px 0; border-top: 1px solid var(--line); }
.shares p { margin: 2px 0; }
.access li { color: var(--muted); font-size: .92rem; }
.check { display: flex; gap: 8px; align-items: center; }
code { background: var(--bg); padding: 1px 6px; border-radius: 4px; }
@media (max-width: 560px) { .purpose, .heading { flex-direction: column; align-items: stretch; } }
`;
