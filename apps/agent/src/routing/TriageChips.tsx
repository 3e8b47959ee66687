/**
 * The newest customer message's triage on the open conversation, as small chips: language,
 * sentiment (with anger and urgency), intent, complexity; or why there is nothing to show (no
 * consent to content analysis, an empty or unreadable message). Loaded again when the conversation
 * changes or a customer message arrives (then until its triage job has run).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationTriage, RoutingApi } from './api.ts';

/** How often and how long to ask again while the newest customer message waits for its triage job. */
const RETRY_MS = 1000;
const RETRIES = 8;

export function TriageChips({
  api,
  conversation,
  newestCustomerMessageId,
}: {
  api: RoutingApi;
  /** A new object whenever the conversation changed (routing changes it): the signals may be new. */
  conversation: { id: string };
  /** The job triages each customer message shortly after it arrives: asked again until it has. */
  newestCustomerMessageId: string | null;
}) {
  const { t } = useTranslation();
  const [triage, setTriage] = useState<ConversationTriage | null>(null);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = (attempt: number) => {
      api.triage(conversation.id).then(
        (result) => {
          if (cancelled) return;
          setTriage(result.triage);
          const pending =
            newestCustomerMessageId !== null && result.triage?.messageId !== newestCustomerMessageId;
          if (pending && attempt < RETRIES) timer = setTimeout(() => load(attempt + 1), RETRY_MS);
        },
        // The chips are a hint: without them the conversation works as before.
        () => !cancelled && setTriage(null),
      );
    };
    load(0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, conversation, newestCustomerMessageId]);

  if (!triage) return null;
  const chips: { key: string; text: string; tone?: string }[] = [
    { key: 'language', text: t('triage.language', { language: t(`languages.${triage.language}`) }) },
  ];
  if (triage.unreadable) chips.push({ key: 'unreadable', text: t(`triage.unreadable.${triage.unreadable}`) });
  if (triage.analysed && !triage.unreadable) {
    if (triage.sentiment) {
      chips.push({
        key: 'sentiment',
        text: t(`triage.sentiment.${triage.sentiment}`),
        tone: triage.sentiment,
      });
    }
    if (triage.anger) chips.push({ key: 'anger', text: t('triage.anger'), tone: 'alert' });
    if (triage.urgency) chips.push({ key: 'urgency', text: t('triage.urgency'), tone: 'alert' });
    chips.push({
      key: 'intent',
      text: triage.intent ? t('triage.intent', { intent: triage.intent }) : t('triage.noIntent'),
    });
    if (triage.complexity !== null) {
      chips.push({
        key: 'complexity',
        text: t('triage.complexity', { score: Math.round(triage.complexity * 100) }),
      });
    }
  }
  return (
    <div className="triage-chips" role="group" aria-label={t('triage.label')} data-triage={triage.messageId}>
      {chips.map((chip) => (
        <span
          key={chip.key}
          className={`triage-chip${chip.tone ? ` triage-chip--${chip.tone}` : ''}`}
          data-chip={chip.key}
          title={chip.key === 'complexity' ? triage.complexityReasons.join(', ') : undefined}
        >
          {chip.text}
        </span>
      ))}
      {!triage.analysed && (
        <span className="triage-chips__note" data-chip="no-consent">
          {t('triage.noConsent')}
        </span>
      )}
    </div>
  );
}
