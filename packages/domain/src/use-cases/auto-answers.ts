/**
 * Automatic answers and agents' suggestions (issue 4, item 5).
 *
 * Every inbound customer text of an account with automatic answers on enqueues one job,
 * `knowledge.auto-answer` (`enqueueAutoAnswer`, called by every inbound path in the message's own
 * transaction). The job decides (`planAutoAnswer`, a pure decision table) whether the message is
 * a reply to an automatic answer ("ja" / "nein"), a complaint (never answered by a machine: labelled
 * and raised for a person), a request for a person (handed over), or a question for the knowledge
 * base; only when the engine's calibrated probability reaches the account's precision target does a
 * bot answer, citing its article and asking whether it helped.
 */
import { CONSENT_PURPOSE_KEYS, consentAllows, consentGranted } from '../consents.ts';
import { InvalidError, NotFoundError } from '../errors.ts';
import type { NewEvent } from '../events.ts';
import {
  PRECISION_TARGET_RANGE,
  type AnswerAssessment,
  type Article,
  type AutoAnswerRecord,
  type AutomaticAnswerSettings,
  type KnowledgeAnswering,
} from '../knowledge.ts';
import { authorize, canSee, type Actor } from '../policies.ts';
import type { Repositories } from '../ports.ts';
import type { Conversation, Language, Message, Priority } from '../types.ts';
import type { UseCaseDeps } from './deps.ts';
import { enqueueEmailSend, planOutboundMail, type EmailOutboundDeps } from './email-outbound.ts';
import { refreshSlaInto } from './sla.ts';

/** Cues in a customer's words, before any search (packages/knowledge answer/complaint.ts implements them). */
export interface MessageSignals {
  complaint(text: string): { isComplaint: boolean; cues: string[] };
  asksForPerson(text: string): boolean;
  /** A reply to "did this help?": yes, no, or something else (null). */
  helpfulnessReply(text: string): 'yes' | 'no' | null;
}

/** With the e-mail deps, an answer in an e-mail conversation goes out as mail (Auto-Submitted). */
export interface AutoAnswerDeps extends UseCaseDeps, Partial<EmailOutboundDeps> {
  answering: KnowledgeAnswering;
  signals: MessageSignals;
  /** Where the help centre shows an article (the answer links there). */
  helpArticleUrl: (accountId: string, language: Language, articleId: string) => string;
}

// ---- the enqueue helper: every inbound path calls this one ----

/**
 * Schedules the automatic answer for a customer's new text message, in the caller's transaction,
 * when the account has automatic answers on. Anything else (notes, agents' replies, attachments
 * alone) is not a question.
 */
export async function enqueueAutoAnswer(repos: Repositories, message: Message): Promise<void> {
  if (message.direction !== 'in' || message.kind !== 'text' || message.authorType !== 'contact') return;
  if (message.text.trim() === '') return;
  const settings = await repos.autoAnswers.getSettings(message.accountId);
  if (!settings.enabled) return;
  await repos.jobs.enqueue(message.accountId, {
    type: 'knowledge.auto-answer',
    payload: { messageId: message.id },
    idempotencyKey: `knowledge.auto-answer:${message.id}`,
  });
}

// ---- the decision table ----

export interface AutoAnswerFacts {
  enabled: boolean;
  /** No newer customer text arrived since (the newest one is answered, once). */
  isLatestInbound: boolean;
  /** This very message was answered automatically already (a retried job). */
  alreadyAnswered: boolean;
  assigned: boolean;
  /** An agent wrote to the customer in this conversation: a person is on it. */
  agentReplied: boolean;
  /** An automatic answer waits for the customer's "did this help?". */
  pendingAnswer: boolean;
  reply: 'yes' | 'no' | null;
  complaint: { isComplaint: boolean; cues: string[] };
  asksForPerson: boolean;
}

export type AutoAnswerStep =
  | { action: 'skip'; reason: 'disabled' | 'not-latest' | 'already-answered' | 'assigned' | 'agent-replied' }
  | { action: 'flag-complaint'; cues: string[] }
  | { action: 'record-helpful' }
  | { action: 'handover'; reason: 'not-helpful' | 'asks-for-person' }
  | { action: 'assess' };

