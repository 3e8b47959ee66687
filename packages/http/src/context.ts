import type { Actor } from '@sofortdesk/domain';
import type { Context } from 'hono';
import { unauthorized } from './problems.ts';

export interface AppEnv {
  Variables: {
    actor: Actor | undefined;
    /** How the actor authenticated: cookie sessions need a CSRF token on changes, Bearer tokens do not. */
    authMethod: 'session' | 'token' | undefined;
    csrfToken: string | undefined;
    requestId: string;
  };
}

/** The authenticated caller, or a 401. */
export function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw unauthorized();
  return actor;
}
