/**
 * Editing the knowledge base: collections, articles with their translations and version history,
 * and partners' proposals that wait for an agent's review.
 *
 * Admins and agents edit directly. Partners (role partner) read and propose only in the collections
 * granted to them: a proposal leaves the article untouched until an agent approves it. A partner
 * acting on any other collection gets 403 (the collection exists in their account, so "forbidden",
 * not "not found").
 */
import { diffArrays, diffLines, diffWordsWithSpace } from 'diff';
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from '../errors.ts';
import type {
  Article,
  ArticleChangeRequest,
  ArticleFeedback,
  ArticleContent,
  ArticleFilter,
  ArticleSearch,
  ArticleVersion,
  ChangeRequestStatus,
  KnowledgeCollection,
} from '../knowledge.ts';
import { authorize, type Actor } from '../policies.ts';
import type { Repositories } from '../ports.ts';
import type { Language } from '../types.ts';
import type { UseCaseDeps } from './deps.ts';

// ---- collections ----

export async function createCollection(
  deps: UseCaseDeps,
  actor: Actor,
  input: { name: string; description: string | null },
): Promise<KnowledgeCollection> {
  authorize(actor, 'knowledge.manage');
  return deps.uow.repos.knowledge.createCollection({ accountId: actor.accountId, ...input });
}

/** Admins and agents see every collection; partners only those granted to them. */
export async function listCollections(deps: UseCaseDeps, actor: Actor): Promise<KnowledgeCollection[]> {
  authorize(actor, 'knowledge.read');
  const all = await deps.uow.repos.knowledge.listCollections(actor.accountId);
  return actor.role === 'partner' ? all.filter((c) => c.partnerIds.includes(actor.userId)) : all;
}

export async function setCollectionPartners(
  deps: UseCaseDeps,
  actor: Actor,
  collectionId: string,
  partnerIds: string[],
): Promise<KnowledgeCollection> {
  return deps.uow.transaction(async (repos) => {
    // Found first, then allowed: another account's id answers 404 whatever the caller's role.
    await requireCollection(repos, actor.accountId, collectionId);
    authorize(actor, 'knowledge.manage');
    const unique = [...new Set(partnerIds)];
    for (const [index, id] of unique.entries()) {
      const user = await repos.users.get(actor.accountId, id);
      if (!user) throw new NotFoundError('Partner');
      if (user.role !== 'partner') {
        throw new InvalidError('Only partners are granted collections; agents edit every collection.', [
          { path: `partnerIds.${index}`, message: `${user.name} is not a partner` },
        ]);
      }
    }
    await repos.knowledge.setCollectionPartners(actor.accountId, collectionId, unique);
    return (await repos.knowledge.getCollection(actor.accountId, collectionId))!;
  });
}

async function requireCollection(
  repos: Repositories,
  accountId: string,
  collectionId: string,
): Promise<KnowledgeCollection> {
  const collection = await repos.knowledge.getCollection(accountId, collectionId);
  if (!collection) throw new NotFoundError('Collection');
  return collection;
}

/** Partners only in their granted collections; everyone else of the account everywhere. */
function requireCollectionAccess(actor: Actor, collection: KnowledgeCollection): void {
  if (actor.role === 'partner' && !collection.partnerIds.includes(actor.userId)) {
    throw new ForbiddenError('This collection is not shared with you.');
  }
}

// ---- articles ----

export interface ArticleWithTranslations {
  article: Article;
  /** The other languages of the same article. */
  translations: Pick<Article, 'id' | 'language' | 'title' | 'visibility' | 'version'>[];
}

/** A change is either saved at once (editors) or waits for review (partners). */
export type ArticleWriteResult =
  { kind: 'saved'; article: Article } | { kind: 'proposed'; changeRequest: ArticleChangeRequest };