/** What the job does with a customer's message; first matching row wins. */
export function planAutoAnswer(facts: AutoAnswerFacts): AutoAnswerStep {
  if (!facts.enabled) return { action: 'skip', reason: 'disabled' };
  if (facts.alreadyAnswered) return { action: 'skip', reason: 'already-answered' };
  if (!facts.isLatestInbound) return { action: 'skip', reason: 'not-latest' };
  if (facts.assigned) return { action: 'skip', reason: 'assigned' };
  if (facts.agentReplied) return { action: 'skip', reason: 'agent-replied' };
  // Anger first: "nein, das ist eine Frechheit!!!" needs a person, and a bot's cheerful reply least of all.
  if (facts.complaint.isComplaint) return { action: 'flag-complaint', cues: facts.complaint.cues };
  if (facts.pendingAnswer && facts.reply === 'yes') return { action: 'record-helpful' };
  if (facts.pendingAnswer && facts.reply === 'no') return { action: 'handover', reason: 'not-helpful' };
  if (facts.asksForPerson) return { action: 'handover', reason: 'asks-for-person' };
  return { action: 'assess' };
}

// ---- the job ----

/** How far back the job looks for agents' replies: far more than any conversation a bot still answers in. */
const HISTORY_LIMIT = 200;

interface Loaded {
  message: Message;
  conversation: Conversation;
  facts: AutoAnswerFacts;
  pending: AutoAnswerRecord | undefined;
}

async function load(
  repos: Repositories,
  signals: MessageSignals,
  accountId: string,
  messageId: string,
): Promise<Loaded | undefined> {
  const message = await repos.messages.get(accountId, messageId);
  if (!message || message.direction !== 'in' || message.kind !== 'text') return undefined;
  const conversation = await repos.conversations.get(accountId, message.conversationId);
  if (!conversation) return undefined;
  const settings = await repos.autoAnswers.getSettings(accountId);
  const history = await repos.messages.listForConversation(accountId, conversation.id, {
    limit: HISTORY_LIMIT,
    order: 'newest',
  });
  const latestInbound = history.items.find((m) => m.direction === 'in' && m.kind === 'text');
  const agentReplied = history.items.some(
    (m) => m.direction === 'out' && m.kind === 'text' && m.authorType === 'user',
  );
  const last = await repos.autoAnswers.latestForConversation(accountId, conversation.id);
  const pending =
    last &&
    last.outcome === 'pending' &&
    last.questionMessageId !== message.id &&
    last.createdAt <= message.createdAt
      ? last
      : undefined;
  return {
    message,
    conversation,
    pending,
    facts: {
      enabled: settings.enabled,
      isLatestInbound: latestInbound?.id === message.id,
      alreadyAnswered: last?.questionMessageId === message.id,
      assigned: conversation.assigneeId !== null,
      agentReplied,
      pendingAnswer: pending !== undefined,
      reply: signals.helpfulnessReply(message.text),
      complaint: signals.complaint(message.text),
      asksForPerson: signals.asksForPerson(message.text),
    },
  };
}

const languageOf = (conversation: Conversation, fallback: Language): Language =>
  conversation.language ?? fallback;

const percent = (probability: number) => probability.toFixed(2);

const TEXTS = {
  de: {
    noConsent:
      'Keine automatische Antwort: keine Einwilligung zur Inhaltsanalyse (der Kunde hat der automatischen Analyse seiner Nachrichten nicht zugestimmt oder sie widerrufen). Bitte persönlich antworten.',
    helped: 'Hat Ihnen das geholfen? (Ja/Nein)',
    more: 'Mehr dazu',
    complaint: (cues: string) =>
      `Keine automatische Antwort: Die Nachricht wirkt wie eine Beschwerde oder verärgert (${cues}). Bitte persönlich antworten.`,
    askedForPerson: 'Der Kunde möchte mit einem Menschen sprechen. Bitte übernehmen.',
    notHelpful: (r: AutoAnswerRecord, reply: string) =>
      `Die automatische Antwort hat nicht geholfen. Frage: „${r.question}“ – beantwortet aus Artikel „${r.articleTitle}“ (p=${percent(r.probability)}). Antwort des Kunden: „${reply}“. Bitte übernehmen.`,
    answered: (title: string, p: number) =>
      `Automatisch beantwortet aus Artikel „${title}“ (p=${percent(p)})`,
  },
  en: {
    noConsent:
      'No automatic answer: no consent for content analysis (the customer has not agreed to automatic analysis of their messages, or withdrew it). Please answer in person.',
    helped: 'Did this help? (yes/no)',
    more: 'Read more',
    complaint: (cues: string) =>
      `No automatic answer: the message reads like a complaint or anger (${cues}). Please answer in person.`,
    askedForPerson: 'The customer asks to talk to a person. Please take over.',
    notHelpful: (r: AutoAnswerRecord, reply: string) =>
      `The automatic answer did not help. Question: "${r.question}" – answered from article "${r.articleTitle}" (p=${percent(r.probability)}). The customer replied: "${reply}". Please take over.`,
    answered: (title: string, p: number) =>
      `Answered automatically from article "${title}" (p=${percent(p)})`,
  },
} as const;

