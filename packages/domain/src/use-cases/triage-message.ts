/**
 * The per-message triage job `triage.message` (issue 6): every inbound customer message gets its
 * signals (language; sentiment, intent and complexity only with consent to content analysis),
 * the account's routing rules decide team, priority, labels, assignee and SLA policy, and only
 * then, unless the rule forbids it, the automatic answer is scheduled. Signals, routing and the
 * follow-up jobs are written in one transaction, so a crash leaves either all of it or a job to retry.
 */
import { CONSENT_PURPOSE_KEYS, consentAllows, consentGranted } from '../consents.ts';
import type { NewEvent } from '../events.ts';
import type { Repositories } from '../ports.ts';
import { PRIORITIES, type Message, type Priority } from '../types.ts';
import { evaluateRouting, explainRouting, type RoutingContext, type RoutingRule } from '../routing.ts';
import type { TriageEngine } from '../triage.ts';
import { enqueueAutoAnswer } from './auto-answers.ts';
import { refreshSlaInto } from './sla.ts';
import { teamAssignsAutomatically } from './assignment.ts';
import type { UseCaseDeps } from './deps.ts';

export interface TriageDeps extends UseCaseDeps {
  triage: TriageEngine;
  /** Told about every rule that could not be evaluated (the server logs it; admins see it on the rule). */
  onRuleProblem?: (problem: { accountId: string; ruleId: string; ruleName: string; problem: string }) => void;
}

/**
 * Schedules triage for a customer's new message, in the caller's transaction. Every inbound path
 * calls this (it replaced their direct `enqueueAutoAnswer`): the automatic answer follows triage.
 */
export async function enqueueTriage(repos: Repositories, message: Message): Promise<void> {
  if (message.direction !== 'in' || message.authorType !== 'contact' || message.kind !== 'text') return;
  await repos.jobs.enqueue(message.accountId, {
    type: 'triage.message',
    payload: { messageId: message.id },
    idempotencyKey: `triage.message:${message.id}`,
  });
}

/** The fallback rule of the account, made on first need so every account has one to edit. */
export async function ensureFallbackRule(repos: Repositories, accountId: string): Promise<RoutingRule[]> {
  const rules = await repos.triage.listRules(accountId);
  if (rules.some((rule) => rule.isFallback)) return rules;
  const fallback = await repos.triage.createRule(accountId, {
    name: 'Fallback',
    enabled: true,
    isFallback: true,
    conditions: [],
    actions: {},
    position: rules.length,
  });
  return [...rules, fallback];
}

const rank = (priority: Priority) => PRIORITIES.indexOf(priority);