export async function createArticle(
  deps: UseCaseDeps,
  actor: Actor,
  input: { collectionId: string; language: Language; translationOf: string | null; content: ArticleContent },
): Promise<ArticleWriteResult> {
  authorize(actor, 'knowledge.read');
  return deps.uow.transaction(async (repos) => {
    const collection = await requireCollection(repos, actor.accountId, input.collectionId);
    requireCollectionAccess(actor, collection);
    const content = normaliseContent(input.content);
    if (actor.role === 'partner') {
      if (input.translationOf !== null) {
        throw new InvalidError('Partners propose new articles; an agent links translations.', [
          { path: 'translationOf', message: 'must be null for partners' },
        ]);
      }
      authorize(actor, 'knowledge.propose');
      const changeRequest = await repos.knowledge.createChangeRequest({
        accountId: actor.accountId,
        collectionId: collection.id,
        articleId: null,
        baseVersion: null,
        language: input.language,
        content,
        authorId: actor.userId,
      });
      return { kind: 'proposed', changeRequest };
    }
    authorize(actor, 'knowledge.edit');
    let translationGroup: string | null = null;
    if (input.translationOf !== null) {
      const original = await repos.knowledge.getArticle(actor.accountId, input.translationOf);
      if (!original) throw new NotFoundError('Article');
      const siblings = await repos.knowledge.listTranslations(actor.accountId, original.translationGroup);
      if (siblings.some((a) => a.language === input.language)) {
        throw new ConflictError(`This article has a ${input.language} translation already.`);
      }
      translationGroup = original.translationGroup;
    }
    const article = await repos.knowledge.createArticle({
      accountId: actor.accountId,
      collectionId: collection.id,
      translationGroup,
      language: input.language,
      content,
      authorId: actor.userId,
    });
    return { kind: 'saved', article };
  });
}

async function readableArticle(repos: Repositories, actor: Actor, articleId: string): Promise<Article> {
  authorize(actor, 'knowledge.read');
  const article = await repos.knowledge.getArticle(actor.accountId, articleId);
  if (!article) throw new NotFoundError('Article');
  requireCollectionAccess(actor, await requireCollection(repos, actor.accountId, article.collectionId));
  return article;
}

export async function getArticle(
  deps: UseCaseDeps,
  actor: Actor,
  articleId: string,
): Promise<ArticleWithTranslations> {
  const repos = deps.uow.repos;
  const article = await readableArticle(repos, actor, articleId);
  const siblings = await repos.knowledge.listTranslations(actor.accountId, article.translationGroup);
  return {
    article,
    translations: siblings
      .filter((a) => a.id !== article.id)
      .map(({ id, language, title, visibility, version }) => ({ id, language, title, visibility, version })),
  };
}

export async function listArticles(
  deps: UseCaseDeps,
  actor: Actor,
  filter: ArticleFilter,
): Promise<Article[]> {
  authorize(actor, 'knowledge.read');
  const repos = deps.uow.repos;
  if (actor.role !== 'partner') return repos.knowledge.listArticles(actor.accountId, filter);
  const granted = await repos.knowledge.grantedCollectionIds(actor.accountId, actor.userId);
  if (filter.collectionId !== undefined) {
    if (!granted.includes(filter.collectionId)) {
      await requireCollection(repos, actor.accountId, filter.collectionId);
      throw new ForbiddenError('This collection is not shared with you.');
    }
    return repos.knowledge.listArticles(actor.accountId, filter);
  }
  const lists = await Promise.all(
    granted.map((collectionId) => repos.knowledge.listArticles(actor.accountId, { ...filter, collectionId })),
  );
  return lists.flat().sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
}

/**
 * Changes an article. `baseVersion` is the version the editor started from: when someone saved in
 * between, the change is refused (409) instead of silently overwriting theirs.
 */
export async function updateArticle(
  deps: UseCaseDeps,
  actor: Actor,
  articleId: string,
  input: { baseVersion: number; changes: Partial<ArticleContent> },
): Promise<ArticleWriteResult> {
  return deps.uow.transaction(async (repos) => {
    const article = await readableArticle(repos, actor, articleId);
    if (article.version !== input.baseVersion) throw staleVersion(article);
    const content = normaliseContent({ ...contentOf(article), ...input.changes });
    if (actor.role === 'partner') {
      authorize(actor, 'knowledge.propose');
      const changeRequest = await repos.knowledge.createChangeRequest({
        accountId: actor.accountId,
        collectionId: article.collectionId,
        articleId: article.id,
        baseVersion: article.version,
        language: article.language,
        content,
        authorId: actor.userId,
      });
      return { kind: 'proposed', changeRequest };
    }
    authorize(actor, 'knowledge.edit');
    const saved = await repos.knowledge.saveArticle({
      accountId: actor.accountId,
      articleId,
      baseVersion: input.baseVersion,
      content,
      authorId: actor.userId,
    });
    if (!saved) throw staleVersion(article);
    return { kind: 'saved', article: saved };
  });
}