/** A quote of customer text inside a note: one line, not too long. */
const quote = (text: string, max = 300) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/**
 * The answer's text: the article's first paragraph (its gist; headings and HTML blocks skipped),
 * cut at a word near 600 characters.
 */
export function answerExcerpt(body: string, max = 600): string {
  const paragraphs = body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '' && !p.startsWith('#') && !p.startsWith('<') && !/^[-*_]{3,}$/.test(p));
  const first = paragraphs[0] ?? '';
  if (first.length <= max) return first;
  const cut = first.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()} …`;
}

/** Markdown link text must not close the link early. */
const linkText = (title: string) => title.replace(/[[\]]/g, '').replace(/\s+/g, ' ').trim();

/** Job handler `knowledge.auto-answer`. Idempotent: a retried run finds the message answered and stops. */
export async function runAutoAnswer(
  deps: AutoAnswerDeps,
  accountId: string,
  payload: { messageId: string },
): Promise<void> {
  // Consent before anything reads the text (the complaint cues are content analysis too).
  if (!(await contentAnalysisConsented(deps, accountId, payload.messageId))) return;
  const first = await load(deps.uow.repos, deps.signals, accountId, payload.messageId);
  if (!first) return;
  const step = planAutoAnswer(first.facts);
  if (step.action === 'skip') return;

  // The search runs outside the transaction: it may build the account's index.
  let assessment: AnswerAssessment | undefined;
  let article: Article | undefined;
  if (step.action === 'assess') {
    assessment = await deps.answering.assess(accountId, first.message.text, { audience: 'customer' });
    if (assessment.decision !== 'answer' || !assessment.articleId) {
      // A new question instead of a yes/no: the earlier answer's outcome stays unknown.
      if (first.pending) await deps.uow.repos.autoAnswers.decide(accountId, first.pending.id, 'superseded');
      return;
    }
    article = await preferredTranslation(
      deps.uow.repos,
      accountId,
      assessment.articleId,
      first.conversation.language,
    );
    if (!article) return;
  }

  await deps.uow.transaction(async (repos) => {
    // Again inside the transaction: an agent may have replied or taken it over meanwhile.
    const loaded = await load(repos, deps.signals, accountId, payload.messageId);
    if (!loaded) return;
    const again = planAutoAnswer(loaded.facts);
    if (again.action !== step.action) return;
    const account = await repos.accounts.get(accountId);
    const noteLanguage: Language = account?.defaultLanguage ?? 'de';
    const { message, conversation, pending } = loaded;
    const at = deps.clock.now().toISOString();
    const events: NewEvent[] = [];
    const write = async (
      kind: Message['kind'],
      authorType: Message['authorType'],
      text: string,
      mail?: Awaited<ReturnType<typeof planOutboundMail>>,
    ): Promise<Message> => {
      const created = await repos.messages.create({
        accountId,
        inboxId: mail?.inboxId ?? conversation.inboxId,
        conversationId: conversation.id,
        direction: 'out',
        kind,
        authorType,
        authorId: null,
        text,
        externalId: mail?.externalId ?? null,
        attachments: [],
        ...(mail && { email: mail.email }),
        at,
      });
      events.push({
        type: 'message.created',
        inboxId: conversation.inboxId,
        conversationId: conversation.id,
        data: { message: created },
      });
      return created;
    };
    const updateConversation = async (changes: Parameters<Repositories['conversations']['update']>[2]) => {
      const changed = Object.keys(changes);
      if (changed.length === 0) return;
      const updated = await repos.conversations.update(accountId, conversation.id, changes);
      events.push({
        type: 'conversation.updated',
        inboxId: conversation.inboxId,
        conversationId: conversation.id,
        data: { conversation: updated, changes: changed },
      });
    };
    const texts = TEXTS[noteLanguage];

    switch (again.action) {
      case 'flag-complaint': {
        if (pending) await repos.autoAnswers.decide(accountId, pending.id, 'handed-over');
        await write('note', 'system', texts.complaint(again.cues.join(', ')));
        const raise: Priority[] = ['none', 'low', 'medium'];
        await updateConversation({
          ...(conversation.labels.includes('complaint')
            ? {}
            : { labels: [...conversation.labels, 'complaint'].sort() }),
          ...(raise.includes(conversation.priority) ? { priority: 'high' as const } : {}),
          ...(conversation.status !== 'open' ? { status: 'open' as const, snoozedUntil: null } : {}),
        });
        break;
      }
      case 'record-helpful': {
        if (!pending || !(await repos.autoAnswers.decide(accountId, pending.id, 'helpful'))) return;
        await recordOutcome(repos, pending, true, at);
        // "Ja, danke" needs no answer from a person: nobody waits.
        if (conversation.waitingSince !== null) await updateConversation({ waitingSince: null });
        break;
      }
      case 'handover': {
        if (again.reason === 'not-helpful' && pending) {
          if (!(await repos.autoAnswers.decide(accountId, pending.id, 'not-helpful'))) return;
          await recordOutcome(repos, pending, false, at);
          await write('note', 'system', texts.notHelpful(pending, quote(message.text)));
        } else {
          if (pending) await repos.autoAnswers.decide(accountId, pending.id, 'handed-over');
          await write('note', 'system', texts.askedForPerson);
        }
        // Open and waiting since the customer's reply, so it shows among those who wait.
        await updateConversation({
          ...(conversation.status !== 'open' ? { status: 'open' as const, snoozedUntil: null } : {}),
          ...(conversation.waitingSince === null ? { waitingSince: message.createdAt } : {}),
        });
        break;
      }
      case 'assess': {
        if (!assessment || !article) return;
        if (pending) await repos.autoAnswers.decide(accountId, pending.id, 'superseded');
        const language = languageOf(conversation, article.language);
        const customerTexts = TEXTS[language];
        const url = deps.helpArticleUrl(accountId, article.language, article.id);
        const text = [
          answerExcerpt(article.body) || article.title,
          `${customerTexts.more}: [${linkText(article.title)}](${url})`,
          customerTexts.helped,
        ].join('\n\n');
        // On an e-mail conversation the answer leaves as mail marked Auto-Submitted (RFC 3834).
        const mail = await planOutboundMail(repos, deps, conversation, { auto: true });
        const answer = await write('text', 'bot', text, mail);
        if (mail) await enqueueEmailSend(repos, answer);
        await repos.autoAnswers.create({
          accountId,
          conversationId: conversation.id,
          questionMessageId: message.id,
          question: message.text.slice(0, 2_000),
          answerMessageId: answer.id,
          articleId: article.id,
          articleTitle: article.title,
          probability: assessment.probability,
        });
        // The timeline says which article answered and how sure the engine was (never sent to the customer).
        await write('event', 'system', texts.answered(article.title, assessment.probability));
        // The bot answered: nobody waits until the customer writes again.
        if (conversation.waitingSince !== null) await updateConversation({ waitingSince: null });
        if (await repos.inboxes.getWebhook(accountId, conversation.inboxId)) {
          await repos.jobs.enqueue(accountId, {
            type: 'api.deliver-message',
            payload: { messageId: answer.id, inboxId: conversation.inboxId },
            idempotencyKey: `api.deliver-message:${answer.id}`,
          });
        }
        break;
      }
    }
    // A raised priority, or a wait the bot ended or handed back: the SLA timers follow (use-cases/sla.ts).
    const changed = [...events].reverse().find((event) => event.type === 'conversation.updated');
    if (changed?.type === 'conversation.updated') {
      await refreshSlaInto(repos, changed.data.conversation, new Date(at), events);
    }
    await repos.events.append(accountId, events);
  });
}

/**
 * Whether the customer allows their messages to be analysed automatically (the consent purpose
 * `content-analysis`; an account that does not configure it does not ask, so it is allowed). When
 * not, the conversation gets an internal note saying why nothing automatic happened, once for a run
 * of such messages (the newest system note already saying so is enough), so agents are not left
 * wondering. Read at run time: a withdrawal stops the very next message.
 */
async function contentAnalysisConsented(
  deps: AutoAnswerDeps,
  accountId: string,
  messageId: string,
): Promise<boolean> {
  const repos = deps.uow.repos;
  const message = await repos.messages.get(accountId, messageId);
  if (!message || message.direction !== 'in' || message.kind !== 'text') return true;
  const conversation = await repos.conversations.get(accountId, message.conversationId);
  if (!conversation) return true;
  const check = await consentGranted(
    repos,
    accountId,
    conversation.contactId,
    CONSENT_PURPOSE_KEYS.contentAnalysis,
  );
  if (consentAllows(check)) return true;
  await deps.uow.transaction(async (tx) => {
    const account = await tx.accounts.get(accountId);
    const note = TEXTS[account?.defaultLanguage ?? 'de'].noConsent;
    const recent = await tx.messages.listForConversation(accountId, conversation.id, {
      limit: 20,
      order: 'newest',
    });
    const said = recent.items.find((m) => m.kind === 'note' && m.authorType === 'system');
    const decided = check.status === 'not-granted' ? check.entry : undefined;
    // Said already for an earlier message (or by a retried job), and the consent has not changed since.
    if (said?.text === note && !(decided && decided.createdAt > said.createdAt)) return;
    const created = await tx.messages.create({
      accountId,
      inboxId: conversation.inboxId,
      conversationId: conversation.id,
      direction: 'out',
      kind: 'note',
      authorType: 'system',
      authorId: null,
      text: note,
      externalId: null,
      attachments: [],
      at: deps.clock.now().toISOString(),
    });
    await tx.events.append(accountId, [
      {
        type: 'message.created',
        inboxId: conversation.inboxId,
        conversationId: conversation.id,
        data: { message: created },
      },
    ]);
  });
  return false;
}

/** The customer's verdict becomes a vote on the article and a labelled pair to learn from. */
async function recordOutcome(
  repos: Repositories,
  record: AutoAnswerRecord,
  helpful: boolean,
  at: string,
): Promise<void> {
  await repos.knowledge.addFeedback({
    accountId: record.accountId,
    articleId: record.articleId,
    helpful,
    source: 'automatic-answer',
    query: record.question,
    createdAt: at,
  });
  await repos.trainingPairs.add({
    accountId: record.accountId,
    articleId: record.articleId,
    question: record.question,
    source: 'auto-answer',
    label: helpful ? 'positive' : 'negative',
  });
}

/** The public translation in the conversation's language when there is one, else the article found. */
async function preferredTranslation(
  repos: Repositories,
  accountId: string,
  articleId: string,
  language: Language | null,
): Promise<Article | undefined> {
  const found = await repos.knowledge.getArticle(accountId, articleId);
  if (!found || found.visibility !== 'public') return undefined;
  if (!language || found.language === language) return found;
  const translations = await repos.knowledge.listTranslations(accountId, found.translationGroup);
  return translations.find((a) => a.language === language && a.visibility === 'public') ?? found;
}

// ---- settings ----

export async function getAutomaticAnswerSettings(
  deps: UseCaseDeps,
  actor: Actor,
): Promise<AutomaticAnswerSettings> {
  authorize(actor, 'knowledge.manage');
  return deps.uow.repos.autoAnswers.getSettings(actor.accountId);
}

export async function updateAutomaticAnswerSettings(
  deps: UseCaseDeps & { answering?: KnowledgeAnswering },
  actor: Actor,
  settings: AutomaticAnswerSettings,
): Promise<AutomaticAnswerSettings> {
  authorize(actor, 'knowledge.manage');
  const { min, max } = PRECISION_TARGET_RANGE;
  if (!(settings.precisionTarget >= min && settings.precisionTarget <= max)) {
    throw new InvalidError('The precision target is out of range.', [
      { path: 'precisionTarget', message: `must be between ${min} and ${max}` },
    ]);
  }
  const saved = await deps.uow.repos.autoAnswers.setSettings(actor.accountId, settings);
  // The answer threshold follows the target: forget what was derived from the old one.
  deps.answering?.invalidate(actor.accountId);
  return saved;
}

// ---- agents' suggestions ----

export interface ConversationSuggestions {
  messageId: string | null;
  question: string;
  assessment: AnswerAssessment;
}

async function visibleConversation(repos: Repositories, actor: Actor, id: string): Promise<Conversation> {
  const conversation = await repos.conversations.get(actor.accountId, id);
  if (!conversation || !canSee(actor, conversation)) throw new NotFoundError('Conversation');
  authorize(actor, 'conversation.read', conversation, 'Conversation');
  return conversation;
}

/** Why there are no suggestions when the customer withdrew `content-analysis` (the agent app says so). */
export const NO_CONTENT_ANALYSIS_CONSENT = 'no-consent';

/**
 * The top articles (public and internal) for the conversation's newest customer text. Searching the
 * knowledge base with the customer's words analyses them, so it needs the contact's consent
 * `content-analysis` (when the account asks for it): without, the answer has no suggestions and the
 * reason `no-consent`, read at request time so a withdrawal counts at once.
 */
export async function suggestionsForConversation(
  deps: UseCaseDeps & { answering: KnowledgeAnswering },
  actor: Actor,
  conversationId: string,
): Promise<ConversationSuggestions> {
  const repos = deps.uow.repos;
  const conversation = await visibleConversation(repos, actor, conversationId);
  const history = await repos.messages.listForConversation(actor.accountId, conversation.id, {
    limit: HISTORY_LIMIT,
    order: 'newest',
  });
  const latest = history.items.find((m) => m.direction === 'in' && m.kind === 'text' && m.text.trim() !== '');
  if (!latest) {
    return {
      messageId: null,
      question: '',
      assessment: {
        decision: 'abstain',
        probability: 0,
        reason: 'no-question',
        articleId: null,
        suggestions: [],
      },
    };
  }
  const consent = await consentGranted(
    repos,
    actor.accountId,
    conversation.contactId,
    CONSENT_PURPOSE_KEYS.contentAnalysis,
  );
  if (!consentAllows(consent)) {
    return {
      messageId: latest.id,
      question: latest.text,
      assessment: {
        decision: 'abstain',
        probability: 0,
        reason: NO_CONTENT_ANALYSIS_CONSENT,
        articleId: null,
        suggestions: [],
      },
    };
  }
  const assessment = await deps.answering.assess(actor.accountId, latest.text, { audience: 'agent' });
  return {
    messageId: latest.id,
    question: latest.text,
    assessment: { ...assessment, suggestions: assessment.suggestions.slice(0, 3) },
  };
}

export const SUGGESTION_OUTCOMES = ['accepted', 'edited', 'rejected'] as const;
export type SuggestionOutcome = (typeof SUGGESTION_OUTCOMES)[number];

/**
 * An agent used (accepted, edited) or dismissed (rejected) a suggested article for a customer's
 * message: a labelled pair for the engine to learn from.
 */
export async function recordSuggestionFeedback(
  deps: UseCaseDeps,
  actor: Actor,
  conversationId: string,
  input: { messageId: string; articleId: string; outcome: SuggestionOutcome },
): Promise<void> {
  await deps.uow.transaction(async (repos) => {
    const conversation = await visibleConversation(repos, actor, conversationId);
    authorize(actor, 'conversation.reply', conversation, 'Conversation');
    const message = await repos.messages.get(actor.accountId, input.messageId);
    if (!message || message.conversationId !== conversation.id || message.direction !== 'in')
      throw new NotFoundError('Message');
    const article = await repos.knowledge.getArticle(actor.accountId, input.articleId);
    if (!article) throw new NotFoundError('Article');
    await repos.trainingPairs.add({
      accountId: actor.accountId,
      articleId: article.id,
      question: message.text.slice(0, 2_000),
      source: 'suggestion',
      label: input.outcome === 'rejected' ? 'negative' : 'positive',
    });
  });
}
