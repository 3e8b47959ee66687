/** The route table: every endpoint of the REST API, one file each. */
import * as listAgents from './agents/list-agents.ts';
import * as createAgent from './agents/create-agent.ts';
import * as login from './auth/login.ts';
import * as logout from './auth/logout.ts';
import * as me from './auth/me.ts';
import * as contactTimeline from './contacts/contact-timeline.ts';
import * as getContact from './contacts/get-contact.ts';
import * as listContacts from './contacts/list-contacts.ts';
import * as mergeContacts from './contacts/merge-contacts.ts';
import * as getConversation from './conversations/get-conversation.ts';
import * as listConversations from './conversations/list-conversations.ts';
import * as listMessages from './conversations/list-messages.ts';
import * as reply from './conversations/reply.ts';
import * as updateConversation from './conversations/update-conversation.ts';
import * as listEvents from './events/list-events.ts';
import * as createInbox from './inboxes/create-inbox.ts';
import * as getInbox from './inboxes/get-inbox.ts';
import * as listInboxes from './inboxes/list-inboxes.ts';
import * as postInboundMessage from './inboxes/post-inbound-message.ts';
import * as listTeams from './teams/list-teams.ts';
import * as createTeam from './teams/create-team.ts';
import * as createToken from './tokens/create-token.ts';
import * as getAttachment from './attachments/get-attachment.ts';
import * as agentTyping from './conversations/typing.ts';
import * as getWebchatSettings from './inboxes/get-webchat-settings.ts';
import * as rotateWebchatSecret from './inboxes/rotate-webchat-secret.ts';
import * as updateWebchatSettings from './inboxes/update-webchat-settings.ts';
import * as getWidget from './widget/get-widget.ts';
import * as listVisitorMessages from './widget/list-messages.ts';
import * as postVisitorMessage from './widget/post-message.ts';
import * as startVisitorSession from './widget/start-session.ts';
import * as uploadVisitorAttachment from './widget/upload-attachment.ts';
import * as visitorTyping from './widget/typing.ts';
import type { Register } from './support.ts';

export const endpoints: { register: Register }[] = [
  login,
  logout,
  me,
  createToken,
  createInbox,
  listInboxes,
  getInbox,
  postInboundMessage,
  listConversations,
  getConversation,
  updateConversation,
  listMessages,
  reply,
  listContacts,
  getContact,
  contactTimeline,
  mergeContacts,
  listAgents,
  createAgent,
  listTeams,
  createTeam,
  listEvents,
  agentTyping,
  getWebchatSettings,
  updateWebchatSettings,
  rotateWebchatSecret,
  getWidget,
  startVisitorSession,
  listVisitorMessages,
  postVisitorMessage,
  visitorTyping,
  uploadVisitorAttachment,
  getAttachment,
];