function staleVersion(article: Article): ConflictError {
  return new ConflictError(
    `The article was changed in the meantime (now version ${article.version}); reload it and apply your change again.`,
  );
}

export async function listArticleVersions(
  deps: UseCaseDeps,
  actor: Actor,
  articleId: string,
): Promise<ArticleVersion[]> {
  const repos = deps.uow.repos;
  await readableArticle(repos, actor, articleId);
  return repos.knowledge.listVersions(actor.accountId, articleId);
}

/** One changed field: the text split into unchanged, added and removed parts, in order. */
export interface FieldDiff {
  field: keyof ArticleContent;
  parts: { value: string; added: boolean; removed: boolean }[];
}

export interface ArticleDiff {
  from: number;
  to: number;
  /** Only the fields that differ. */
  changes: FieldDiff[];
}

export async function diffArticleVersions(
  deps: UseCaseDeps,
  actor: Actor,
  articleId: string,
  range: { from?: number; to?: number },
): Promise<ArticleDiff> {
  const repos = deps.uow.repos;
  const article = await readableArticle(repos, actor, articleId);
  // Without a range: what the latest change did.
  const to = range.to ?? article.version;
  const from = range.from ?? Math.max(1, to - 1);
  const [older, newer] = await Promise.all([
    repos.knowledge.getVersion(actor.accountId, articleId, from),
    repos.knowledge.getVersion(actor.accountId, articleId, to),
  ]);
  if (!older || !newer) throw new NotFoundError('Version');
  return { from, to, changes: diffContent(older, newer) };
}

/** Words for the title, lines for the markdown body, items for the lists. */
export function diffContent(older: ArticleContent, newer: ArticleContent): FieldDiff[] {
  const changes: FieldDiff[] = [];
  const part = (value: string, added = false, removed = false) => ({ value, added, removed });
  const texts = (field: 'title' | 'body' | 'visibility', split: typeof diffLines) => {
    if (older[field] === newer[field]) return;
    changes.push({
      field,
      parts: split(older[field], newer[field]).map((c) => part(c.value, !!c.added, !!c.removed)),
    });
  };
  const lists = (field: 'alternativeQuestions' | 'tags') => {
    if (JSON.stringify(older[field]) === JSON.stringify(newer[field])) return;
    changes.push({
      field,
      parts: diffArrays(older[field], newer[field]).flatMap((c) =>
        c.value.map((item) => part(item, !!c.added, !!c.removed)),
      ),
    });
  };
  texts('title', diffWordsWithSpace);
  texts('body', diffLines);
  lists('alternativeQuestions');
  lists('tags');
  texts('visibility', diffWordsWithSpace);
  return changes;
}

/** Makes an old version current again, as a new version (history is never rewritten). */
export async function restoreArticleVersion(
  deps: UseCaseDeps,
  actor: Actor,
  articleId: string,
  input: { version: number; baseVersion: number },
): Promise<Article> {
  return deps.uow.transaction(async (repos) => {
    const article = await readableArticle(repos, actor, articleId);
    authorize(actor, 'knowledge.edit');
    if (article.version !== input.baseVersion) throw staleVersion(article);
    const old = await repos.knowledge.getVersion(actor.accountId, articleId, input.version);
    if (!old) throw new NotFoundError('Version');
    const saved = await repos.knowledge.saveArticle({
      accountId: actor.accountId,
      articleId,
      baseVersion: input.baseVersion,
      content: contentOf(old),
      authorId: actor.userId,
      restoredFrom: old.version,
    });
    if (!saved) throw staleVersion(article);
    return saved;
  });
}

// ---- review of partners' proposals ----

export async function listChangeRequests(
  deps: UseCaseDeps,
  actor: Actor,
  filter: { status?: ChangeRequestStatus },
): Promise<ArticleChangeRequest[]> {
  authorize(actor, 'knowledge.read');
  // Partners see their own proposals (and their outcome); reviewers see everyone's.
  const authorId = actor.role === 'partner' ? actor.userId : undefined;
  return deps.uow.repos.knowledge.listChangeRequests(actor.accountId, {
    ...filter,
    ...(authorId ? { authorId } : {}),
  });
}

export async function getChangeRequest(
  deps: UseCaseDeps,
  actor: Actor,
  id: string,
): Promise<ArticleChangeRequest> {
  authorize(actor, 'knowledge.read');
  const request = await deps.uow.repos.knowledge.getChangeRequest(actor.accountId, id);
  if (!request || (actor.role === 'partner' && request.authorId !== actor.userId)) {
    throw new NotFoundError('Change request');
  }
  return request;
}

