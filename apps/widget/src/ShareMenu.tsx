/**
 * "Teilen" / "Share": the visitor shares one data item for this conversation only (issue 7): where
 * they are (the browser asks them), an order or contract number, a photo, or their device. Before
 * anything leaves, the panel shows exactly what will be shared and for how long; afterwards the
 * items of this conversation are listed with their end, each with a button to take it back.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Chat } from './chat.ts';
import type { Language } from './i18n.ts';

type Kind = 'location' | 'order-number' | 'contract-number' | 'photo' | 'device';
type Duration = '1h' | '24h' | '7d';

interface Shared {
  id: string;
  kind: Kind;
  status: 'active' | 'ended';
  expiresAt: string;
}

const TEXT = {
  de: {
    share: 'Teilen',
    heading: 'Nur für diesen Fall teilen',
    kinds: {
      location: 'Standort',
      'order-number': 'Bestellnummer',
      'contract-number': 'Vertragsnummer',
      photo: 'Foto',
      device: 'Gerätedaten',
    },
    first: 'Schreiben Sie zuerst eine Nachricht, dann können Sie für dieses Gespräch etwas teilen.',
    locating: 'Ihr Browser fragt nach Ihrem Standort …',
    noLocation: 'Der Standort ist nicht verfügbar oder wurde nicht freigegeben.',
    number: 'Nummer',
    file: 'Bild auswählen',
    what: 'Das wird geteilt:',
    accuracy: (m: number) => `auf ${m} m genau`,
    how: 'Wie lange?',
    durations: { '1h': '1 Stunde', '24h': '24 Stunden', '7d': '7 Tage' },
    note: 'Nur das Team in diesem Gespräch kann es ansehen; jeder Blick wird protokolliert. Es wird gelöscht, wenn der Fall abgeschlossen ist oder die Zeit abläuft.',
    confirm: 'Jetzt teilen',
    cancel: 'Abbrechen',
    failed: 'Das Teilen hat nicht geklappt. Bitte versuchen Sie es noch einmal.',
    sharedList: 'Für diesen Fall geteilt',
    until: (time: string) => `bis ${time}`,
    ended: 'gelöscht',
    revoke: 'Zurücknehmen',
  },
  en: {
    share: 'Share',
    heading: 'Share for this case only',
    kinds: {
      location: 'Location',
      'order-number': 'Order number',
      'contract-number': 'Contract number',
      photo: 'Photo',
      device: 'Device data',
    },
    first: 'Write a message first, then you can share something for this conversation.',
    locating: 'Your browser is asking for your location …',
    noLocation: 'Your location is not available or was not allowed.',
    number: 'Number',
    file: 'Choose a picture',
    what: 'This will be shared:',
    accuracy: (m: number) => `accurate to ${m} m`,
    how: 'For how long?',
    durations: { '1h': '1 hour', '24h': '24 hours', '7d': '7 days' },
    note: 'Only the team in this conversation can see it, and every look is logged. It is deleted when the case is closed or the time runs out.',
    confirm: 'Share now',
    cancel: 'Cancel',
    failed: 'Sharing did not work. Please try again.',
    sharedList: 'Shared for this case',
    until: (time: string) => `until ${time}`,
    ended: 'deleted',
    revoke: 'Take back',
  },
};

/** What the confirm step shows and sends: the request body, and its preview in words. */
interface Draft {
  kind: Kind;
  body: Record<string, unknown> | null;
  preview: string;
  file?: File;
}

const ShareIcon = () => (
  <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
    <path
      fill="currentColor"
      d="M12 2a7 7 0 0 1 7 7c0 5.2-7 13-7 13S5 14.2 5 9a7 7 0 0 1 7-7Zm0 4.5A2.5 2.5 0 1 0 12 11.5 2.5 2.5 0 0 0 12 6.5Z"
    />
  </svg>
);

export function ShareButton({
  language,
  open,
  onToggle,
}: {
  language: Language;
  open: boolean;
  onToggle: () => void;
}) {
  return (
    <button
      type="button"
      class="share-toggle"
      aria-label={TEXT[language].share}
      title={TEXT[language].share}
      aria-expanded={open}
      aria-controls="sofortdesk-share"
      onClick={onToggle}
    >
      <ShareIcon />
    </button>
  );
}

