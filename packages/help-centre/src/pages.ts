/**
 * The help centre's HTML, rendered on the server: readable without JavaScript, fast to first paint,
 * and complete for search engines. hono/html escapes every interpolated value; the only raw HTML is
 * the article body from renderMarkdown (raw HTML off, links checked).
 */
import { html, raw } from 'hono/html';
import type { Article, ArticleWithTranslations, KnowledgeCollection, Language } from '@sofortdesk/domain';
import { STRINGS } from './i18n.ts';
import { excerpt, renderMarkdown } from './markdown.ts';

type Html = ReturnType<typeof html>;

export interface PageContext {
  /** Where the help centre is mounted, e.g. /help/{accountId} */
  base: string;
  accountName: string;
  language: Language;
  /** The same page in the other language. */
  alternate: string;
  stylesheet: string;
  /** The customers' privacy centre of this account (linked in the footer), if there is one. */
  privacyUrl?: string;
}

const other = (language: Language): Language => (language === 'de' ? 'en' : 'de');

function layout(ctx: PageContext, title: string, description: string, body: Html): Html {
  const t = STRINGS[ctx.language];
  return html`<!doctype html>
    <html lang="${ctx.language}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · ${ctx.accountName}</title>
        <meta name="description" content="${description}" />
        <link rel="alternate" hreflang="${other(ctx.language)}" href="${ctx.alternate}" />
        <link rel="stylesheet" href="${ctx.stylesheet}" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <header class="top">
          <a class="brand" href="${ctx.base}/${ctx.language}">${ctx.accountName} · ${t.helpCentre}</a>
          <a
            class="switch"
            href="${ctx.alternate}"
            hreflang="${other(ctx.language)}"
            lang="${other(ctx.language)}"
            >${t.languageSwitch}</a
          >
        </header>
        <main>${body}</main>
        ${
          ctx.privacyUrl
            ? html`<footer class="bottom">
                <p><a href="${ctx.privacyUrl}">${t.privacy}</a></p>
              </footer>`
            : ''
        }
      </body>
    </html>`;
}

function searchForm(ctx: PageContext, query = ''): Html {
  const t = STRINGS[ctx.language];
  return html`<form class="search" role="search" method="get" action="${ctx.base}/${ctx.language}/search">
    <label for="q">${t.searchLabel}</label>
    <div class="row">
      <input
        id="q"
        name="q"
        type="search"
        value="${query}"
        placeholder="${t.searchPlaceholder}"
        maxlength="500"
        autocomplete="off"
      />
      <button type="submit">${t.search}</button>
    </div>
  </form>`;
}

/** `query`: the search that led here, passed on to the article's "did this help?" (a phrasing to learn). */
function articleLink(ctx: PageContext, article: Article, query = ''): Html {
  const t = STRINGS[ctx.language];
  const foreign = article.language !== ctx.language;
  const search = query ? `?q=${encodeURIComponent(query)}` : '';
  return html`<li>
    <a
      href="${ctx.base}/${ctx.language}/articles/${article.id}${search}"
      ${foreign ? raw(` lang="${article.language}"`) : ''}
      >${article.title}</a
    >
    ${foreign ? html`<span class="badge">${t.otherLanguage}</span>` : ''}
    <p>${excerpt(article.body, 140)}</p>
  </li>`;
}

/**
 * What a visitor in one language sees: each article in their language, or in the other one when it
 * has no translation into theirs.
 */
export function pickLanguage(articles: Article[], language: Language): Article[] {
  const groups = new Map<string, Article>();
  for (const article of articles) {
    const seen = groups.get(article.translationGroup);
    if (!seen || (seen.language !== language && article.language === language)) {
      groups.set(article.translationGroup, article);
    }
  }
  return [...groups.values()];
}

export function homePage(ctx: PageContext, collections: KnowledgeCollection[], articles: Article[]): Html {
  const t = STRINGS[ctx.language];
  const shown = pickLanguage(articles, ctx.language).sort((a, b) =>
    a.title.localeCompare(b.title, ctx.language),
  );
  const sections = collections
    .map((collection) => ({
      title: collection.name,
      description: collection.description,
      items: shown.filter((a) => a.collectionId === collection.id),
    }))
    .filter((section) => section.items.length > 0);
  return layout(
    ctx,
    t.helpCentre,
    `${ctx.accountName}: ${t.helpCentre}`,
    html`<h1>${t.helpCentre}</h1>
      ${searchForm(ctx)}
      ${
        sections.length === 0
          ? html`<p class="empty">${t.noArticles}</p>`
          : sections.map(
              (section) =>
                html`<section class="collection">
                  <h2>${section.title}</h2>
                  ${section.description ? html`<p class="lead">${section.description}</p>` : ''}
                  <ul class="articles">
                    ${section.items.map((a) => articleLink(ctx, a))}
                  </ul>
                </section>`,
            )
      }`,
  );
}

