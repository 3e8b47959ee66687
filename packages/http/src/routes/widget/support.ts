import type { Context } from 'hono';
import { authenticateVisitor, type UseCaseDeps, type VisitorSession } from '@sofortdesk/domain';

export { webchatInboxParams } from '../inboxes/webchat-params.ts';

/** The widget's routes live under this prefix: no agent authentication, CORS by the inbox's origins. */
export const WIDGET_PREFIX = '/api/v1/widget/';

/** The visitor calling: the session of the Bearer visitor token, for this inbox; otherwise a 401. */
export async function visitorOf(c: Context, deps: UseCaseDeps, inboxId: string): Promise<VisitorSession> {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
  return authenticateVisitor(deps, inboxId, match?.[1]);
}
