/**
 * @module @sofortdesk/help-centre
 * The public help centre: per-language pages of an account's public articles, rendered on the
 * server, with search and "did this help?". Mounted by the composition root at /help:
 *
 *   /help                                   the only account's help centre, when there is one
 *   /help/{accountId}                       → the visitor's language (Accept-Language)
 *   /help/{accountId}/{de|en}               collections and their articles
 *   /help/{accountId}/{de|en}/search?q=     search (any language finds every language)
 *   /help/{accountId}/{de|en}/articles/{id} an article, its translation, the feedback form
 */
import { Hono, type Context } from 'hono';
import {
  getPublicArticle,
  LANGUAGES,
  readPublicKnowledge,
  recordArticleFeedback,
  type Article,
  type ArticleSearch,
  type Language,
  type UseCaseDeps,
} from '@sofortdesk/domain';
import { languageFrom } from './i18n.ts';
import { articlePage, homePage, notFoundPage, searchPage, STYLESHEET, type PageContext } from './pages.ts';

export { privacyCentre, type PrivacyCentreWebDeps } from './privacy-centre/index.ts';

export interface HelpCentreDeps {
  useCases: UseCaseDeps;
  /** The knowledge engine over the account's public articles (the composition root builds it). */
  articles: ArticleSearch;
  /** The account /help leads to when the installation has exactly one. */
  soleAccountId(): Promise<string | undefined>;
  /** Where the customers' privacy centre is mounted (every page links to it), if it is. */
  privacyPath?: string;
}

const ID = /^[0-9A-Za-z-]{1,64}$/;
/** A vote is a few bytes; anything larger is not our form. */
const FEEDBACK_BODY_LIMIT = 4096;

