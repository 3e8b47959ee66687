/**
 * widget.js: embedded with `<script src="{server}/widget.js" data-inbox="{inboxId}" async></script>`.
 * Finds its own script tag (the server's address is where the script came from), renders the
 * launcher and the chat window into a shadow root on an element of its own, and defines nothing on
 * the page but `window.Sofortdesk`: identify(jwt), track(name, { value }), open(), close(), reset().
 * Calls queued on a `window.Sofortdesk = { q: [["identify", jwt], ["track", "cart", { value: 120 }]] }`
 * placed before the script loaded are run.
 */
import { render } from 'preact';
import { Chat, type StorageLike } from './chat.ts';
import { pickLanguage, STRINGS } from './i18n.ts';
import { ProactiveInvitations } from './proactive.ts';
import { CSS } from './styles.ts';
import { Widget } from './Widget.tsx';

export interface SofortdeskApi {
  identify(jwt: string): Promise<void>;
  /** Something the visitor did that proactive rules may wait for, e.g. track('cart', { value: 120 }). */
  track(name: string, properties?: { value?: number }): void;
  open(): void;
  close(): void;
  reset(): void;
  readonly version: string;
}

declare global {
  interface Window {
    Sofortdesk?: SofortdeskApi | { q?: unknown[][] };
  }
}

/** localStorage, or memory where the page may not use it (sandboxed frames, blocked storage). */
function storage(): StorageLike {
  try {
    const local = window.localStorage;
    const probe = 'sofortdesk:probe';
    local.setItem(probe, '1');
    local.removeItem(probe);
    return local;
  } catch {
    const memory = new Map<string, string>();
    return {
      getItem: (key) => memory.get(key) ?? null,
      setItem: (key, value) => void memory.set(key, value),
      removeItem: (key) => void memory.delete(key),
    };
  }
}

function randomId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Pages served over plain http have no randomUUID; the same 122 random bits, written as hex.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

function boot(script: HTMLScriptElement): void {
  const inboxId = script.dataset.inbox;
  if (!inboxId) {
    console.warn('Sofortdesk: the widget script needs data-inbox="<inbox id>".');
    return;
  }
  const base = new URL('.', script.src).href.replace(/\/$/, '');
  const languages = navigator.languages?.length ? navigator.languages : [navigator.language];
  const language = pickLanguage(script.dataset.language, languages);
  const chat = new Chat({
    base,
    inboxId,
    language,
    storage: storage(),
    fetch: (url, init) => fetch(url, init),
    createSocket: (url, protocols) => new WebSocket(url, protocols),
    online: () => navigator.onLine,
    randomId,
    visible: () => document.visibilityState === 'visible',
  });
  const proactive = new ProactiveInvitations({
    inboxId,
    storage: chat.storage,
    path: () => location.pathname + location.search,
    pageMs: () => performance.now(),
    now: () => Date.now(),
    fire: (rule) => {
      const text = rule.message[language] ?? rule.message[language === 'de' ? 'en' : 'de'];
      if (text) chat.invite(text);
    },
  });

  const host = document.createElement('sofortdesk-widget');
  host.setAttribute(
    'style',
    'all: initial !important; display: block !important; position: static !important; ' +
      'visibility: visible !important; opacity: 1 !important; transform: none !important;',
  );
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = CSS;
  const root = document.createElement('div');
  shadow.append(style, root);

  const queued = window.Sofortdesk && 'q' in window.Sofortdesk ? (window.Sofortdesk.q ?? []) : [];
  const api: SofortdeskApi = {
    identify: (jwt) => chat.identify(String(jwt)),
    track: (name, properties) => {
      const value = properties?.value;
      proactive.track(String(name), typeof value === 'number' && Number.isFinite(value) ? value : undefined);
    },
    open: () => chat.setOpen(true),
    close: () => chat.setOpen(false),
    reset: () => chat.reset(),
    version: '1',
  };
  window.Sofortdesk = Object.freeze(api);

  window.addEventListener('online', () => chat.wake());
  window.addEventListener('offline', () => chat.wentOffline());
  document.addEventListener('visibilitychange', () => chat.visibilityChanged());

  const mount = () => {
    document.body.append(host);
    render(<Widget chat={chat} language={language} strings={STRINGS[language]} />, root);
  };
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });

  for (const [method, ...args] of queued) {
    if (method === 'identify' && typeof args[0] === 'string') void api.identify(args[0]);
    else if (method === 'track' && typeof args[0] === 'string') {
      api.track(args[0], args[1] as { value?: number } | undefined);
    } else if (method === 'open' || method === 'close' || method === 'reset') api[method]();
  }

  let attempt = 0;
  const start = (): void => {
    chat.init().then(
      () => proactive.start(chat.state.inbox?.proactiveRules ?? []),
      (error: unknown) => {
        const status = (error as { status?: number }).status;
        if (status !== undefined && status < 500) {
          console.warn(`Sofortdesk: the chat widget is not available here (HTTP ${status}).`);
          return;
        }
        setTimeout(start, Math.min(60_000, 1000 * 2 ** attempt++));
      },
    );
  };
  start();
}

const current = document.currentScript;
const script =
  current instanceof HTMLScriptElement && current.dataset.inbox !== undefined
    ? current
    : document.querySelector<HTMLScriptElement>('script[data-inbox][src*="widget.js"]');
const existing = window.Sofortdesk;
if (existing && 'version' in existing) {
  // Loaded twice: the first one stays.
} else if (script) {
  boot(script);
} else {
  console.warn('Sofortdesk: widget.js did not find its <script data-inbox> tag.');
}
