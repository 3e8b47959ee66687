/**
 * SLA policies (admins) and the timers on conversations (see ../sla.ts for the rules).
 *
 * `refreshSla` is called in the transaction of every change the timers follow: a customer's message
 * that starts a wait, a reply or automatic answer that ends one, a changed priority or status, a
 * routing decision (policy or priority). It writes the new state and schedules `sla.check` jobs at
 * the warning and due times; `checkSla` (the job) records a warning or breach once, with an event
 * line, an `sla.alert` event, a row for the metrics, and the policy's escalation.
 */
import { businessHoursIssues } from '../business-hours.ts';
import { ConflictError, InvalidError, NotFoundError } from '../errors.ts';
import type { NewEvent } from '../events.ts';
import type { JobPayloads } from '../jobs.ts';
import { authorize, type Actor } from '../policies.ts';
import type { Repositories } from '../ports.ts';
import {
  applySlaAlert,
  choosePolicy,
  nextSlaState,
  raisedPriority,
  sameSla,
  slaAlertText,
  slaCheckJobs,
  SLA_TARGETS,
  type SlaEvent,
  type SlaPolicy,
  type SlaPolicyInput,
} from '../sla.ts';
import type { BusinessHours, Conversation } from '../types.ts';
import type { UseCaseDeps } from './deps.ts';

// ---- policies ----

export async function listSlaPolicies(deps: UseCaseDeps, actor: Actor): Promise<SlaPolicy[]> {
  authorize(actor, 'sla.read');
  return deps.uow.repos.sla.listPolicies(actor.accountId);
}

/** What the schema cannot check: a target at all, a real calendar, the escalation's team and user, one policy per priority. */
async function validPolicy(
  repos: Repositories,
  accountId: string,
  input: SlaPolicyInput,
  id?: string,
): Promise<SlaPolicyInput> {
  const issues: { path: string; message: string }[] = [];
  if (SLA_TARGETS.every((target) => input.targets[target] === null)) {
    issues.push({ path: 'targets', message: 'set at least one target' });
  }
  if (input.calendar === 'custom') {
    if (!input.businessHours) {
      issues.push({ path: 'businessHours', message: 'a custom calendar needs business hours' });
    } else {
      for (const issue of businessHoursIssues(input.businessHours)) {
        issues.push({ path: `businessHours.${issue.path}`, message: issue.message });
      }
      if (Object.values(input.businessHours.weekly).every((day) => day.length === 0)) {
        issues.push({ path: 'businessHours.weekly', message: 'must be open at some time of the week' });
      }
    }
  }
  for (const kind of ['warning', 'breach'] as const) {
    const escalation = input.escalation[kind];
    if (escalation?.notifyTeamId && !(await repos.teams.get(accountId, escalation.notifyTeamId))) {
      issues.push({ path: `escalation.${kind}.notifyTeamId`, message: 'no such team' });
    }
    if (escalation?.notifyUserId && !(await repos.users.get(accountId, escalation.notifyUserId))) {
      issues.push({ path: `escalation.${kind}.notifyUserId`, message: 'no such agent' });
    }
  }
  if (issues.length > 0) throw new InvalidError('The SLA policy is not valid.', issues);
  if (input.priority !== null) {
    const policies = await repos.sla.listPolicies(accountId);
    if (policies.some((policy) => policy.priority === input.priority && policy.id !== id)) {
      throw new ConflictError('Another SLA policy applies to this priority already.');
    }
  }
  // The policy's own hours only with a custom calendar: the others have none to keep.
  return { ...input, businessHours: input.calendar === 'custom' ? input.businessHours : null };
}

export async function createSlaPolicy(
  deps: UseCaseDeps,
  actor: Actor,
  input: SlaPolicyInput,
): Promise<SlaPolicy> {
  authorize(actor, 'sla.manage');
  return deps.uow.transaction(async (repos) => {
    const valid = await validPolicy(repos, actor.accountId, input);
    return repos.sla.createPolicy({ accountId: actor.accountId, ...valid });
  });
}

/**
 * Replaces a policy. Conversations follow at their next change or check (the `sla.check` job
 * computes their timers again before it alerts), not all at once: an account may have many open.
 */