/**
 * Applies a proposal: a new article, or the next version of the existing one. A proposal written
 * against an older version than the article has now is refused (409): the reviewer would otherwise
 * undo someone's later edit without seeing it.
 */
export async function approveChangeRequest(
  deps: UseCaseDeps,
  actor: Actor,
  id: string,
  note: string | null,
): Promise<{ changeRequest: ArticleChangeRequest; article: Article }> {
  return deps.uow.transaction(async (repos) => {
    const request = await undecidedRequest(repos, actor, id, 'approved');
    if (request.status === 'approved') {
      const published = await repos.knowledge.getArticle(actor.accountId, request.articleId ?? '');
      if (!published) throw new NotFoundError('Article');
      return { changeRequest: request, article: published };
    }
    let article: Article | undefined;
    if (request.articleId === null) {
      await requireCollection(repos, actor.accountId, request.collectionId);
      article = await repos.knowledge.createArticle({
        accountId: actor.accountId,
        collectionId: request.collectionId,
        translationGroup: null,
        language: request.language,
        content: request.content,
        authorId: request.authorId,
      });
    } else {
      const current = await repos.knowledge.getArticle(actor.accountId, request.articleId);
      if (!current) throw new NotFoundError('Article');
      if (current.version !== request.baseVersion) {
        throw new ConflictError(
          `The article changed after this proposal (proposal on version ${request.baseVersion}, now ${current.version}); reject it and ask for a new one.`,
        );
      }
      article = await repos.knowledge.saveArticle({
        accountId: actor.accountId,
        articleId: current.id,
        baseVersion: current.version,
        content: request.content,
        authorId: request.authorId,
      });
      if (!article) throw staleVersion(current);
    }
    const decided = await repos.knowledge.decideChangeRequest({
      accountId: actor.accountId,
      id,
      status: 'approved',
      reviewerId: actor.userId,
      reviewNote: note,
      articleId: article.id,
    });
    if (!decided) throw new ConflictError('This proposal was decided in the meantime.');
    return { changeRequest: decided, article };
  });
}

export async function rejectChangeRequest(
  deps: UseCaseDeps,
  actor: Actor,
  id: string,
  note: string | null,
): Promise<ArticleChangeRequest> {
  return deps.uow.transaction(async (repos) => {
    const request = await undecidedRequest(repos, actor, id, 'rejected');
    if (request.status === 'rejected') return request;
    const decided = await repos.knowledge.decideChangeRequest({
      accountId: actor.accountId,
      id,
      status: 'rejected',
      reviewerId: actor.userId,
      reviewNote: note,
      articleId: request.articleId,
    });
    if (!decided) throw new ConflictError('This proposal was decided in the meantime.');
    return decided;
  });
}

/**
 * The request, pending or already given this very decision: a reviewer's retried click answers the
 * same as the first. The opposite decision on a decided request is a conflict.
 */
async function undecidedRequest(
  repos: Repositories,
  actor: Actor,
  id: string,
  decision: Exclude<ChangeRequestStatus, 'pending'>,
): Promise<ArticleChangeRequest> {
  const request = await repos.knowledge.getChangeRequest(actor.accountId, id);
  if (!request) throw new NotFoundError('Change request');
  authorize(actor, 'knowledge.review');
  if (request.status !== 'pending' && request.status !== decision) {
    throw new ConflictError(`This proposal was ${request.status} already.`);
  }
  return request;
}

// ---- helpers ----

function contentOf(source: ArticleContent): ArticleContent {
  const { title, body, alternativeQuestions, tags, visibility } = source;
  return { title, body, alternativeQuestions, tags, visibility };
}

/** Trims, drops empty and repeated questions and tags (tags compare case-insensitively). */
function normaliseContent(content: ArticleContent): ArticleContent {
  const unique = (items: string[], key: (s: string) => string) => {
    const seen = new Set<string>();
    return items
      .map((item) => item.trim())
      .filter((item) => item !== '' && !seen.has(key(item)) && seen.add(key(item)));
  };
  return {
    title: content.title.trim(),
    body: content.body,
    alternativeQuestions: unique(content.alternativeQuestions, (s) => s.toLowerCase()),
    tags: unique(content.tags, (s) => s.toLowerCase()),
    visibility: content.visibility,
  };
}

