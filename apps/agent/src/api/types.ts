/** The wire types of the REST API and the realtime stream, inferred from the server's own zod schemas. */
import type { z } from 'zod';
import type {
  agentSchema,
  cannedAnswerSchema,
  contactDetailSchema,
  conversationSchema,
  conversationStatusSchema,
  inboxSchema,
  messageSchema,
  Problem,
  storedAttachmentSchema,
  RealtimeEvent,
  teamSchema,
  updateConversationRequest,
} from '@sofortdesk/protocol';

export type Agent = z.infer<typeof agentSchema>;
export type CannedAnswer = z.infer<typeof cannedAnswerSchema>;
export type Conversation = z.infer<typeof conversationSchema>;
export type ConversationStatus = z.infer<typeof conversationStatusSchema>;
export type ContactDetail = z.infer<typeof contactDetailSchema>;
export type Inbox = z.infer<typeof inboxSchema>;
export type Team = z.infer<typeof teamSchema>;
export type Message = z.infer<typeof messageSchema>;
export type UploadedAttachment = z.infer<typeof storedAttachmentSchema>;
export type ConversationChanges = z.input<typeof updateConversationRequest>;
export type { Problem, RealtimeEvent };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Me {
  agent: Agent;
  inboxIds: string[] | null;
  csrfToken: string | null;
}
