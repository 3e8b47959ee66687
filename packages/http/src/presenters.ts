/** The only place where domain entities become JSON. Internal fields (accountId, hashes) stay inside. */
import type {
  ApiToken,
  Contact,
  ContactIdentity,
  Conversation,
  DomainEvent,
  Inbox,
  Message,
  Team,
  User,
} from '@sofortdesk/domain';

export const presentMessage = (m: Message) => ({
  id: m.id,
  inboxId: m.inboxId,
  conversationId: m.conversationId,
  direction: m.direction,
  kind: m.kind,
  authorType: m.authorType,
  authorId: m.authorId,
  text: m.text,
  externalId: m.externalId,
  attachments: m.attachments,
  createdAt: m.createdAt,
});

export const presentConversation = (c: Conversation) => ({
  id: c.id,
  inboxId: c.inboxId,
  contactId: c.contactId,
  status: c.status,
  priority: c.priority,
  assigneeId: c.assigneeId,
  teamId: c.teamId,
  labels: c.labels,
  language: c.language,
  snoozedUntil: c.snoozedUntil,
  lastMessageAt: c.lastMessageAt,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

export const presentContact = (c: Contact) => ({
  id: c.id,
  name: c.name,
  email: c.email,
  phone: c.phone,
  language: c.language,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

export const presentIdentity = (i: ContactIdentity) => ({
  kind: i.kind,
  value: i.value,
  createdAt: i.createdAt,
});

export const presentInbox = (i: Inbox) => ({
  id: i.id,
  name: i.name,
  channel: i.channel,
  language: i.language,
  createdAt: i.createdAt,
});

export const presentAgent = (u: User) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  language: u.language,
  createdAt: u.createdAt,
});

export const presentTeam = (t: Team) => ({ id: t.id, name: t.name, createdAt: t.createdAt });

export const presentToken = (t: ApiToken) => ({
  id: t.id,
  name: t.name,
  createdAt: t.createdAt,
  lastUsedAt: t.lastUsedAt,
});

const presentEventData = (event: DomainEvent): Record<string, unknown> => {
  switch (event.type) {
    case 'message.created':
      return { message: presentMessage(event.data.message) };
    case 'conversation.created':
      return { conversation: presentConversation(event.data.conversation) };
    case 'conversation.updated':
      return { conversation: presentConversation(event.data.conversation), changes: event.data.changes };
    case 'contact.updated':
      return { contact: presentContact(event.data.contact) };
    case 'contact.merged':
      return {
        contact: presentContact(event.data.contact),
        mergedContactId: event.data.mergedContactId,
        movedConversationIds: event.data.movedConversationIds,
      };
    case 'inbox.created':
      return { inbox: presentInbox(event.data.inbox) };
  }
};

/** One realtime frame (also the items of GET /api/v1/events). */
export const presentEvent = (event: DomainEvent) => ({
  cursor: event.cursor,
  type: event.type,
  inboxId: event.inboxId,
  conversationId: event.conversationId,
  data: presentEventData(event),
  createdAt: event.createdAt,
});
