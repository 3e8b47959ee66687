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
import * as uploadAgentAttachment from './conversations/upload-attachment.ts';
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
import * as markReadByVisitor from './widget/mark-read.ts';
import * as widgetPrivacyLink from './widget/privacy-link.ts';
import * as markReadByAgent from './conversations/mark-read.ts';
import * as setBusinessHours from './inboxes/set-business-hours.ts';
import * as listCannedAnswers from './canned-answers/list-canned-answers.ts';
import * as createCannedAnswer from './canned-answers/create-canned-answer.ts';
import * as updateCannedAnswer from './canned-answers/update-canned-answer.ts';
import * as deleteCannedAnswer from './canned-answers/delete-canned-answer.ts';
import * as listSlaPolicies from './sla-policies/list-policies.ts';
import * as createSlaPolicy from './sla-policies/create-policy.ts';
import * as updateSlaPolicy from './sla-policies/update-policy.ts';
import * as deleteSlaPolicy from './sla-policies/delete-policy.ts';
import * as listSlaEvents from './sla-policies/list-events.ts';
import * as listRoutingRules from './routing-rules/list-routing-rules.ts';
import * as createRoutingRule from './routing-rules/create-routing-rule.ts';
import * as updateRoutingRule from './routing-rules/update-routing-rule.ts';
import * as deleteRoutingRule from './routing-rules/delete-routing-rule.ts';
import * as reorderRoutingRules from './routing-rules/reorder-routing-rules.ts';
import * as getConversationTriage from './conversations/get-triage.ts';
import * as setContactAttributes from './contacts/set-attributes.ts';
import * as listInboxMembers from './inboxes/list-inbox-members.ts';
import * as addInboxMember from './inboxes/add-inbox-member.ts';
import * as removeInboxMember from './inboxes/remove-inbox-member.ts';
import * as listTeamMembers from './teams/list-team-members.ts';
import * as addTeamMember from './teams/add-team-member.ts';
import * as removeTeamMember from './teams/remove-team-member.ts';
import * as updateAgent from './agents/update-agent.ts';
import * as kbListCollections from './knowledge/list-collections.ts';
import * as kbCreateCollection from './knowledge/create-collection.ts';
import * as kbSetCollectionPartners from './knowledge/set-collection-partners.ts';
import * as kbListArticles from './knowledge/list-articles.ts';
import * as kbCreateArticle from './knowledge/create-article.ts';
import * as kbGetArticle from './knowledge/get-article.ts';
import * as kbUpdateArticle from './knowledge/update-article.ts';
import * as kbListVersions from './knowledge/list-versions.ts';
import * as kbDiffVersions from './knowledge/diff-versions.ts';
import * as kbRestoreVersion from './knowledge/restore-version.ts';
import * as kbListChangeRequests from './knowledge/list-change-requests.ts';
import * as kbGetChangeRequest from './knowledge/get-change-request.ts';
import * as kbReviewChangeRequest from './knowledge/review-change-request.ts';
import * as kbListGaps from './knowledge-gaps/list-gaps.ts';
import * as kbDraftFromGap from './knowledge-gaps/draft-from-gap.ts';
import * as suggestArticles from './widget/suggest-articles.ts';
import * as getAutomaticAnswers from './settings/get-automatic-answers.ts';
import * as updateAutomaticAnswers from './settings/update-automatic-answers.ts';
import * as conversationSuggestions from './conversations/suggestions.ts';
import * as suggestionFeedback from './conversations/suggestion-feedback.ts';
import * as getRawMail from './conversations/get-raw-mail.ts';
import * as getMailHtml from './conversations/get-mail-html.ts';
import * as listConsentPurposes from './consent-purposes/list-purposes.ts';
import * as createConsentPurpose from './consent-purposes/create-purpose.ts';
import * as updateConsentPurpose from './consent-purposes/update-purpose.ts';
import * as getContactConsents from './contacts/get-consents.ts';
import * as recordContactConsent from './contacts/record-consent.ts';
import * as exportContact from './contacts/export-contact.ts';
import * as requestErasure from './contacts/request-erasure.ts';
import * as getErasure from './privacy/get-erasure.ts';
import * as listAuditLog from './privacy/list-audit-log.ts';
import * as getPrivacySettings from './privacy/get-settings.ts';
import * as updatePrivacySettings from './privacy/update-settings.ts';
import * as listRetentionRuns from './privacy/list-retention-runs.ts';
import * as createCaseShare from './case-shares/create-share.ts';
import * as listCaseShares from './case-shares/list-shares.ts';
import * as viewCaseShare from './case-shares/view-share.ts';
import * as widgetCreateCaseShare from './case-shares/widget-create-share.ts';
import * as widgetListCaseShares from './case-shares/widget-list-shares.ts';
import * as widgetRevokeCaseShare from './case-shares/widget-revoke-share.ts';
import * as getOwnAvailability from './assignment/get-availability.ts';
import * as setOwnAvailability from './assignment/set-availability.ts';
import * as getAssignmentSettings from './assignment/get-settings.ts';
import * as updateAssignmentSettings from './assignment/update-settings.ts';
import * as updateAgentAssignment from './assignment/update-agent-assignment.ts';
import * as updateTeamAssignment from './assignment/update-team-assignment.ts';
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
  uploadAgentAttachment,
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
  setBusinessHours,
  markReadByAgent,
  markReadByVisitor,
  widgetPrivacyLink,
  getWidget,
  startVisitorSession,
  listVisitorMessages,
  postVisitorMessage,
  visitorTyping,
  uploadVisitorAttachment,
  getAttachment,
  listCannedAnswers,
  createCannedAnswer,
  updateCannedAnswer,
  deleteCannedAnswer,
  listSlaPolicies,
  createSlaPolicy,
  updateSlaPolicy,
  deleteSlaPolicy,
  listSlaEvents,
  listRoutingRules,
  reorderRoutingRules,
  createRoutingRule,
  updateRoutingRule,
  deleteRoutingRule,
  getConversationTriage,
  setContactAttributes,
  listInboxMembers,
  addInboxMember,
  removeInboxMember,
  updateAgent,
  listTeamMembers,
  addTeamMember,
  removeTeamMember,
  kbListCollections,
  kbCreateCollection,
  kbSetCollectionPartners,
  kbListArticles,
  kbCreateArticle,
  kbGetArticle,
  kbUpdateArticle,
  kbListVersions,
  kbDiffVersions,
  kbRestoreVersion,
  kbListChangeRequests,
  kbGetChangeRequest,
  kbReviewChangeRequest,
  kbListGaps,
  kbDraftFromGap,
  suggestArticles,
  getAutomaticAnswers,
  updateAutomaticAnswers,
  conversationSuggestions,
  suggestionFeedback,
  getRawMail,
  getMailHtml,
  listConsentPurposes,
  createConsentPurpose,
  updateConsentPurpose,
  getContactConsents,
  recordContactConsent,
  exportContact,
  requestErasure,
  getErasure,
  listAuditLog,
  getPrivacySettings,
  updatePrivacySettings,
  listRetentionRuns,
  createCaseShare,
  listCaseShares,
  viewCaseShare,
  widgetCreateCaseShare,
  widgetListCaseShares,
  widgetRevokeCaseShare,
  getOwnAvailability,
  setOwnAvailability,
  getAssignmentSettings,
  updateAssignmentSettings,
  updateAgentAssignment,
  updateTeamAssignment,
];
