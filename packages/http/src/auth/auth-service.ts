/**
 * Who is calling: agents log in with a password and get an HttpOnly session cookie plus a CSRF token;
 * systems use API tokens as Bearer. Only hashes of sessions and tokens are stored, so a leaked
 * database lets nobody in.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Actor, ApiToken, Clock, PasswordHasher, UnitOfWork, User } from '@sofortdesk/domain';
import { authorize } from '@sofortdesk/domain';

export const SESSION_COOKIE = 'sofortdesk_session';
const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
/** Token lookups are on every API call; a short cache keeps them off the database, revocation lags by this much. */
const TOKEN_CACHE_MS = 10_000;
const TOUCH_EVERY_MS = 60_000;

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
export const newSecret = (prefix: string) => `${prefix}_${randomBytes(32).toString('base64url')}`;

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface SessionActor {
  actor: Actor;
  csrfToken: string;
}

export class AuthService {
  private readonly tokenCache = new Map<string, { actor: Actor; tokenId: string; until: number }>();
  private readonly touchedAt = new Map<string, number>();
  /** A hash to verify against when the e-mail is unknown, so timing does not reveal who has an account. */
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly passwords: PasswordHasher,
  ) {}

  async login(
    email: string,
    password: string,
  ): Promise<{ user: User; sessionToken: string; csrfToken: string } | undefined> {
    const user = await this.uow.repos.users.findForLogin(email.trim().toLowerCase());
    if (!user?.passwordHash) {
      this.dummyHash ??= this.passwords.hash('sofortdesk-timing-equaliser');
      await this.passwords.verify(await this.dummyHash, password);
      return undefined;
    }
    if (!(await this.passwords.verify(user.passwordHash, password))) return undefined;
    const sessionToken = newSecret('sds');
    const csrfToken = randomBytes(24).toString('base64url');
    await this.uow.repos.sessions.create({
      userId: user.id,
      accountId: user.accountId,
      tokenHash: hashSecret(sessionToken),
      csrfToken,
      expiresAt: new Date(this.clock.now().getTime() + SESSION_TTL_MS).toISOString(),
    });
    const { passwordHash: _, ...publicUser } = user;
    return { user: publicUser, sessionToken, csrfToken };
  }

  async logout(sessionToken: string): Promise<void> {
    await this.uow.repos.sessions.delete(hashSecret(sessionToken));
  }

  async fromSession(sessionToken: string): Promise<SessionActor | undefined> {
    const session = await this.uow.repos.sessions.findByHash(hashSecret(sessionToken));
    if (!session) return undefined;
    const actor = await this.actorFor(session.accountId, session.userId);
    return actor && { actor, csrfToken: session.csrfToken };
  }

  async fromApiToken(token: string): Promise<Actor | undefined> {
    const tokenHash = hashSecret(token);
    const now = this.clock.now().getTime();
    const cached = this.tokenCache.get(tokenHash);
    if (cached && cached.until > now) return cached.actor;
    const record = await this.uow.repos.apiTokens.findByHash(tokenHash);
    if (!record) return undefined;
    const actor = await this.actorFor(record.accountId, record.userId);
    if (!actor) return undefined;
    this.tokenCache.set(tokenHash, { actor, tokenId: record.id, until: now + TOKEN_CACHE_MS });
    if ((this.touchedAt.get(record.id) ?? 0) + TOUCH_EVERY_MS < now) {
      this.touchedAt.set(record.id, now);
      await this.uow.repos.apiTokens.touch(record.id, new Date(now).toISOString());
    }
    return actor;
  }

  async createApiToken(actor: Actor, name: string): Promise<{ token: string; record: ApiToken }> {
    authorize(actor, 'token.create');
    const token = newSecret('sdt');
    const record = await this.uow.repos.apiTokens.create({
      accountId: actor.accountId,
      userId: actor.userId,
      name,
      tokenHash: hashSecret(token),
    });
    return { token, record };
  }

  /** Registers a token value chosen by the operator (SOFORTDESK_ADMIN_TOKEN) for automation. */
  async registerApiToken(accountId: string, userId: string, name: string, token: string): Promise<void> {
    const tokenHash = hashSecret(token);
    if (await this.uow.repos.apiTokens.findByHash(tokenHash)) return;
    await this.uow.repos.apiTokens.create({ accountId, userId, name, tokenHash });
  }

  private async actorFor(accountId: string, userId: string): Promise<Actor | undefined> {
    const user = await this.uow.repos.users.get(accountId, userId);
    if (!user) return undefined;
    const inboxIds =
      user.role === 'agent' ? await this.uow.repos.inboxes.memberInboxIds(accountId, userId) : [];
    return { userId: user.id, accountId: user.accountId, role: user.role, inboxIds };
  }
}