/** Job handler `triage.message`. Idempotent: stored signals mean the message was triaged. */
export async function runTriage(
  deps: TriageDeps,
  accountId: string,
  payload: { messageId: string },
): Promise<void> {
  const repos = deps.uow.repos;
  const message = await repos.messages.get(accountId, payload.messageId);
  if (!message || message.direction !== 'in' || message.authorType !== 'contact') return;
  if (await repos.triage.getSignals(accountId, message.id)) return;
  const conversation = await repos.conversations.get(accountId, message.conversationId);
  if (!conversation) return;
  const inbox = await repos.inboxes.get(accountId, conversation.inboxId);
  if (!inbox) return;
  const contact = await repos.contacts.get(accountId, conversation.contactId);
  // Read right before the analysis: a withdrawal stops the very next message.
  const consent = await consentGranted(
    repos,
    accountId,
    conversation.contactId,
    CONSENT_PURPOSE_KEYS.contentAnalysis,
  );
  const lastAnswer = await repos.autoAnswers.latestForConversation(accountId, conversation.id);
  // Outside the transaction: the account's intent model may be built first.
  const signals = await deps.triage.analyse(accountId, {
    text: message.text,
    fallbackLanguage: contact?.language ?? conversation.language ?? inbox.language,
    attachments: message.attachments.length,
    analyseContent: consentAllows(consent),
    failedAutomaticAnswers: lastAnswer?.outcome === 'not-helpful' ? 1 : 0,
  });

  await deps.uow.transaction(async (tx) => {
    if (await tx.triage.getSignals(accountId, message.id)) return;
    const current = await tx.conversations.get(accountId, conversation.id);
    if (!current) return;
    const at = deps.clock.now();
    const rules = await ensureFallbackRule(tx, accountId);
    const [teams, users, inboxes, policies, attributes, account] = await Promise.all([
      tx.teams.list(accountId),
      tx.users.list(accountId),
      tx.inboxes.list(accountId),
      tx.sla.listPolicies(accountId),
      tx.triage.contactAttributes(accountId, conversation.contactId),
      tx.accounts.get(accountId),
    ]);
    const context: RoutingContext = {
      channel: inbox.channel,
      inboxId: inbox.id,
      inboxBusinessHours: inbox.businessHours,
      signals,
      contactAttributes: attributes,
      at,
      known: {
        teamIds: new Set(teams.map((t) => t.id)),
        userIds: new Set(users.filter((u) => u.role !== 'partner').map((u) => u.id)),
        inboxIds: new Set(inboxes.map((i) => i.id)),
        slaPolicyIds: new Set(policies.map((p) => p.id)),
      },
    };
    const decision = evaluateRouting(rules, context);
    for (const { rule, problem } of decision.skipped) {
      if (rule.problem !== problem)
        await tx.triage.reportProblem(accountId, rule.id, problem, at.toISOString());
      deps.onRuleProblem?.({ accountId, ruleId: rule.id, ruleName: rule.name, problem });
    }
    const actions = decision.rule.actions;

    // A person already on the conversation keeps it: routing sets team and assignee only while nobody has it.
    const changes: Parameters<Repositories['conversations']['update']>[2] = {};
    const unassigned = current.assigneeId === null;
    if (actions.teamId && unassigned && current.teamId !== actions.teamId) changes.teamId = actions.teamId;
    // Priority only rises: a later calm message does not undo an urgent one.
    if (actions.priority && rank(actions.priority) > rank(current.priority))
      changes.priority = actions.priority;
    const labels = [
      ...new Set([...current.labels, ...(actions.labels ?? []).map((l) => l.toLowerCase())]),
    ].sort();
    if (labels.length !== current.labels.length) changes.labels = labels;
    if (actions.assign?.mode === 'user' && unassigned) changes.assigneeId = actions.assign.userId;

    const events: NewEvent[] = [];
    const names = {
      team: (id: string) => teams.find((t) => t.id === id)?.name,
      user: (id: string) => users.find((u) => u.id === id)?.name,
      inbox: (id: string) => inboxes.find((i) => i.id === id)?.name,
      slaPolicy: (id: string) => policies.find((p) => p.id === id)?.name,
    };
    const explanation = explainRouting(decision, context, account?.defaultLanguage ?? 'de', names);
    const changed = Object.keys(changes);
    const slaChanged =
      actions.slaPolicyId !== undefined && (current.slaPolicyId ?? null) !== actions.slaPolicyId;
    // The timeline explains what routing did, and why triage could not read a message; a rule that
    // changed nothing (a follow-up message in a routed conversation) stays silent.
    const explains =
      changed.length > 0 || slaChanged || actions.autoAnswer === false || decision.unreadable !== null;
    if (explains) {
      const line = await tx.messages.create({
        accountId,
        inboxId: conversation.inboxId,
        conversationId: conversation.id,
        direction: 'out',
        kind: 'event',
        authorType: 'system',
        authorId: null,
        text: explanation,
        externalId: null,
        attachments: [],
        at: at.toISOString(),
      });
      events.push({
        type: 'message.created',
        inboxId: conversation.inboxId,
        conversationId: conversation.id,
        data: { message: line },
      });
    }
    const updated =
      changed.length > 0 ? await tx.conversations.update(accountId, conversation.id, changes) : current;
    if (slaChanged) await tx.triage.setSlaPolicy(accountId, conversation.id, actions.slaPolicyId ?? null);
    await tx.triage.saveSignals({
      ...signals,
      accountId,
      messageId: message.id,
      conversationId: conversation.id,
      ruleId: decision.rule.id === 'fallback' ? null : decision.rule.id,
      explanation,
    });
    // Only a real change is news: routing that changed nothing stays silent on every socket (the
    // workspace asks for the signals itself when a customer message arrives).
    if (changed.length > 0) {
      events.push({
        type: 'conversation.updated',
        inboxId: conversation.inboxId,
        conversationId: conversation.id,
        data: { conversation: updated, changes: changed },
      });
    }

    if (actions.autoAnswer !== false) await enqueueAutoAnswer(tx, message);
    // Automatic assignment when the rule asks for it, or when the conversation's team assigns on its own.
    if (
      updated.assigneeId === null &&
      (actions.assign?.mode === 'auto' || (await teamAssignsAutomatically(tx, accountId, updated.teamId)))
    ) {
      await tx.jobs.enqueue(accountId, {
        type: 'conversation.assign',
        payload: { conversationId: conversation.id },
        idempotencyKey: `conversation.assign:${conversation.id}:${message.id}`,
      });
    }
    // The SLA timers follow a new priority or an explicit policy (riding on the event above, or their own).
    if (changes.priority !== undefined || slaChanged) {
      const fresh = await tx.conversations.get(accountId, conversation.id);
      if (fresh) await refreshSlaInto(tx, fresh, at, events);
    }
    await tx.events.append(accountId, events);
  });
}
