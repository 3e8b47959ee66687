import type {
  IntentExample,
  Language,
  MessageTriage,
  Repositories,
  RoutingRule,
  SentimentValue,
  UnreadableReason,
} from '@sofortdesk/domain';
import { newId } from '../ids.ts';
import type { MessageTriageTable, RoutingRulesTable } from '../schema.ts';
import type { RepoContext } from './support.ts';

const flag = (value: number | null) => (value === null ? null : value === 1);
const bit = (value: boolean | null) => (value === null ? null : value ? 1 : 0);

const toTriage = (row: MessageTriageTable): MessageTriage => ({
  accountId: row.account_id,
  messageId: row.message_id,
  conversationId: row.conversation_id,
  language: row.language as Language,
  analysed: row.analysed === 1,
  sentiment: row.sentiment as SentimentValue | null,
  anger: flag(row.anger),
  urgency: flag(row.urgency),
  intent: row.intent,
  intentConfidence: row.intent_confidence,
  complexity: row.complexity,
  complexityReasons: JSON.parse(row.complexity_reasons) as string[],
  unreadable: row.unreadable as UnreadableReason | null,
  ruleId: row.rule_id,
  explanation: row.explanation,
  createdAt: row.created_at,
});

const toRule = (row: RoutingRulesTable): RoutingRule => ({
  id: row.id,
  accountId: row.account_id,
  name: row.name,
  position: row.position,
  enabled: row.enabled === 1,
  isFallback: row.is_fallback === 1,
  conditions: JSON.parse(row.conditions) as RoutingRule['conditions'],
  actions: JSON.parse(row.actions) as RoutingRule['actions'],
  problem: row.problem,
  problemAt: row.problem_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Labels the system sets itself say nothing about what the customer wants. */
const SYSTEM_LABELS = new Set(['complaint']);

export function triageRepository({ db, now }: RepoContext): Repositories['triage'] {
  return {
    async saveSignals(input) {
      const row: MessageTriageTable = {
        message_id: input.messageId,
        account_id: input.accountId,
        conversation_id: input.conversationId,
        language: input.language,
        analysed: input.analysed ? 1 : 0,
        sentiment: input.sentiment,
        anger: bit(input.anger),
        urgency: bit(input.urgency),
        intent: input.intent,
        intent_confidence: input.intentConfidence,
        complexity: input.complexity,
        complexity_reasons: JSON.stringify(input.complexityReasons),
        unreadable: input.unreadable,
        rule_id: input.ruleId,
        explanation: input.explanation,
        created_at: now(),
      };
      await db
        .insertInto('message_triage')
        .values(row)
        .onConflict((c) => c.column('message_id').doNothing())
        .execute();
    },
    async getSignals(accountId, messageId) {
      const row = await db
        .selectFrom('message_triage')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      return row && toTriage(row);
    },
    async latestForConversation(accountId, conversationId) {
      const row = await db
        .selectFrom('message_triage')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('conversation_id', '=', conversationId)
        .orderBy('created_at', 'desc')
        .orderBy('message_id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toTriage(row);
    },
    async intentExamples(accountId, limit) {
      // Labelled conversations: their first customer text, once per label.
      const labelled = await db
        .selectFrom('conversations as c')
        .innerJoin('messages as m', (join) =>
          join
            .onRef('m.conversation_id', '=', 'c.id')
            .on('m.account_id', '=', accountId)
            .on('m.direction', '=', 'in')
            .on('m.kind', '=', 'text'),
        )
        .select(['c.id as conversationId', 'c.labels', 'm.text', 'm.created_at', 'm.id'])
        .where('c.account_id', '=', accountId)
        .where('c.labels', '!=', '[]')
        .orderBy('c.created_at', 'desc')
        .orderBy('m.created_at')
        .orderBy('m.id')
        .limit(limit * 4)
        .execute();
      const examples: IntentExample[] = [];
      const seen = new Set<string>();
      for (const row of labelled) {
        if (seen.has(row.conversationId) || row.text.trim() === '') continue;
        seen.add(row.conversationId);
        for (const label of JSON.parse(row.labels) as string[]) {
          if (!SYSTEM_LABELS.has(label)) examples.push({ text: row.text, label });
        }
        if (examples.length >= limit) return examples.slice(0, limit);
      }
      // Questions resolved by an article: the article's title names the intent.
      const resolved = await db
        .selectFrom('kb_training_pairs as p')
        .innerJoin('kb_articles as a', (join) =>
          join.onRef('a.id', '=', 'p.article_id').on('a.account_id', '=', accountId),
        )
        .select(['p.question', 'a.title'])
        .where('p.account_id', '=', accountId)
        .where('p.source', '=', 'resolved')
        .where('p.label', '=', 'positive')
        .orderBy('p.created_at', 'desc')
        .limit(Math.max(0, limit - examples.length))
        .execute();
      for (const row of resolved) examples.push({ text: row.question, label: row.title.toLowerCase() });
      return examples;
    },
    async intentExamplesStamp(accountId) {
      const labelled = await db
        .selectFrom('conversations')
        .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('updated_at').as('latest')])
        .where('account_id', '=', accountId)
        .where('labels', '!=', '[]')
        .executeTakeFirst();
      const pairs = await db
        .selectFrom('kb_training_pairs')
        .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('created_at').as('latest')])
        .where('account_id', '=', accountId)
        .where('source', '=', 'resolved')
        .executeTakeFirst();
      return `${labelled?.n ?? 0}:${String(labelled?.latest ?? '')}|${pairs?.n ?? 0}:${String(pairs?.latest ?? '')}`;
    },

    async listRules(accountId) {
      const rows = await db
        .selectFrom('routing_rules')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('is_fallback')
        .orderBy('position')
        .orderBy('id')
        .execute();
      return rows.map(toRule);
    },
    async getRule(accountId, id) {
      const row = await db
        .selectFrom('routing_rules')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toRule(row);
    },
    async createRule(accountId, input) {
      const at = now();
      const row: RoutingRulesTable = {
        id: newId(),
        account_id: accountId,
        name: input.name,
        position: input.position,
        enabled: input.enabled ? 1 : 0,
        is_fallback: input.isFallback ? 1 : 0,
        conditions: JSON.stringify(input.conditions),
        actions: JSON.stringify(input.actions),
        problem: null,
        problem_at: null,
        created_at: at,
        updated_at: at,
      };
      await db.insertInto('routing_rules').values(row).execute();
      return toRule(row);
    },
    async updateRule(accountId, id, changes) {
      const row = await db
        .updateTable('routing_rules')
        .set({
          ...(changes.name !== undefined && { name: changes.name }),
          ...(changes.enabled !== undefined && { enabled: changes.enabled ? 1 : 0 }),
          ...(changes.conditions !== undefined && { conditions: JSON.stringify(changes.conditions) }),
          ...(changes.actions !== undefined && { actions: JSON.stringify(changes.actions) }),
          // A saved rule is judged afresh: its old problem may be fixed.
          problem: null,
          problem_at: null,
          updated_at: now(),
        })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRule(row);
    },
    async deleteRule(accountId, id) {
      await db.deleteFrom('routing_rules').where('account_id', '=', accountId).where('id', '=', id).execute();
    },
    async setPositions(accountId, orderedIds) {
      for (const [position, id] of orderedIds.entries()) {
        await db
          .updateTable('routing_rules')
          .set({ position })
          .where('account_id', '=', accountId)
          .where('id', '=', id)
          .execute();
      }
    },
    async reportProblem(accountId, id, problem, at) {
      await db
        .updateTable('routing_rules')
        .set({ problem, problem_at: problem === null ? null : at })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute();
    },
    async setSlaPolicy(accountId, conversationId, slaPolicyId) {
      await db
        .updateTable('conversations')
        .set({ sla_policy_id: slaPolicyId })
        .where('account_id', '=', accountId)
        .where('id', '=', conversationId)
        .execute();
    },
    async contactAttributes(accountId, contactId) {
      const row = await db
        .selectFrom('contacts')
        .select('attributes')
        .where('account_id', '=', accountId)
        .where('id', '=', contactId)
        .executeTakeFirst();
      return row?.attributes ? (JSON.parse(row.attributes) as Record<string, string | number | boolean>) : {};
    },
    async setContactAttributes(accountId, contactId, attributes) {
      await db
        .updateTable('contacts')
        .set({ attributes: JSON.stringify(attributes) })
        .where('account_id', '=', accountId)
        .where('id', '=', contactId)
        .execute();
    },
  };
}
