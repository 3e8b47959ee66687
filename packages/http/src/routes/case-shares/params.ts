import { z } from '@hono/zod-openapi';
import { idRef } from '@sofortdesk/protocol';
import { webchatInboxParams } from '../inboxes/webchat-params.ts';

/** A visitor's own conversation in the widget's inbox (its own name: the fuzz and tenancy tests fill it apart). */
export const widgetConversationParams = webchatInboxParams.extend({
  visitorConversationId: idRef.meta({ description: "The id of one of the visitor's conversations" }),
});
export const widgetShareParams = widgetConversationParams.extend({ shareId: idRef });
/** A share inside its conversation: it is reachable from nowhere else. */
export const shareParams = z.object({ conversationId: idRef, shareId: idRef });