export function ShareMenu({
  chat,
  language,
  open,
  onClose,
}: {
  chat: Chat;
  language: Language;
  open: boolean;
  onClose: () => void;
}) {
  const t = TEXT[language];
  const conversationId = chat.currentConversation();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [duration, setDuration] = useState<Duration>('24h');
  const [number, setNumber] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [shared, setShared] = useState<Shared[]>([]);
  const base = conversationId ? `/conversations/${encodeURIComponent(conversationId)}/shares` : null;

  // Only while the menu is open: a closed menu asks nothing (a verified customer's latest conversation
  // may be one of another channel, whose shares this widget does not reach).
  const refresh = () => {
    if (!base || !open) return;
    chat.visitorCall<{ items: Shared[] }>(base).then(
      (list) => setShared(list.items),
      () => undefined,
    );
  };
  useEffect(refresh, [base, open]);

  const reset = () => {
    setDraft(null);
    setStatus(null);
    setNumber('');
  };

  const choose = (kind: Kind) => {
    setStatus(null);
    if (kind === 'location') {
      setStatus(t.locating);
      navigator.geolocation.getCurrentPosition(
        ({ coords }) => {
          setStatus(null);
          const accuracy = Math.round(coords.accuracy);
          setDraft({
            kind,
            body: { kind, latitude: coords.latitude, longitude: coords.longitude, accuracy },
            preview: `${coords.latitude.toFixed(5)}, ${coords.longitude.toFixed(5)} (${t.accuracy(accuracy)})`,
          });
        },
        () => setStatus(t.noLocation),
        { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
      );
    } else if (kind === 'device') {
      const screenSize = `${window.screen.width}x${window.screen.height}`;
      setDraft({
        kind,
        body: {
          kind,
          userAgent: navigator.userAgent.slice(0, 512),
          screen: screenSize,
          language: navigator.language,
        },
        preview: `${navigator.userAgent} · ${screenSize} · ${navigator.language}`,
      });
    } else {
      // Numbers and photos are entered in the confirm step.
      setDraft({ kind, body: null, preview: '' });
    }
  };

  const send = async (event: Event) => {
    event.preventDefault();
    if (!draft || !base) return;
    setBusy(true);
    setStatus(null);
    try {
      let body = draft.body;
      if (draft.kind === 'order-number' || draft.kind === 'contract-number')
        body = { kind: draft.kind, number };
      if (draft.kind === 'photo' && draft.file) {
        const name = encodeURIComponent(draft.file.name || 'photo');
        const upload = await chat.visitorCall<{ key: string }>(`/attachments?filename=${name}`, {
          body: draft.file,
        });
        body = { kind: 'photo', attachmentKey: upload.key };
      }
      if (!body) return;
      await chat.visitorCall(base, { json: { ...body, duration } });
      reset();
      refresh();
      onClose();
    } catch {
      setStatus(t.failed);
    } finally {
      setBusy(false);
    }
  };

  const revoke = (id: string) => {
    if (!base) return;
    chat.visitorCall(`${base}/${encodeURIComponent(id)}/revoke`, { json: {} }).then(refresh, refresh);
  };

  const time = (iso: string) =>
    new Date(iso).toLocaleString(language, { weekday: 'short', hour: 'numeric', minute: '2-digit' });
  const needsInput = draft && (draft.kind === 'order-number' || draft.kind === 'contract-number');
  const ready =
    draft &&
    (draft.body !== null || (needsInput && number.trim() !== '') || (draft.kind === 'photo' && draft.file));

  return (
    <>
      {shared.length > 0 && (
        <ul class="shared" aria-label={t.sharedList}>
          {shared.map((item) => (
            <li key={item.id} data-status={item.status}>
              <span>
                {t.kinds[item.kind]} · {item.status === 'active' ? t.until(time(item.expiresAt)) : t.ended}
              </span>
              {item.status === 'active' && (
                <button type="button" onClick={() => revoke(item.id)}>
                  {t.revoke}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {open && (
        <div class="share" id="sofortdesk-share" role="group" aria-label={t.heading}>
          <p class="share__heading">{t.heading}</p>
          {!conversationId ? (
            <p>{t.first}</p>
          ) : !draft ? (
            <div class="share__kinds">
              {(Object.keys(t.kinds) as Kind[]).map((kind) => (
                <button type="button" key={kind} data-kind={kind} onClick={() => choose(kind)}>
                  {t.kinds[kind]}
                </button>
              ))}
            </div>
          ) : (
            <form class="share__confirm" onSubmit={(event) => void send(event)}>
              <p class="share__what">
                {t.what} <strong>{t.kinds[draft.kind]}</strong>
                {draft.preview && <span class="share__preview">{draft.preview}</span>}
              </p>
              {needsInput && (
                <input
                  aria-label={t.number}
                  placeholder={t.number}
                  maxLength={64}
                  value={number}
                  onInput={(event) => setNumber(event.currentTarget.value)}
                />
              )}
              {draft.kind === 'photo' && (
                <input
                  type="file"
                  accept="image/png,image/jpeg,image/gif,image/webp"
                  aria-label={t.file}
                  onChange={(event) => {
                    const file = event.currentTarget.files?.[0];
                    if (file) setDraft({ ...draft, file, preview: file.name });
                  }}
                />
              )}
              <fieldset class="share__durations">
                <legend>{t.how}</legend>
                {(['1h', '24h', '7d'] as const).map((choice) => (
                  <label key={choice}>
                    <input
                      type="radio"
                      name="sofortdesk-share-duration"
                      checked={duration === choice}
                      onChange={() => setDuration(choice)}
                    />
                    {t.durations[choice]}
                  </label>
                ))}
              </fieldset>
              <p class="share__note">{t.note}</p>
              <div class="share__actions">
                <button type="submit" class="start" disabled={!ready || busy}>
                  {t.confirm}
                </button>
                <button type="button" class="share__cancel" onClick={reset}>
                  {t.cancel}
                </button>
              </div>
            </form>
          )}
          {status && (
            <p class="share__status" role="status">
              {status}
            </p>
          )}
        </div>
      )}
    </>
  );
}
