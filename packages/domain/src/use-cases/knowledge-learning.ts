/**
 * Learning from resolved conversations: when an agent's reply cited an article (a link to it in the
 * help centre, which is also what an inserted suggestion carries), the customer's first question is
 * a new way of asking for that article. It becomes a positive training pair (source 'resolved'),
 * and the account's engine is rebuilt with it (`KnowledgeAnswering.invalidate`).
 *
 * Runs as the job `knowledge.learn-from-conversation`, enqueued when a conversation is resolved;
 * its idempotency key is the conversation, and a positive pair that exists already (of any source)
 * is not added again, so a retried job, a conversation resolved twice, or an accepted suggestion
 * whose link the reply carries teach each question once.
 */
import type { KnowledgeAnswering } from '../knowledge.ts';
import type { Message } from '../types.ts';
import type { UseCaseDeps } from './deps.ts';

export interface LearningDeps extends UseCaseDeps {
  answering?: Pick<KnowledgeAnswering, 'invalidate'>;
}

/** Questions longer than this are cut: the start says what was asked. */
const MAX_QUESTION_CHARS = 1_000;
/** A reply citing more articles than this is a list of links, not an answer. */
const MAX_CITED = 3;

/** Help-centre article links: /help/{accountId}/{de|en}/articles/{articleId} (absolute or relative). */
const ARTICLE_LINK = /\/help\/([0-9A-Za-z-]{1,64})\/(?:de|en)\/articles\/([0-9A-Za-z-]{1,64})/g;

/** The ids of articles of this account linked from the text, in order, each once. */
export function citedArticleIds(text: string, accountId: string): string[] {
  const ids: string[] = [];
  for (const match of text.matchAll(ARTICLE_LINK)) {
    if (match[1] === accountId && !ids.includes(match[2]!)) ids.push(match[2]!);
  }
  return ids;
}

export async function learnFromConversation(
  deps: LearningDeps,
  accountId: string,
  payload: { conversationId: string },
): Promise<{ learned: number }> {
  const repos = deps.uow.repos;
  const conversation = await repos.conversations.get(accountId, payload.conversationId);
  if (!conversation) return { learned: 0 };
  const messages: Message[] = [];
  let cursor: string | undefined;
  while (messages.length < 500) {
    const page = await repos.messages.listForConversation(accountId, conversation.id, {
      limit: 100,
      ...(cursor !== undefined && { cursor }),
    });
    messages.push(...page.items);
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  const question = messages
    .find((m) => m.direction === 'in' && m.kind === 'text' && m.text.trim() !== '')
    ?.text.trim()
    .slice(0, MAX_QUESTION_CHARS);
  if (!question) return { learned: 0 };
  // Agents' replies to the customer; internal notes and automatic answers teach nothing here.
  const cited: string[] = [];
  for (const message of messages) {
    if (message.direction !== 'out' || message.kind !== 'text' || message.authorType !== 'user') continue;
    for (const id of citedArticleIds(message.text, accountId)) if (!cited.includes(id)) cited.push(id);
  }
  let learned = 0;
  for (const articleId of cited.slice(0, MAX_CITED)) {
    const article = await repos.knowledge.getArticle(accountId, articleId);
    if (!article) continue;
    // Already known as a right answer to this question (this job before, or an accepted suggestion
    // that put the link in the reply): a second copy would only weigh it twice.
    const known = await repos.trainingPairs.list(accountId, { articleId });
    if (known.some((pair) => pair.question === question && pair.label === 'positive')) continue;
    await repos.trainingPairs.add({
      accountId,
      articleId,
      question,
      source: 'resolved',
      label: 'positive',
    });
    learned += 1;
  }
  if (learned > 0) deps.answering?.invalidate(accountId);
  return { learned };
}