/** No scripts at all; styles and form posts only from here; never framed. */
const CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' https: data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function helpCentre(deps: HelpCentreDeps, mountPath = '/help'): Hono {
  const app = new Hono();
  const stylesheet = `${mountPath}/help.css`;

  app.use('*', async (c, next) => {
    await next();
    c.header('content-security-policy', CSP);
    if (c.res.headers.get('content-type')?.startsWith('text/html')) c.header('cache-control', 'no-cache');
  });

  app.get('/help.css', (c) => {
    c.header('content-type', 'text/css; charset=utf-8');
    c.header('cache-control', 'public, max-age=3600');
    return c.body(STYLESHEET);
  });

  app.get('/', async (c) => {
    const accountId = await deps.soleAccountId();
    if (!accountId)
      return c.html(notFoundPage(context(c, '', languageFrom(c.req.header('accept-language')))), 404);
    return c.redirect(`${mountPath}/${accountId}/${languageFrom(c.req.header('accept-language'))}`, 302);
  });

  app.get('/:accountId', (c) => {
    const accountId = c.req.param('accountId');
    if (!ID.test(accountId)) return c.notFound();
    return c.redirect(`${mountPath}/${accountId}/${languageFrom(c.req.header('accept-language'))}`, 302);
  });

  /** The account's public knowledge and the page context, or a 404 page. */
  async function load(c: Context) {
    const { accountId = '', lang = '' } = c.req.param();
    const language = (LANGUAGES as readonly string[]).includes(lang) ? (lang as Language) : undefined;
    if (!ID.test(accountId) || !language) return undefined;
    const knowledge = await readPublicKnowledge(deps.useCases, accountId);
    if (!knowledge) return undefined;
    return { accountId, language, knowledge };
  }

  function context(c: Context, accountName: string, language: Language, alternatePath?: string): PageContext {
    const base = `${mountPath}/${c.req.param('accountId') ?? ''}`;
    const other: Language = language === 'de' ? 'en' : 'de';
    const url = new URL(c.req.url);
    return {
      base,
      accountName: accountName || 'Sofortdesk',
      language,
      alternate:
        alternatePath ?? `${url.pathname.replace(`${base}/${language}`, `${base}/${other}`)}${url.search}`,
      stylesheet,
      ...(deps.privacyPath && {
        privacyUrl: `${deps.privacyPath}/${c.req.param('accountId') ?? ''}?lang=${language}`,
      }),
    };
  }

  const notFound = (c: Context, language: Language = 'de', accountName = '') =>
    c.html(notFoundPage(context(c, accountName, language)), 404);

  app.get('/:accountId/:lang', async (c) => {
    const loaded = await load(c);
    if (!loaded) return notFound(c);
    const { language, knowledge } = loaded;
    return c.html(
      homePage(context(c, knowledge.accountName, language), knowledge.collections, knowledge.articles),
    );
  });

  app.get('/:accountId/:lang/search', async (c) => {
    const loaded = await load(c);
    if (!loaded) return notFound(c);
    const { accountId, language, knowledge } = loaded;
    const query = (c.req.query('q') ?? '').trim().slice(0, 500);
    if (query === '') return c.redirect(`${mountPath}/${accountId}/${language}`, 302);
    const hits = preferLanguage(
      await deps.articles.search(accountId, query, language),
      knowledge.articles,
      language,
    );
    return c.html(searchPage(context(c, knowledge.accountName, language), query, hits.slice(0, 10)));
  });

  app.get('/:accountId/:lang/articles/:articleId', async (c) => {
    const loaded = await load(c);
    if (!loaded) return notFound(c);
    const { accountId, language, knowledge } = loaded;
    const articleId = c.req.param('articleId');
    const detail = ID.test(articleId)
      ? await getPublicArticle(deps.useCases, accountId, articleId)
      : undefined;
    if (!detail) return notFound(c, language, knowledge.accountName);
    const feedback = c.req.query('feedback');
    // The other language's page is the translation, where there is one.
    const translation = detail.translations.find((t) => t.language !== language);
    const other: Language = language === 'de' ? 'en' : 'de';
    const ctx = context(
      c,
      knowledge.accountName,
      language,
      `${mountPath}/${accountId}/${other}/articles/${translation?.id ?? detail.article.id}`,
    );
    return c.html(
      articlePage(
        ctx,
        detail,
        feedback === 'yes' || feedback === 'no' ? feedback : undefined,
        c.req.query('q') ?? '',
      ),
    );
  });

  app.post('/:accountId/:lang/articles/:articleId/feedback', async (c) => {
    const loaded = await load(c);
    if (!loaded) return notFound(c);
    const { accountId, language, knowledge } = loaded;
    const length = Number(c.req.header('content-length') ?? 'NaN');
    if (!(length <= FEEDBACK_BODY_LIMIT)) return c.text('Payload Too Large', 413);
    const form = await c.req.parseBody().catch(() => undefined);
    const helpful = form?.helpful;
    if (helpful !== 'yes' && helpful !== 'no') return c.text('helpful must be yes or no', 400);
    const articleId = c.req.param('articleId');
    if (!ID.test(articleId)) return notFound(c, language, knowledge.accountName);
    try {
      await recordArticleFeedback(deps.useCases, accountId, {
        articleId,
        helpful: helpful === 'yes',
        source: 'help-centre',
        query: typeof form?.q === 'string' ? form.q : null,
      });
    } catch {
      return notFound(c, language, knowledge.accountName);
    }
    // Post/redirect/get: a reload does not vote again.
    return c.redirect(`${mountPath}/${accountId}/${language}/articles/${articleId}?feedback=${helpful}`, 303);
  });

  // Every other path under the mount is ours too: a help-centre 404, not the workspace's page.
  app.all('*', (c) => notFound(c));
  return app;
}

/** Ranked hits, each shown in the visitor's language when it has a public translation into it. */
function preferLanguage(hits: Article[], all: Article[], language: Language): Article[] {
  const seen = new Set<string>();
  const result: Article[] = [];
  for (const hit of hits) {
    if (seen.has(hit.translationGroup)) continue;
    seen.add(hit.translationGroup);
    result.push(
      hit.language === language
        ? hit
        : (all.find((a) => a.translationGroup === hit.translationGroup && a.language === language) ?? hit),
    );
  }
  return result;
}
