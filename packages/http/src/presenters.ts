/** The only place where domain entities become JSON. Internal fields (accountId, hashes) stay inside. */
import type {
  AgentAssignmentView,
  AssignmentOverview,
  ApiToken,
  AuditEntry,
  CaseShareAccess,
  CaseShareSummary,
  ErasureReceipt,
  RetentionRun,
  Availability,
  CannedAnswer,
  MessageTriage,
  RoutingRuleView,
  ConsentEntry,
  ConsentPurpose,
  ConsentPurposeWithVersions,
  Contact,
  ContactConsents,
  ContactIdentity,
  Conversation,
  ConversationSla,
  DomainEvent,
  SlaEvent,
  SlaPolicy,
  EphemeralSignal,
  Inbox,
  Message,
  ProactiveRule,
  StoredAttachment,
  Team,
  TypingSignal,
  User,
  VisitorSession,
  WebchatSettings,
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
  // The raw message's key and the HTML stay on the server: the key is a capability, the HTML is large.
  email: m.email
    ? {
        messageId: m.email.messageId,
        subject: m.email.subject,
        from: m.email.from,
        quoted: m.email.quoted,
        signature: m.email.signature,
        automated: m.email.automated,
        hasHtml: m.email.html !== null,
        hasRaw: m.email.rawKey !== null,
        remoteImagesBlocked: m.email.remoteImagesBlocked,
        skippedAttachments: m.email.skippedAttachments,
      }
    : null,
  delivery: m.delivery ?? null,
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
  waitingSince: c.waitingSince,
  contactLastReadAt: c.contactLastReadAt,
  agentLastReadAt: c.agentLastReadAt,
  slaPolicyId: c.slaPolicyId ?? null,
  sla: c.sla ? presentConversationSla(c.sla) : null,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

/** The timers as the workspace ticks them: it counts down to dueAt on its own clock. */
export const presentConversationSla = (s: ConversationSla) => ({
  policyId: s.policyId,
  policyName: s.policyName,
  timers: s.timers.map((t) => ({
    target: t.target,
    status: t.status,
    startedAt: t.startedAt,
    dueAt: t.dueAt,
    warnAt: t.warnAt,
    endedAt: t.endedAt,
    warnedAt: t.warnedAt,
    breachedAt: t.breachedAt,
  })),
});

export const presentSlaPolicy = (p: SlaPolicy) => ({
  id: p.id,
  name: p.name,
  priority: p.priority,
  targets: p.targets,
  calendar: p.calendar,
  businessHours: p.businessHours,
  warnAtPercent: p.warnAtPercent,
  escalation: p.escalation,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

export const presentSlaEvent = (e: SlaEvent) => ({
  id: e.id,
  conversationId: e.conversationId,
  policyId: e.policyId,
  target: e.target,
  kind: e.kind,
  dueAt: e.dueAt,
  createdAt: e.createdAt,
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

/** What a site pastes into its HTML to show the widget of this inbox. */
export const embedSnippet = (publicUrl: string, inboxId: string) =>
  `<script src="${publicUrl}/widget.js" data-inbox="${inboxId}" async></script>`;

/** A rule as the widget gets it: the message and the conditions, nothing else. */
const presentRuleConditions = (r: ProactiveRule) => ({
  id: r.id,
  message: { de: r.message.de ?? null, en: r.message.en ?? null },
  urlPattern: r.urlPattern,
  minSecondsOnPage: r.minSecondsOnPage,
  minVisits: r.minVisits,
  event: r.event && { name: r.event.name, minValue: r.event.minValue },
});

const presentProactiveRule = (r: ProactiveRule) => ({ ...presentRuleConditions(r), enabled: r.enabled });

export const presentWebchatSettings = (s: WebchatSettings) => ({
  allowedOrigins: s.allowedOrigins,
  greeting: { de: s.greeting.de ?? null, en: s.greeting.en ?? null },
  preChatForm: s.preChatForm,
  proactiveRules: s.proactiveRules.map(presentProactiveRule),
});

/** An inbox in events, where the installation's URL (for the embed snippet) is not at hand. */
const presentInboxOfEvent = (i: Inbox) => ({
  id: i.id,
  name: i.name,
  channel: i.channel,
  language: i.language,
  webchat: i.webchat && presentWebchatSettings(i.webchat),
  businessHours: i.businessHours,
  // Settings only: the threading key and the IMAP password are not part of an Inbox at all.
  email: i.email
    ? {
        address: i.email.address,
        senderName: i.email.senderName,
        signature: i.email.signature,
        imap: i.email.imap && { ...i.email.imap, passwordSet: true },
      }
    : null,
  createdAt: i.createdAt,
});

/** publicUrl: the installation's, for a web chat inbox's embed snippet. */
export const presentInbox = (i: Inbox, publicUrl: string) => ({
  ...presentInboxOfEvent(i),
  webchat: i.webchat && { ...presentWebchatSettings(i.webchat), embedSnippet: embedSnippet(publicUrl, i.id) },
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

export const presentCannedAnswer = (a: CannedAnswer) => ({
  id: a.id,
  shortcut: a.shortcut,
  title: a.title,
  text: a.text,
  language: a.language,
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
});

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
    case 'conversation.read':
      return { conversation: presentConversation(event.data.conversation), reader: event.data.reader };
    case 'contact.updated':
      return { contact: presentContact(event.data.contact) };
    case 'contact.merged':
      return {
        contact: presentContact(event.data.contact),
        mergedContactId: event.data.mergedContactId,
        movedConversationIds: event.data.movedConversationIds,
      };
    case 'inbox.created':
      return { inbox: presentInboxOfEvent(event.data.inbox) };
    case 'sla.alert':
      return { conversation: presentConversation(event.data.conversation), alert: event.data.alert };
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

// ---- the widget's visitors: only what the customer may see ----

/**
 * The public face of a web chat inbox, before anyone has written: only enabled proactive rules and
 * only what the widget needs of them; when people answer, in the inbox's time zone.
 */
export const presentWidgetInbox = (i: Inbox, availability: Availability | null) => ({
  inboxId: i.id,
  name: i.name,
  language: i.language,
  greeting: presentWebchatSettings(i.webchat!).greeting,
  preChatForm: i.webchat!.preChatForm,
  proactiveRules: i.webchat!.proactiveRules.filter((rule) => rule.enabled).map(presentRuleConditions),
  availability: availability && { ...availability, timezone: i.businessHours!.timezone },
});

const VISITOR_PREFIX = /^webchat:([^:]+):(.*)$/s;

/** A message as a visitor sees it: no author ids, no internal fields; their own id on what they sent. */
export const presentVisitorMessage = (m: Message, visitor?: Pick<VisitorSession, 'id'>) => {
  const own = m.externalId ? VISITOR_PREFIX.exec(m.externalId) : null;
  return {
    id: m.id,
    conversationId: m.conversationId,
    direction: m.direction,
    authorType: m.authorType,
    text: m.text,
    attachments: m.attachments,
    clientMessageId: own && (visitor === undefined || own[1] === visitor.id) ? own[2]! : null,
    createdAt: m.createdAt,
  };
};

export const presentStoredAttachment = (a: StoredAttachment, url: string) => ({
  key: a.key,
  filename: a.filename,
  contentType: a.contentType,
  size: a.size,
  url,
});

/** An event on a visitor's stream: their messages of kind text, and their conversations' status. */
export function presentVisitorEvent(event: DomainEvent): Record<string, unknown> | undefined {
  const frame = (data: Record<string, unknown>) => ({
    cursor: event.cursor,
    type: event.type,
    conversationId: event.conversationId,
    data,
    createdAt: event.createdAt,
  });
  switch (event.type) {
    case 'message.created':
      return event.data.message.kind === 'text'
        ? frame({ message: presentVisitorMessage(event.data.message) })
        : undefined;
    case 'conversation.created':
      return frame({
        conversation: { id: event.data.conversation.id, status: event.data.conversation.status },
      });
    case 'conversation.read':
      // Only the marks, never which agent read it.
      return frame({
        conversation: {
          id: event.data.conversation.id,
          contactLastReadAt: event.data.conversation.contactLastReadAt,
          agentLastReadAt: event.data.conversation.agentLastReadAt,
        },
        reader: event.data.reader,
      });
    case 'conversation.updated':
      return event.data.changes.includes('status')
        ? frame({ conversation: { id: event.data.conversation.id, status: event.data.conversation.status } })
        : undefined;
    default:
      return undefined;
  }
}

/** A typing frame for agents. */
export const presentEphemeral = (signal: EphemeralSignal) => ({
  type: signal.type,
  inboxId: signal.inboxId,
  conversationId: signal.conversationId,
  data: signal.data,
});

/** A typing frame for a visitor: who typed stays an agent, unnamed. */
export const presentVisitorEphemeral = (signal: TypingSignal) => ({
  type: signal.type,
  conversationId: signal.conversationId,
  data: { authorType: signal.data.authorType, typing: signal.data.typing },
});

// ---- the consent ledger ----

export const presentConsentPurpose = (p: ConsentPurpose) => ({
  id: p.id,
  key: p.key,
  version: p.version,
  texts: p.texts,
  perCase: p.perCase,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

export const presentConsentPurposeWithVersions = (p: ConsentPurposeWithVersions) => ({
  ...presentConsentPurpose(p),
  versions: p.versions.map((v) => ({ version: v.version, texts: v.texts, createdAt: v.createdAt })),
});

export const presentConsentEntry = (e: ConsentEntry) => ({
  id: e.id,
  purposeId: e.purposeId,
  purposeKey: e.purposeKey,
  purposeVersion: e.purposeVersion,
  granted: e.granted,
  channel: e.channel,
  recordedBy: e.recordedBy,
  how: e.how,
  reference: e.reference,
  createdAt: e.createdAt,
});

export const presentContactConsents = (c: ContactConsents) => ({
  contactId: c.contactId,
  current: c.current.map((s) => ({
    purpose: presentConsentPurpose(s.purpose),
    state: s.state,
    since: s.latest?.createdAt ?? null,
    latest: s.latest && presentConsentEntry(s.latest),
  })),
  history: c.history.map(presentConsentEntry),
});

/** GDPR (use-cases/privacy.ts): a receipt and an audit entry hold ids, times and counts only. */
export const presentErasureReceipt = (r: ErasureReceipt) => ({
  id: r.id,
  status: r.status,
  requestedBy: r.requestedBy,
  requestedAt: r.requestedAt,
  completedAt: r.completedAt,
  counts: r.counts,
});

export const presentAuditEntry = (e: AuditEntry) => ({
  id: e.id,
  userId: e.userId,
  action: e.action,
  contactId: e.contactId,
  createdAt: e.createdAt,
});

export const presentRoutingRule = (r: RoutingRuleView) => ({
  id: r.id,
  name: r.name,
  position: r.position,
  enabled: r.enabled,
  isFallback: r.isFallback,
  conditions: r.conditions,
  actions: r.actions,
  problems: r.problems,
  problemAt: r.problemAt,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const presentTriage = (t: MessageTriage) => ({
  messageId: t.messageId,
  language: t.language,
  analysed: t.analysed,
  sentiment: t.sentiment,
  anger: t.anger,
  urgency: t.urgency,
  intent: t.intent,
  intentConfidence: t.intentConfidence,
  complexity: t.complexity,
  complexityReasons: t.complexityReasons,
  unreadable: t.unreadable,
  ruleId: t.ruleId,
  explanation: t.explanation,
  createdAt: t.createdAt,
});

export const presentAgentAssignment = (a: AgentAssignmentView) => ({
  agentId: a.userId,
  name: a.name,
  availability: a.availability,
  effective: a.effective,
  lastSeenAt: a.lastSeenAt,
  capacity: a.capacity,
  load: a.load,
  languages: a.languages,
  topics: a.topics,
});

export const presentAssignmentOverview = (o: AssignmentOverview) => ({
  strategy: o.strategy,
  agents: o.agents.map(presentAgentAssignment),
  teams: o.teams.map((t) => ({ teamId: t.teamId, strategy: t.strategy, autoAssign: t.autoAssign })),
});

/** A per-case share without its value; with its access log where the caller may see it. */
export const presentCaseShare = (s: CaseShareSummary & { access?: CaseShareAccess[] }) => ({
  id: s.id,
  conversationId: s.conversationId,
  kind: s.kind,
  label: s.label,
  purposeKey: s.purposeKey,
  sharedVia: s.sharedVia,
  status: s.status,
  sharedAt: s.sharedAt,
  expiresAt: s.expiresAt,
  endedAt: s.endedAt,
  endReason: s.endReason,
  ...(s.access && { access: s.access.map((a) => ({ userId: a.userId, outcome: a.outcome, at: a.at })) }),
});

export const presentRetentionRun = (r: RetentionRun) => ({
  id: r.id,
  date: r.date,
  status: r.status,
  action: r.action,
  cutoff: r.cutoff,
  counts: r.counts,
  startedAt: r.startedAt,
  completedAt: r.completedAt,
});
