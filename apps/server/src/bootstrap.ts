/**
 * First start: an empty database gets the demo company (unless SOFORTDESK_DEMO=off), the first
 * admin from SOFORTDESK_ADMIN_EMAIL/PASSWORD, and SOFORTDESK_ADMIN_TOKEN as that admin's API token.
 */
import type { Config } from '@sofortdesk/config';
import type { PasswordHasher, UseCaseDeps, User } from '@sofortdesk/domain';
import type { AuthService } from '@sofortdesk/http';
import { DEMO_LOGINS, seedDemo } from './demo.ts';

export interface BootstrapResult {
  seededDemo: boolean;
  createdAdmin: User | undefined;
}

export async function createAdmin(
  deps: UseCaseDeps & { passwords: PasswordHasher },
  input: { email: string; password: string; name?: string; accountName?: string; accountId?: string },
): Promise<User> {
  const passwordHash = await deps.passwords.hash(input.password);
  return deps.uow.transaction(async (repos) => {
    const email = input.email.trim().toLowerCase();
    if (await repos.users.findForLogin(email))
      throw new Error(`A user with the e-mail ${email} exists already.`);
    const accountId =
      input.accountId ??
      (await repos.accounts.create({ name: input.accountName ?? 'Sofortdesk', defaultLanguage: 'de' })).id;
    return repos.users.create({
      accountId,
      email,
      name: input.name ?? 'Administrator',
      role: 'admin',
      language: 'de',
      passwordHash,
    });
  });
}

export async function bootstrap(
  config: Config,
  deps: UseCaseDeps & { passwords: PasswordHasher; auth: AuthService },
): Promise<BootstrapResult> {
  const { adminEmail, adminPassword, adminToken, demo } = config.bootstrap;
  if ((await deps.uow.repos.users.count()) > 0) return { seededDemo: false, createdAdmin: undefined };

  let demoAccountId: string | undefined;
  if (demo !== false) demoAccountId = (await seedDemo(deps)).accountId;

  let admin: User | undefined;
  if (adminEmail && adminPassword) {
    admin = await createAdmin(deps, { email: adminEmail, password: adminPassword, accountId: demoAccountId });
  }
  if (adminToken) {
    const owner =
      admin ?? (demoAccountId ? await deps.uow.repos.users.findForLogin(DEMO_LOGINS[0]!.email) : undefined);
    if (!owner) {
      throw new Error(
        'SOFORTDESK_ADMIN_TOKEN needs an admin to belong to: set SOFORTDESK_ADMIN_EMAIL and _PASSWORD too.',
      );
    }
    await deps.auth.registerApiToken(owner.accountId, owner.id, 'SOFORTDESK_ADMIN_TOKEN', adminToken);
  }
  return { seededDemo: demoAccountId !== undefined, createdAdmin: admin };
}
