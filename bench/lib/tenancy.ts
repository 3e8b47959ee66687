/**
 * Realistic tenancy for the realtime benchmark: N accounts, each with one API inbox and M agents
 * (role agent, members of that inbox), each agent with an API token of their own. Written straight
 * into the database, through the product's own repositories, before the server starts: the server's
 * bootstrap then finds users and creates neither the demo company nor the bootstrap admin.
 */
import { randomBytes } from 'node:crypto';
import type { DatabaseConfig } from '@sofortdesk/config';
import { connect, KyselyUnitOfWork, migrate } from '@sofortdesk/db';
import { systemClock } from '@sofortdesk/domain';
import { hashSecret } from '@sofortdesk/http';

export interface Tenant {
  accountId: string;
  inboxId: string;
  /** One API token per agent, in agent order. */
  agentTokens: string[];
}

/** `sqlite:<file>` or `postgres://...`, as DATABASE_URL. */
export function databaseConfigOf(databaseUrl: string): DatabaseConfig {
  return databaseUrl.startsWith('postgres')
    ? { kind: 'postgres', url: databaseUrl }
    : // The seed is not what is measured: no fsync per commit (the server opens it with its own setting).
      { kind: 'sqlite', file: databaseUrl.slice('sqlite:'.length), synchronous: 'NORMAL' };
}

export async function seedTenants(
  databaseUrl: string,
  accounts: number,
  agentsPerAccount: number,
): Promise<Tenant[]> {
  const connection = await connect(databaseConfigOf(databaseUrl));
  try {
    await migrate(connection);
    const uow = new KyselyUnitOfWork(connection, systemClock);
    const tenants: Tenant[] = [];
    for (let a = 0; a < accounts; a++) {
      tenants.push(
        await uow.transaction(async (repos) => {
          const account = await repos.accounts.create({ name: `Bench tenant ${a}`, defaultLanguage: 'de' });
          const inbox = await repos.inboxes.create({
            accountId: account.id,
            name: `Bench tenant ${a} API`,
            channel: 'api',
            language: 'de',
            webhookUrl: null,
            webhookSecret: null,
          });
          const agentTokens: string[] = [];
          for (let g = 0; g < agentsPerAccount; g++) {
            const agent = await repos.users.create({
              accountId: account.id,
              email: `bench-t${a}-agent${g}@example.test`,
              name: `Agent ${g} of tenant ${a}`,
              role: 'agent',
              language: 'de',
              passwordHash: null,
            });
            await repos.inboxes.addMember(account.id, inbox.id, agent.id);
            // The same shape and hash as AuthService.createApiToken.
            const token = `sdt_${randomBytes(32).toString('base64url')}`;
            await repos.apiTokens.create({
              accountId: account.id,
              userId: agent.id,
              name: 'bench socket',
              tokenHash: hashSecret(token),
            });
            agentTokens.push(token);
          }
          return { accountId: account.id, inboxId: inbox.id, agentTokens };
        }),
      );
    }
    return tenants;
  } finally {
    await connection.close();
  }
}
