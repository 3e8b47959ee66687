/**
 * Knowledge gaps (the service lead's view): customers' recurring questions that the knowledge base
 * could not answer confidently, grouped, and a draft article made from the agents' replies to one
 * group with one click.
 *
 * Customer data: admins see every inbox, agents their inboxes; partners get 403 (they see no
 * conversations).
 */
import { InvalidError, NotFoundError } from '../errors.ts';
import type { Article, KnowledgeAnswering, KnowledgeCollection } from '../knowledge.ts';
import {
  GAP_CONVERSATIONS,
  GAP_EXAMPLES,
  type KnowledgeGap,
  type QuestionClustering,
} from '../knowledge-gaps.ts';
import { authorize, canSee, visibleInboxIds, type Actor } from '../policies.ts';
import type { Repositories } from '../ports.ts';
import type { Conversation, Language, Message } from '../types.ts';
import type { UseCaseDeps } from './deps.ts';
import { createArticle } from './knowledge-articles.ts';

/** What the composition root adds for the gap report: the engine's verdict and its clustering. */
export interface KnowledgeGapServices {
  answering: Pick<KnowledgeAnswering, 'assess'>;
  clustering: QuestionClustering;
}

export interface KnowledgeGapDeps extends UseCaseDeps, KnowledgeGapServices {}

export const DEFAULT_GAP_DAYS = 90;
export const MAX_GAP_DAYS = 365;
/** The newest conversations this many are read: each question is assessed on every request. */
export const MAX_GAP_QUESTIONS = 2_000;
/** The name of the collection drafts land in when the caller names none. */
export const DRAFTS_COLLECTION_NAME = 'Entwürfe / Drafts';

/**
 * Clusters of at least two first questions from the last `days` days that the engine would not
 * answer on its own (assessed for agents, so internal articles count as answers too) and that no
 * confirmed automatic answer closed. Largest first.
 */
export async function listKnowledgeGaps(
  deps: KnowledgeGapDeps,
  actor: Actor,
  options: { days?: number } = {},
): Promise<KnowledgeGap[]> {
  authorize(actor, 'knowledge.edit');
  const days = options.days ?? DEFAULT_GAP_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_GAP_DAYS) {
    throw new InvalidError('days must be a whole number from 1 to 365.', [
      { path: 'days', message: `1..${MAX_GAP_DAYS}` },
    ]);
  }
  const since = new Date(deps.clock.now().getTime() - days * 86_400_000).toISOString();
  const inboxIds = visibleInboxIds(actor);
  const questions = await deps.uow.repos.knowledgeGaps.firstQuestions(actor.accountId, {
    since,
    ...(inboxIds && { inboxIds }),
    limit: MAX_GAP_QUESTIONS,
  });
  const unanswered: { id: string; text: string }[] = [];
  for (const question of questions) {
    const assessment = await deps.answering.assess(actor.accountId, question.text, { audience: 'agent' });
    if (assessment.decision !== 'answer')
      unanswered.push({ id: question.conversationId, text: question.text });
  }
  const clusters = await deps.clustering.cluster(unanswered, { minSize: 2 });
  return clusters.map((cluster) => ({
    id: cluster.id,
    label: cluster.label,
    count: cluster.questions.length,
    examples: cluster.questions
      .slice(0, GAP_EXAMPLES)
      .map((q) => ({ conversationId: q.id, text: excerpt(q.text, 500) })),
    conversationIds: cluster.questions.slice(0, GAP_CONVERSATIONS).map((q) => q.id),
  }));
}

export interface DraftFromGapInput {
  conversationIds: string[];
  /** Where the draft goes; default the "Entwürfe / Drafts" collection (made when missing). */
  collectionId?: string;
  /** The draft's language; default the language most of the conversations were in. */
  language?: Language;
}

/**
 * A draft article from a group of conversations: its title is the most typical question, its body
 * the agents' replies to the customer (never internal notes or automatic answers), its "also asked
 * as" the other questions. Visibility draft: nobody outside the team sees it until an editor
 * publishes it.
 */
