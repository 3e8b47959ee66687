/**
 * Canned answers: texts agents insert with "/shortcut" in the composer. Admins manage them; agents
 * read them. They belong to the account, not to an inbox, so every agent of the account sees all.
 */
import { ConflictError, NotFoundError } from '../errors.ts';
import { authorize, type Actor } from '../policies.ts';
import type { Repositories } from '../ports.ts';
import type { CannedAnswer, Language } from '../types.ts';
import type { UseCaseDeps } from './deps.ts';

export interface CannedAnswerInput {
  shortcut: string;
  title: string;
  text: string;
  language: Language | null;
}

const TAKEN = 'Another canned answer has this shortcut already.';

/** Reads first, so another account's id is "not found" for everyone, agents included. */
async function load(repos: Repositories, actor: Actor, id: string): Promise<CannedAnswer> {
  const answer = await repos.cannedAnswers.get(actor.accountId, id);
  if (!answer) throw new NotFoundError('Canned answer');
  return answer;
}

/** The unique index decides a race; this check gives the usual case a clear message first. */
async function requireFreeShortcut(repos: Repositories, actor: Actor, shortcut: string, except?: string) {
  const taken = (await repos.cannedAnswers.list(actor.accountId)).some(
    (answer) => answer.shortcut === shortcut && answer.id !== except,
  );
  if (taken) throw new ConflictError(TAKEN);
}

export async function listCannedAnswers(deps: UseCaseDeps, actor: Actor): Promise<CannedAnswer[]> {
  authorize(actor, 'cannedAnswer.read');
  return deps.uow.repos.cannedAnswers.list(actor.accountId);
}

export async function createCannedAnswer(
  deps: UseCaseDeps,
  actor: Actor,
  input: CannedAnswerInput,
): Promise<CannedAnswer> {
  authorize(actor, 'cannedAnswer.manage');
  return deps.uow.transaction(async (repos) => {
    await requireFreeShortcut(repos, actor, input.shortcut);
    return repos.cannedAnswers.create({ accountId: actor.accountId, ...input });
  });
}

export async function updateCannedAnswer(
  deps: UseCaseDeps,
  actor: Actor,
  id: string,
  changes: Partial<CannedAnswerInput>,
): Promise<CannedAnswer> {
  return deps.uow.transaction(async (repos) => {
    const answer = await load(repos, actor, id);
    authorize(actor, 'cannedAnswer.manage', { accountId: answer.accountId }, 'Canned answer');
    if (changes.shortcut !== undefined && changes.shortcut !== answer.shortcut) {
      await requireFreeShortcut(repos, actor, changes.shortcut, answer.id);
    }
    return repos.cannedAnswers.update(actor.accountId, answer.id, changes);
  });
}

export async function deleteCannedAnswer(deps: UseCaseDeps, actor: Actor, id: string): Promise<void> {
  await deps.uow.transaction(async (repos) => {
    const answer = await load(repos, actor, id);
    authorize(actor, 'cannedAnswer.manage', { accountId: answer.accountId }, 'Canned answer');
    await repos.cannedAnswers.delete(actor.accountId, answer.id);
  });
}