// ---- the public help centre (no actor: anyone on the internet) ----

export interface PublicKnowledge {
  accountName: string;
  collections: KnowledgeCollection[];
  /** Public articles of every language, most recently changed first. */
  articles: Article[];
}

/** What the help centre may show of an account: public articles only, never drafts or internal ones. */
export async function readPublicKnowledge(
  deps: UseCaseDeps,
  accountId: string,
): Promise<PublicKnowledge | undefined> {
  const repos = deps.uow.repos;
  const account = await repos.accounts.get(accountId);
  if (!account) return undefined;
  const [collections, articles] = await Promise.all([
    repos.knowledge.listCollections(accountId),
    repos.knowledge.listArticles(accountId, { visibility: ['public'] }),
  ]);
  return { accountName: account.name, collections, articles };
}

/** A public article with its public translations; undefined for anything not public. */
export async function getPublicArticle(
  deps: UseCaseDeps,
  accountId: string,
  articleId: string,
): Promise<ArticleWithTranslations | undefined> {
  const repos = deps.uow.repos;
  const article = await repos.knowledge.getArticle(accountId, articleId);
  if (!article || article.visibility !== 'public') return undefined;
  const siblings = await repos.knowledge.listTranslations(accountId, article.translationGroup);
  return {
    article,
    translations: siblings
      .filter((a) => a.id !== article.id && a.visibility === 'public')
      .map(({ id, language, title, visibility, version }) => ({ id, language, title, visibility, version })),
  };
}

/** "Did this help?" from a customer. Only public articles take votes. */
export async function recordArticleFeedback(
  deps: UseCaseDeps,
  accountId: string,
  input: { articleId: string; helpful: boolean; source: ArticleFeedback['source']; query: string | null },
): Promise<void> {
  const repos = deps.uow.repos;
  const article = await repos.knowledge.getArticle(accountId, input.articleId);
  if (!article || article.visibility !== 'public') throw new NotFoundError('Article');
  const query = input.query?.trim().slice(0, 500) || null;
  await repos.knowledge.addFeedback({
    accountId,
    articleId: article.id,
    helpful: input.helpful,
    source: input.source,
    query,
    createdAt: deps.clock.now().toISOString(),
  });
  // A vote on an article reached from a search labels that search: a phrasing to learn (helpful) or
  // a wrong match (not helpful). The engine's index picks it up on its next freshness check.
  if (query) {
    await repos.trainingPairs.add({
      accountId,
      articleId: article.id,
      question: query,
      source: 'help-vote',
      label: input.helpful ? 'positive' : 'negative',
    });
  }
}

/** The account of an installation that serves exactly one company; undefined when there are several. */
export async function soleAccountId(deps: UseCaseDeps): Promise<string | undefined> {
  const accounts = await deps.uow.repos.accounts.list(2);
  return accounts.length === 1 ? accounts[0]!.id : undefined;
}

/** What the widget suggests while a visitor types: at most this many articles. */
export const WIDGET_SUGGESTIONS = 3;

/**
 * Public articles that may answer what a web chat visitor is typing, shown in their language where
 * a translation exists. Short or empty input gets none (every keystroke of "Hal" is no question).
 */
export async function suggestArticlesForVisitor(
  deps: UseCaseDeps & { articles: ArticleSearch },
  webchatInboxId: string,
  input: { query: string; language: Language },
): Promise<Article[]> {
  const inbox = await deps.uow.repos.inboxes.findWebchat(webchatInboxId);
  if (!inbox) throw new NotFoundError('Web chat inbox');
  const query = input.query.trim();
  if (query.length < 3) return [];
  const hits = await deps.articles.search(inbox.accountId, query, input.language);
  const shown: Article[] = [];
  const groups = new Set<string>();
  for (const hit of hits) {
    if (groups.has(hit.translationGroup)) continue;
    groups.add(hit.translationGroup);
    shown.push(hit);
    if (shown.length === WIDGET_SUGGESTIONS) break;
  }
  return Promise.all(
    shown.map(async (article) => {
      if (article.language === input.language) return article;
      const siblings = await deps.uow.repos.knowledge.listTranslations(
        inbox.accountId,
        article.translationGroup,
      );
      return siblings.find((a) => a.language === input.language && a.visibility === 'public') ?? article;
    }),
  );
}
