/** Builders for the rows most tests need: an account with an admin, an agent and an API inbox. */
import { systemClock, type Actor, type Inbox, type UnitOfWork, type User } from '@sofortdesk/domain';

export interface AccountFixture {
  accountId: string;
  admin: User;
  agent: User;
  inbox: Inbox;
  /** An inbox the agent is not a member of. */
  otherInbox: Inbox;
  adminActor: Actor;
  agentActor: Actor;
}

let counter = 0;

export async function buildAccount(uow: UnitOfWork, name = 'Testfirma'): Promise<AccountFixture> {
  const n = ++counter;
  const tag = `${process.pid}-${Date.now()}-${n}`;
  return uow.transaction(async (repos) => {
    const account = await repos.accounts.create({ name: `${name} ${n}`, defaultLanguage: 'de' });
    const admin = await repos.users.create({
      accountId: account.id,
      email: `admin-${tag}@example.test`,
      name: 'Ada Admin',
      role: 'admin',
      language: 'de',
      passwordHash: null,
    });
    const agent = await repos.users.create({
      accountId: account.id,
      email: `agent-${tag}@example.test`,
      name: 'Anna Agentin',
      role: 'agent',
      language: 'de',
      passwordHash: null,
    });
    const inbox = await repos.inboxes.create({
      accountId: account.id,
      name: 'Service-App',
      channel: 'api',
      language: 'de',
      webhookUrl: null,
      webhookSecret: null,
    });
    const otherInbox = await repos.inboxes.create({
      accountId: account.id,
      name: 'Telefon',
      channel: 'api',
      language: 'de',
      webhookUrl: null,
      webhookSecret: null,
    });
    await repos.inboxes.addMember(account.id, inbox.id, agent.id);
    return {
      accountId: account.id,
      admin,
      agent,
      inbox,
      otherInbox,
      adminActor: { userId: admin.id, accountId: account.id, role: 'admin', inboxIds: [] },
      agentActor: { userId: agent.id, accountId: account.id, role: 'agent', inboxIds: [inbox.id] },
    };
  });
}

export const testClock = systemClock;
