/** The widget's outbox without a browser: offline messages wait, and every retry sends the same id. */
import { describe, expect, it } from 'vitest';
import { Chat, subjectOf, type ChatEnvironment } from './chat.ts';
import { pickLanguage } from './i18n.ts';

const INBOX = {
  inboxId: 'inbox-1',
  name: 'Shop',
  language: 'de',
  greeting: { de: 'Hallo', en: null },
  preChatForm: false,
  proactiveRules: [],
  availability: null,
};

function environment() {
  const store = new Map<string, string>();
  const posted: { id: string; text: string }[] = [];
  const state = { online: true, failNext: 0, ids: 0 };
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const env: ChatEnvironment = {
    base: 'https://desk.example',
    inboxId: 'inbox-1',
    language: 'de',
    storage: {
      getItem: (key) => store.get(key) ?? null,
      setItem: (key, value) => void store.set(key, value),
      removeItem: (key) => void store.delete(key),
    },
    fetch: (url, init) => {
      if (!state.online) return Promise.reject(new TypeError('offline'));
      if (url.endsWith('/sessions')) {
        return Promise.resolve(
          json(
            {
              token: 'sdv_1',
              sessionId: 's',
              verified: false,
              expiresAt: '2999-01-01T00:00:00Z',
              contact: {},
              widget: INBOX,
            },
            201,
          ),
        );
      }
      if (url.endsWith('/messages') && init.method === 'POST') {
        const body = JSON.parse(init.body as string) as { id: string; text: string };
        posted.push(body);
        if (state.failNext > 0) {
          state.failNext--;
          return Promise.reject(new TypeError('connection reset'));
        }
        return Promise.resolve(
          json(
            {
              id: `m-${body.id}`,
              conversationId: 'c',
              direction: 'in',
              authorType: 'contact',
              text: body.text,
              attachments: [],
              clientMessageId: body.id,
              createdAt: new Date().toISOString(),
            },
            201,
          ),
        );
      }
      return Promise.resolve(
        json(url.includes('/messages') ? { items: [], nextCursor: null, readMarks: [] } : INBOX),
      );
    },
    createSocket: () => ({ onmessage: null, onclose: null, close: () => undefined }),
    online: () => state.online,
    randomId: () => `id-${++state.ids}`,
  };
  return { env, store, posted, state };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the widget chat', () => {
  it('queues what is written offline and sends it once, with its own id, when back online', async () => {
    const { env, store, posted, state } = environment();
    const chat = new Chat(env);
    await chat.init();
    state.online = false;
    chat.send('  Hallo offline  ');
    await settle();
    expect(posted).toEqual([]);
    expect(chat.state.messages.map((m) => [m.text, m.state])).toEqual([['Hallo offline', 'pending']]);
    expect(store.get('sofortdesk:inbox-1:outbox')).toContain('id-1');

    // A reload while offline: the outbox is still there, and shown.
    chat.stop();
    const reloaded = new Chat(env);
    expect(reloaded.state.messages.map((m) => m.state)).toEqual(['pending']);

    state.online = true;
    state.failNext = 1; // the first attempt is lost on the way back
    reloaded.wake();
    await settle();
    reloaded.wake();
    await settle();
    expect(posted.map((p) => p.id)).toEqual(['id-1', 'id-1']);
    expect(reloaded.state.messages.map((m) => [m.text, m.state])).toEqual([['Hallo offline', 'sent']]);
    expect(store.has('sofortdesk:inbox-1:outbox')).toBe(false);
    expect(JSON.parse(store.get('sofortdesk:inbox-1:session')!)).toMatchObject({ token: 'sdv_1' });
    reloaded.stop();
  });

  it('picks German or English and reads the customer id of an identity token', () => {
    expect(pickLanguage(undefined, ['de-AT', 'en'])).toBe('de');
    expect(pickLanguage('en', ['de-DE'])).toBe('en');
    expect(pickLanguage(undefined, ['fr-FR'])).toBe('en');
    const payload = btoa(JSON.stringify({ sub: 'kunde-42' })).replace(/=+$/, '');
    expect(subjectOf(`x.${payload}.y`)).toBe('kunde-42');
    expect(subjectOf('garbage')).toBeUndefined();
  });
});