export async function updateSlaPolicy(
  deps: UseCaseDeps,
  actor: Actor,
  id: string,
  input: SlaPolicyInput,
): Promise<SlaPolicy> {
  return deps.uow.transaction(async (repos) => {
    // Another account's policy is not found, whoever asks; one's own is forbidden to agents.
    const policy = await repos.sla.getPolicy(actor.accountId, id);
    if (!policy) throw new NotFoundError('SLA policy');
    authorize(actor, 'sla.manage', { accountId: policy.accountId }, 'SLA policy');
    const valid = await validPolicy(repos, actor.accountId, input, id);
    return repos.sla.updatePolicy(actor.accountId, id, valid);
  });
}

/** Conversations that named it fall back to the policy of their priority at their next change. */
export async function deleteSlaPolicy(deps: UseCaseDeps, actor: Actor, id: string): Promise<void> {
  await deps.uow.transaction(async (repos) => {
    const policy = await repos.sla.getPolicy(actor.accountId, id);
    if (!policy) throw new NotFoundError('SLA policy');
    authorize(actor, 'sla.manage', { accountId: policy.accountId }, 'SLA policy');
    await repos.sla.deletePolicy(actor.accountId, id);
  });
}

/** The warnings and breaches recorded, newest first (for metrics and reports; admins). */
export async function listSlaEvents(
  deps: UseCaseDeps,
  actor: Actor,
  filter: { conversationId?: string; since?: string; limit: number },
): Promise<SlaEvent[]> {
  authorize(actor, 'sla.manage');
  return deps.uow.repos.sla.listEvents(actor.accountId, filter);
}

// ---- timers ----

async function calendarOf(
  repos: Repositories,
  conversation: Conversation,
  policy: SlaPolicy | null,
): Promise<BusinessHours | null> {
  if (!policy || policy.calendar === 'always') return null;
  if (policy.calendar === 'custom') return policy.businessHours;
  return (await repos.inboxes.get(conversation.accountId, conversation.inboxId))?.businessHours ?? null;
}

/**
 * Computes the conversation's timers again and, when they changed, stores them and schedules their
 * checks. Returns the conversation as stored (the same object when nothing changed).
 */
export async function refreshConversationSla(
  repos: Repositories,
  conversation: Conversation,
  now: Date,
): Promise<Conversation> {
  const policies = await repos.sla.listPolicies(conversation.accountId);
  const policy = choosePolicy(policies, conversation);
  if (!policy && !conversation.sla) return conversation;
  const sla = nextSlaState({
    previous: conversation.sla ?? null,
    policy,
    calendar: await calendarOf(repos, conversation, policy),
    conversation,
    now,
  });
  if (sameSla(sla, conversation.sla)) return conversation;
  const updated = await repos.conversations.update(conversation.accountId, conversation.id, { sla });
  for (const job of slaCheckJobs(conversation.id, sla)) await repos.jobs.enqueue(conversation.accountId, job);
  return updated;
}

/**
 * The contract for other features (routing): the conversation's timers follow its priority, policy
 * and status as they are now, in the caller's transaction. Returns the conversation as stored, or
 * undefined when there is none.
 */
export async function refreshSla(
  repos: Repositories,
  accountId: string,
  conversationId: string,
  now: Date | string,
): Promise<Conversation | undefined> {
  const conversation = await repos.conversations.get(accountId, conversationId);
  if (!conversation) return undefined;
  return refreshConversationSla(repos, conversation, new Date(now));
}

/**
 * refreshConversationSla for a use case that is about to append its events: a change of the timers
 * rides on the conversation event it writes anyway (created or updated), or on one of its own, so
 * every workspace shows the new due times.
 */
export async function refreshSlaInto(
  repos: Repositories,
  conversation: Conversation,
  now: Date,
  events: NewEvent[],
): Promise<Conversation> {
  const refreshed = await refreshConversationSla(repos, conversation, now);
  if (refreshed === conversation) return conversation;
  const index = events.findIndex(
    (event) =>
      event.conversationId === conversation.id &&
      (event.type === 'conversation.created' || event.type === 'conversation.updated'),
  );
  const found = events[index];
  if (found?.type === 'conversation.created') {
    events[index] = { ...found, data: { conversation: refreshed } };
  } else if (found?.type === 'conversation.updated') {
    events[index] = {
      ...found,
      data: { conversation: refreshed, changes: [...new Set([...found.data.changes, 'sla'])] },
    };
  } else {
    events.push({
      type: 'conversation.updated',
      inboxId: refreshed.inboxId,
      conversationId: refreshed.id,
      data: { conversation: refreshed, changes: ['sla'] },
    });
  }
  return refreshed;
}

