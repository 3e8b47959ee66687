import type { Repositories } from '@sofortdesk/domain';
import type { RepoContext } from './support.ts';

/** Conversation ids per query: well inside SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

export function knowledgeGapRepository({ db }: RepoContext): Repositories['knowledgeGaps'] {
  return {
    async firstQuestions(accountId, { since, inboxIds, limit }) {
      if (inboxIds && inboxIds.length === 0) return [];
      let conversations = db
        .selectFrom('conversations')
        .select(['id', 'inbox_id', 'created_at'])
        .where('account_id', '=', accountId)
        .where('created_at', '>=', since)
        // An automatic answer the customer confirmed closed the question: no gap there.
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('kb_auto_answers')
                .select('kb_auto_answers.id')
                .where('kb_auto_answers.account_id', '=', accountId)
                .whereRef('kb_auto_answers.conversation_id', '=', 'conversations.id')
                .where('kb_auto_answers.outcome', '=', 'helpful'),
            ),
          ),
        );
      if (inboxIds) conversations = conversations.where('inbox_id', 'in', inboxIds);
      const rows = await conversations
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      const result: { conversationId: string; inboxId: string; text: string; at: string }[] = [];
      for (let from = 0; from < rows.length; from += CHUNK) {
        const chunk = rows.slice(from, from + CHUNK);
        // Every customer text of these conversations, oldest first; the first one per conversation is
        // the question. (Conversations have few inbound messages before an agent steps in.)
        const messages = await db
          .selectFrom('messages')
          .select(['conversation_id', 'text', 'created_at'])
          .where('account_id', '=', accountId)
          .where(
            'conversation_id',
            'in',
            chunk.map((row) => row.id),
          )
          .where('direction', '=', 'in')
          .where('kind', '=', 'text')
          .orderBy('conversation_id')
          .orderBy('created_at')
          .orderBy('id')
          .execute();
        const first = new Map<string, { text: string; at: string }>();
        for (const message of messages)
          if (!first.has(message.conversation_id) && message.text.trim() !== '')
            first.set(message.conversation_id, { text: message.text, at: message.created_at });
        for (const row of chunk) {
          const question = first.get(row.id);
          if (question) result.push({ conversationId: row.id, inboxId: row.inbox_id, ...question });
        }
      }
      return result;
    },
  };
}