export async function draftArticleFromGap(
  deps: KnowledgeGapDeps,
  actor: Actor,
  input: DraftFromGapInput,
): Promise<Article> {
  authorize(actor, 'knowledge.edit');
  const repos = deps.uow.repos;
  const ids = [...new Set(input.conversationIds)];
  if (ids.length === 0 || ids.length > GAP_CONVERSATIONS) {
    throw new InvalidError('Name 1 to 100 conversations.', [
      { path: 'conversationIds', message: `1..${GAP_CONVERSATIONS} ids` },
    ]);
  }
  const conversations: { conversation: Conversation; question: string | undefined; replies: string[] }[] = [];
  for (const id of ids) {
    const conversation = await repos.conversations.get(actor.accountId, id);
    // Another account's, or an inbox the agent does not work in: it does not exist for them.
    if (!conversation || !canSee(actor, conversation)) throw new NotFoundError('Conversation');
    const messages = await readMessages(repos, actor.accountId, id);
    const question = messages.find((m) => m.direction === 'in' && m.kind === 'text' && m.text.trim() !== '');
    const replies = messages
      .filter((m) => m.direction === 'out' && m.kind === 'text' && m.authorType === 'user')
      .map((m) => m.text.trim())
      .filter((text) => text !== '');
    conversations.push({ conversation, question: question?.text.trim(), replies });
  }
  if (input.collectionId !== undefined) {
    if (!(await repos.knowledge.getCollection(actor.accountId, input.collectionId)))
      throw new NotFoundError('Collection');
  }

  const asked = conversations.flatMap(({ conversation, question }) =>
    question ? [{ id: conversation.id, text: question }] : [],
  );
  // The most typical question: the centre of the largest group (all of them, when they are one).
  const [largest] = await deps.clustering.cluster(asked, { minSize: 1 });
  const titleSource = largest?.typical.text ?? asked[0]?.text ?? '';
  const language = input.language ?? majorityLanguage(conversations.map((c) => c.conversation.language));
  const title = oneLine(titleSource, 300) || (language === 'de' ? 'Neuer Artikel' : 'New article');
  const alternativeQuestions = [
    ...new Set(asked.map((q) => oneLine(q.text, 500)).filter((q) => q !== '' && q !== title)),
  ].slice(0, 20);
  const body = draftBody(
    conversations.flatMap((c) => c.replies),
    language,
  );

  const collection = input.collectionId ?? (await draftsCollection(repos, actor.accountId)).id;
  const result = await createArticle(deps, actor, {
    collectionId: collection,
    language,
    translationOf: null,
    content: { title, body, alternativeQuestions, tags: ['knowledge-gap'], visibility: 'draft' },
  });
  // Editors (admins and agents) always save directly; a proposal cannot happen here.
  if (result.kind !== 'saved') throw new InvalidError('Drafts are made by editors.', []);
  return result.article;
}

async function readMessages(
  repos: Repositories,
  accountId: string,
  conversationId: string,
): Promise<Message[]> {
  const messages: Message[] = [];
  let cursor: string | undefined;
  // A conversation's first 500 messages are enough to find its question and the agents' answers.
  while (messages.length < 500) {
    const page = await repos.messages.listForConversation(accountId, conversationId, {
      limit: 100,
      ...(cursor !== undefined && { cursor }),
    });
    messages.push(...page.items);
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  return messages;
}

/** The agents' replies, each once, as paragraphs; the editor turns them into an article. */
function draftBody(replies: string[], language: Language): string {
  const unique = [...new Set(replies)];
  const intro =
    language === 'de'
      ? `_Entwurf aus ${unique.length} Antwort(en) von Agenten – bitte prüfen und zusammenfassen._`
      : `_Drafted from ${unique.length} agent repl${unique.length === 1 ? 'y' : 'ies'} – please review and condense._`;
  if (unique.length === 0)
    return language === 'de'
      ? '_Keine Antworten von Agenten gefunden: bitte die Antwort ergänzen._'
      : '_No agent replies found: please write the answer._';
  let body = intro;
  for (const reply of unique) {
    if (body.length + reply.length + 2 > 100_000) break;
    body += `\n\n${reply}`;
  }
  return body;
}

async function draftsCollection(repos: Repositories, accountId: string): Promise<KnowledgeCollection> {
  const existing = (await repos.knowledge.listCollections(accountId)).find(
    (c) => c.name === DRAFTS_COLLECTION_NAME,
  );
  // Made here rather than through createCollection (admins only): an agent drafting from a gap needs
  // a place for it, and an empty drafts collection shows nothing to anyone.
  return (
    existing ??
    repos.knowledge.createCollection({
      accountId,
      name: DRAFTS_COLLECTION_NAME,
      description: 'Artikelentwürfe aus Wissenslücken / Article drafts from knowledge gaps',
    })
  );
}

function majorityLanguage(languages: (Language | null)[]): Language {
  const de = languages.filter((l) => l === 'de').length;
  const en = languages.filter((l) => l === 'en').length;
  return en > de ? 'en' : 'de';
}

function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

function excerpt(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