export function searchPage(ctx: PageContext, query: string, hits: Article[]): Html {
  const t = STRINGS[ctx.language];
  return layout(
    ctx,
    t.resultsFor(query),
    t.resultsFor(query),
    html`<h1>${t.resultsFor(query)}</h1>
      ${searchForm(ctx, query)}
      ${
        hits.length === 0
          ? html`<p class="empty" role="status">${t.noResults}</p>`
          : html`<ol class="articles results">
              ${hits.map((a) => articleLink(ctx, a, query))}
            </ol>`
      }
      <p><a href="${ctx.base}/${ctx.language}">${t.back}</a></p>`,
  );
}

export function articlePage(
  ctx: PageContext,
  { article, translations }: ArticleWithTranslations,
  feedback: 'yes' | 'no' | undefined,
  query: string,
): Html {
  const t = STRINGS[ctx.language];
  const translation = translations.find((tr) => tr.language === other(article.language));
  const updated = new Intl.DateTimeFormat(ctx.language === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(new Date(article.updatedAt));
  const action = `${ctx.base}/${ctx.language}/articles/${article.id}/feedback`;
  return layout(
    ctx,
    article.title,
    excerpt(article.body, 160),
    html`<article lang="${article.language}">
        <h1>${article.title}</h1>
        <p class="meta">
          ${t.updated}
          ${updated}${
            translation
              ? html` ·
                  <a
                    href="${ctx.base}/${other(article.language)}/articles/${translation.id}"
                    hreflang="${translation.language}"
                    >${t.alsoIn}</a
                  >`
              : ''
          }
        </p>
        <div class="body">${raw(renderMarkdown(article.body))}</div>
      </article>
      <aside class="feedback" aria-live="polite">
        ${
          feedback
            ? html`<p role="status">${feedback === 'yes' ? t.thanks : t.sorry}</p>`
            : html`<form method="post" action="${action}">
                <fieldset>
                  <legend>${t.didItHelp}</legend>
                  <input type="hidden" name="q" value="${query}" />
                  <button type="submit" name="helpful" value="yes">${t.yes}</button>
                  <button type="submit" name="helpful" value="no">${t.no}</button>
                </fieldset>
              </form>`
        }
      </aside>
      <p><a href="${ctx.base}/${ctx.language}">${t.back}</a></p>`,
  );
}

export function notFoundPage(ctx: PageContext): Html {
  const t = STRINGS[ctx.language];
  return layout(
    ctx,
    t.notFound,
    t.notFound,
    html`<h1>${t.notFound}</h1>
      <p><a href="${ctx.base}/${ctx.language}">${t.back}</a></p>`,
  );
}

/** Plain, readable, high-contrast; no web fonts, no scripts. */
export const STYLESHEET = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --accent: #0b57d0; --line: #d0d7de; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 17px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
.top { display: flex; justify-content: space-between; align-items: center; padding: 14px 24px; background: var(--bg); border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; color: var(--ink); text-decoration: none; }
.switch { color: var(--accent); }
main { max-width: 760px; margin: 0 auto; padding: 24px; }
h1 { font-size: 1.9rem; line-height: 1.25; margin: 8px 0 16px; }
h2 { font-size: 1.3rem; margin: 28px 0 8px; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid #fbbc04; outline-offset: 2px; }
.search label { display: block; font-weight: 600; margin-bottom: 6px; }
.search .row { display: flex; gap: 8px; }
.search input { flex: 1; font: inherit; padding: 10px 12px; border: 1px solid #8c959f; border-radius: 8px; }
button { font: inherit; padding: 10px 18px; border-radius: 8px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
.feedback button { background: #fff; color: var(--accent); margin-right: 8px; }
.articles { list-style: none; padding: 0; margin: 0; }
.articles li { padding: 12px 0; border-bottom: 1px solid var(--line); }
.articles li a { font-weight: 600; font-size: 1.05rem; }
.articles p, .lead, .meta, .empty { color: var(--muted); margin: 4px 0 0; }
.badge { font-size: .8rem; color: var(--muted); border: 1px solid var(--line); border-radius: 99px; padding: 1px 8px; margin-left: 6px; }
.body pre { background: var(--bg); padding: 12px; overflow: auto; border-radius: 8px; }
.body code { background: var(--bg); padding: 1px 4px; border-radius: 4px; }
.feedback { margin: 32px 0 16px; padding: 16px; border: 1px solid var(--line); border-radius: 12px; background: var(--bg); }
fieldset { border: 0; padding: 0; margin: 0; }
legend { font-weight: 600; margin-bottom: 8px; }
.bottom { max-width: 760px; margin: 0 auto; padding: 0 24px 32px; font-size: .95rem; }
.bottom p { margin: 0; padding-top: 12px; border-top: 1px solid var(--line); }
`;