/**
 * Job handler: a warning or due time came. The timers are brought up to date first (a change the
 * timers did not hear of ends or moves them now), then the alert is recorded once, and the
 * policy's escalation runs with it, in one transaction: a retried job finds it recorded.
 */
export async function checkSla(
  deps: UseCaseDeps,
  accountId: string,
  payload: JobPayloads['sla.check'],
): Promise<void> {
  await deps.uow.transaction(async (repos) => {
    // Two checks due at once (a warning of one target, the breach of another) run side by side.
    await repos.sla.lockConversation(accountId, payload.conversationId);
    const found = await repos.conversations.get(accountId, payload.conversationId);
    if (!found) return;
    const now = deps.clock.now();
    const events: NewEvent[] = [];
    let conversation = await refreshSlaInto(repos, found, now, events);
    const sla = applySlaAlert(conversation.sla ?? null, payload, now);
    const timer = sla?.timers.find((candidate) => candidate.target === payload.target);
    if (!sla || !timer) {
      if (events.length > 0) await repos.events.append(accountId, events);
      return;
    }
    const policy = await repos.sla.getPolicy(accountId, sla.policyId);
    const escalation = policy?.escalation[payload.kind] ?? null;
    const raised = raisedPriority(conversation.priority, escalation);
    conversation = await repos.conversations.update(accountId, conversation.id, {
      sla,
      ...(raised && { priority: raised }),
    });
    // A higher priority may have a policy of its own: the timers follow it at once.
    if (raised) conversation = await refreshConversationSla(repos, conversation, now);

    const team = escalation?.notifyTeamId
      ? await repos.teams.get(accountId, escalation.notifyTeamId)
      : undefined;
    const user = escalation?.notifyUserId
      ? await repos.users.get(accountId, escalation.notifyUserId)
      : undefined;
    const notifyUserIds = new Set(team ? await repos.teams.memberIds(accountId, team.id) : []);
    if (user) notifyUserIds.add(user.id);
    const account = await repos.accounts.get(accountId);
    const calendar = policy ? await calendarOf(repos, conversation, policy) : null;
    const text = slaAlertText(account?.defaultLanguage ?? 'de', {
      kind: payload.kind,
      target: payload.target,
      dueAt: timer.dueAt ?? payload.at,
      policyName: sla.policyName,
      timezone: calendar?.timezone ?? 'UTC',
      raisedTo: raised,
      notified: [team?.name, user?.name].filter((name): name is string => Boolean(name)),
    });
    await repos.sla.recordEvent({
      accountId,
      conversationId: conversation.id,
      policyId: sla.policyId,
      target: payload.target,
      kind: payload.kind,
      dueAt: timer.dueAt ?? payload.at,
      at: now.toISOString(),
    });
    const line = await repos.messages.create({
      accountId,
      inboxId: conversation.inboxId,
      conversationId: conversation.id,
      direction: 'out',
      kind: 'event',
      authorType: 'system',
      authorId: null,
      text,
      externalId: null,
      attachments: [],
      at: now.toISOString(),
    });
    const scope = { inboxId: conversation.inboxId, conversationId: conversation.id };
    events.splice(0, events.length);
    events.push(
      { type: 'message.created', ...scope, data: { message: line } },
      {
        type: 'conversation.updated',
        ...scope,
        data: { conversation, changes: raised ? ['sla', 'priority'] : ['sla'] },
      },
      {
        type: 'sla.alert',
        ...scope,
        data: {
          conversation,
          alert: {
            kind: payload.kind,
            target: payload.target,
            dueAt: timer.dueAt ?? payload.at,
            policyId: sla.policyId,
            policyName: sla.policyName,
            raisedPriority: raised,
            notifyTeamId: team?.id ?? null,
            notifyUserIds: [...notifyUserIds],
          },
        },
      },
    );
    await repos.events.append(accountId, events);
  });
}