describe('article suggestions while typing', () => {
  function suggestingChat(respond: (query: string) => Promise<Response>) {
    const asked: string[] = [];
    const env: ChatEnvironment = {
      base: 'https://desk.example',
      inboxId: 'inbox-1',
      language: 'en',
      storage: { getItem: () => null, setItem: () => undefined, removeItem: () => undefined },
      fetch: (url) => {
        const query = new URL(url).searchParams.get('q') ?? '';
        asked.push(`${new URL(url).pathname}?${new URL(url).searchParams.toString()}`);
        return respond(query);
      },
      // Suggestions need neither a session nor a socket.
      createSocket: () => {
        throw new Error('no socket in this test');
      },
      online: () => true,
      randomId: () => 'id',
    };
    const chat = new Chat(env);
    return { chat, asked };
  }
  const found = (...titles: string[]) =>
    Promise.resolve(
      new Response(
        JSON.stringify({
          items: titles.map((title, i) => ({
            id: `a${i}`,
            title,
            language: 'en',
            url: `https://desk.example/help/x/en/articles/a${i}`,
          })),
        }),
        { headers: { 'content-type': 'application/json' } },
      ),
    );
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('asks once the visitor pauses, with the latest draft only, and shows the articles', async () => {
    const { chat, asked } = suggestingChat((q) => found(`About ${q}`));
    chat.suggest('Whe');
    chat.suggest('When does');
    chat.suggest('When does my parcel arrive');
    await pause(600);
    expect(asked).toEqual(['/api/v1/widget/inbox-1/suggestions?q=When+does+my+parcel+arrive&language=en']);
    expect(chat.state.suggestions).toEqual([
      {
        id: 'a0',
        title: 'About When does my parcel arrive',
        language: 'en',
        url: 'https://desk.example/help/x/en/articles/a0',
      },
    ]);
    chat.stop();
  });

  it('asks nothing for short drafts, clears on sending, and ignores answers to older drafts', async () => {
    let release: (() => void) | undefined;
    const { chat, asked } = suggestingChat((q) =>
      q.startsWith('slow')
        ? new Promise<Response>((resolve) => (release = () => void resolve(found('Old'))) as never)
        : found('New'),
    );
    chat.suggest('ab');
    await pause(500);
    expect(asked).toEqual([]);
    chat.suggest('slow question');
    await pause(500);
    chat.suggest('new question');
    await pause(500);
    release?.();
    await pause(50);
    expect(chat.state.suggestions.map((s) => s.title)).toEqual(['New']);
    chat.suggest('');
    expect(chat.state.suggestions).toEqual([]);
    chat.stop();
  });

  it('shows none when the server fails or sends a link that is not http(s)', async () => {
    const { chat } = suggestingChat(() =>
      Promise.resolve(
        new Response(
          JSON.stringify({ items: [{ id: 'x', title: 'x', language: 'en', url: 'javascript:alert(1)' }] }),
          {
            headers: { 'content-type': 'application/json' },
          },
        ),
      ),
    );
    chat.suggest('a real question');
    await pause(500);
    expect(chat.state.suggestions).toEqual([]);
    const failing = suggestingChat(() => Promise.resolve(new Response('no', { status: 500 })));
    failing.chat.suggest('a real question');
    await pause(500);
    expect(failing.chat.state.suggestions).toEqual([]);
    chat.stop();
    failing.chat.stop();
  });
});

describe('the privacy link', () => {
  it('shows for a verified customer only, and asks the server for a one-time link with the visitor token', async () => {
    const { env } = environment();
    const calls: { url: string; init: RequestInit }[] = [];
    let verified = false;
    const fetch = env.fetch;
    env.fetch = (url, init) => {
      calls.push({ url, init });
      if (url.endsWith('/sessions')) {
        return Promise.resolve(
          new Response(
            JSON.stringify({
              token: verified ? 'sdv_verified' : 'sdv_anon',
              sessionId: 's',
              verified,
              expiresAt: '2999-01-01T00:00:00Z',
              contact: { email: verified ? 'kunde@example.test' : null },
              widget: INBOX,
            }),
            { status: 201, headers: { 'content-type': 'application/json' } },
          ),
        );
      }
      if (url.endsWith('/privacy-link')) {
        return Promise.resolve(
          new Response(
            JSON.stringify({ url: 'https://desk.example/privacy/a/login?token=t', expiresAt: '' }),
            {
              status: 201,
              headers: { 'content-type': 'application/json' },
            },
          ),
        );
      }
      return fetch(url, init);
    };
    const chat = new Chat(env);
    await chat.init();
    chat.setOpen(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(chat.state.verified).toBe(false);

    verified = true;
    await chat.identify('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJrdW5kZS0xIn0.sig');
    expect(chat.state.verified).toBe(true);
    expect(await chat.privacyLink()).toBe('https://desk.example/privacy/a/login?token=t');
    const asked = calls.find((c) => c.url.endsWith('/privacy-link'))!;
    expect(asked.init.method).toBe('POST');
    expect((asked.init.headers as Record<string, string>).authorization).toBe('Bearer sdv_verified');
    expect(JSON.parse(asked.init.body as string)).toEqual({ language: 'de' });

    chat.reset();
    expect(chat.state.verified).toBe(false);
    chat.stop();
  });
});
