import { describe, expect, it } from 'vitest';
import { NotFoundError, ForbiddenError } from './errors.ts';
import { authorize, can, visibleInboxIds, type Actor } from './policies.ts';

const admin: Actor = { userId: 'u1', accountId: 'acc-1', role: 'admin', inboxIds: [] };
const agent: Actor = { userId: 'u2', accountId: 'acc-1', role: 'agent', inboxIds: ['inbox-1'] };
const partner: Actor = { userId: 'u3', accountId: 'acc-1', role: 'partner', inboxIds: [] };

describe('policies', () => {
  it('lets admins act on every inbox of their account and nothing of another', () => {
    expect(can(admin, 'conversation.update', { accountId: 'acc-1', inboxId: 'inbox-9' })).toBe(true);
    expect(can(admin, 'conversation.read', { accountId: 'acc-2', inboxId: 'inbox-9' })).toBe(false);
  });

  it('limits agents to their inboxes and reports others as not found', () => {
    expect(can(agent, 'conversation.reply', { accountId: 'acc-1', inboxId: 'inbox-1' })).toBe(true);
    expect(() => authorize(agent, 'conversation.read', { accountId: 'acc-1', inboxId: 'inbox-2' })).toThrow(
      NotFoundError,
    );
    expect(() => authorize(agent, 'inbox.create')).toThrow(ForbiddenError);
  });

  it('reports another account as not found even to admins', () => {
    expect(() => authorize(admin, 'conversation.read', { accountId: 'acc-2', inboxId: 'x' })).toThrow(
      NotFoundError,
    );
  });

  it('keeps partners away from customer data', () => {
    expect(can(partner, 'conversation.read')).toBe(false);
    expect(can(partner, 'contact.read')).toBe(false);
    expect(visibleInboxIds(partner)).toEqual([]);
    expect(can(partner, 'token.create')).toBe(true);
  });

  it('filters lists: admins see all inboxes, agents their own', () => {
    expect(visibleInboxIds(admin)).toBeUndefined();
    expect(visibleInboxIds(agent)).toEqual(['inbox-1']);
  });
});
