import {
  NotFoundError,
  type BusinessHours,
  type Priority,
  type Repositories,
  type SlaAlertKind,
  type SlaCalendar,
  type SlaEvent,
  type SlaPolicy,
  type SlaPolicyInput,
  type SlaTarget,
} from '@sofortdesk/domain';
import { newId } from '../ids.ts';
import type { SlaEventsTable, SlaPoliciesTable } from '../schema.ts';
import { parseJson, type RepoContext } from './support.ts';

const toPolicy = (row: SlaPoliciesTable): SlaPolicy => ({
  id: row.id,
  accountId: row.account_id,
  name: row.name,
  priority: row.priority as Priority | null,
  targets: parseJson<SlaPolicy['targets']>(row.targets),
  calendar: row.calendar as SlaCalendar,
  businessHours: row.business_hours ? parseJson<BusinessHours>(row.business_hours) : null,
  warnAtPercent: row.warn_at_percent === null ? null : Number(row.warn_at_percent),
  escalation: parseJson<SlaPolicy['escalation']>(row.escalation),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toEvent = (row: SlaEventsTable): SlaEvent => ({
  id: row.id,
  accountId: row.account_id,
  conversationId: row.conversation_id,
  policyId: row.policy_id,
  target: row.target as SlaTarget,
  kind: row.kind as SlaAlertKind,
  dueAt: row.due_at,
  createdAt: row.created_at,
});

const columns = (input: SlaPolicyInput) => ({
  name: input.name,
  priority: input.priority,
  targets: JSON.stringify(input.targets),
  calendar: input.calendar,
  business_hours: input.businessHours && JSON.stringify(input.businessHours),
  warn_at_percent: input.warnAtPercent,
  escalation: JSON.stringify(input.escalation),
});

export function slaRepository({ db, dialect, now }: RepoContext): Repositories['sla'] {
  const getPolicy = async (accountId: string, id: string) => {
    const row = await db
      .selectFrom('sla_policies')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toPolicy(row);
  };
  return {
    async createPolicy(input) {
      const at = now();
      const row: SlaPoliciesTable = {
        id: newId(),
        account_id: input.accountId,
        ...columns(input),
        created_at: at,
        updated_at: at,
      };
      await db.insertInto('sla_policies').values(row).execute();
      return toPolicy(row);
    },
    getPolicy,
    async listPolicies(accountId) {
      const rows = await db
        .selectFrom('sla_policies')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toPolicy);
    },
    async updatePolicy(accountId, id, input) {
      const row = await db
        .updateTable('sla_policies')
        .set({ ...columns(input), updated_at: now() })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new NotFoundError('SLA policy');
      return toPolicy(row);
    },
    async deletePolicy(accountId, id) {
      await db.deleteFrom('sla_policies').where('account_id', '=', accountId).where('id', '=', id).execute();
    },
    async lockConversation(accountId, conversationId) {
      // SQLite has one writer at a time: the transaction itself is the lock there.
      if (dialect !== 'postgres') return;
      await db
        .selectFrom('conversations')
        .select('id')
        .where('account_id', '=', accountId)
        .where('id', '=', conversationId)
        .forUpdate()
        .execute();
    },
    async recordEvent(input) {
      const row: SlaEventsTable = {
        id: newId(),
        account_id: input.accountId,
        conversation_id: input.conversationId,
        policy_id: input.policyId,
        target: input.target,
        kind: input.kind,
        due_at: input.dueAt,
        created_at: input.at,
      };
      await db.insertInto('sla_events').values(row).execute();
      return toEvent(row);
    },
    async listEvents(accountId, filter) {
      let query = db.selectFrom('sla_events').selectAll().where('account_id', '=', accountId);
      if (filter.conversationId) query = query.where('conversation_id', '=', filter.conversationId);
      if (filter.since) query = query.where('created_at', '>=', filter.since);
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(filter.limit)
        .execute();
      return rows.map(toEvent);
    },
  };
}
