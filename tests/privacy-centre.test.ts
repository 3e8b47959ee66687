/**
 * The customer's privacy centre against a real server and a recording SMTP relay, on both databases:
 * a link asked for by e-mail arrives by mail (the same answer, and no mail, for an unknown address),
 * logs in once (a second use and an expired link are refused), the customer toggles a consent (a
 * ledger entry with channel privacy-centre and the proof), downloads their own data (nothing of
 * another contact, no note), asks for erasure (the contact is erased, the session ends); a POST
 * without the CSRF field is refused; a verified widget visitor gets a signed-in link, an anonymous
 * one does not.
 */
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ContactExport } from '@sofortdesk/domain';
import { describeEachDatabase } from '@sofortdesk/testing';
import { call } from './support/http.ts';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.ts';
import { startTestServer, type TestServer } from './support/server.ts';

const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a', 'hex'),
  Buffer.from(`png-${randomBytes(8).toString('hex')}`),
]);

/** A browser without script: a cookie jar, forms posted as application/x-www-form-urlencoded. */
class FormBrowser {
  readonly cookies = new Map<string, string>();
  lastSetCookies: string[] = [];
  constructor(private readonly base: string) {}

  async request(
    path: string,
    init: { method?: string; form?: Record<string, string>; origin?: string } = {},
  ) {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    if (init.origin) headers.origin = init.origin;
    let body: string | undefined;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const response = await fetch(this.base + path, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    });
    this.lastSetCookies = response.headers.getSetCookie();
    for (const line of this.lastSetCookies) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return { status: response.status, text: await response.text(), headers: response.headers };
  }

  /** Opens a page and answers the CSRF field its forms carry. */
  async csrf(path: string): Promise<string> {
    const page = await this.request(path);
    const field = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1];
    expect(field, page.text).toBeDefined();
    return field!;
  }
}

describeEachDatabase('privacy centre (customer login by link, consents, download, erasure)', (database) => {
  let t: TestServer;
  let sink: SmtpSink;
  let apiInboxId: string;
  let centre: string;
  let sequence = 0;
  const unique = (prefix: string) => `${prefix}-${Date.now()}-${++sequence}`;

  const as = (token: string, method: string, p: string, json?: unknown) =>
    call(t.url, p, { method, token, ...(json !== undefined && { json }) });

  async function inbound(contact: Record<string, string>, text: string) {
    const result = await as(t.a.adminToken, 'POST', `/api/v1/inboxes/${apiInboxId}/messages`, {
      externalId: unique('ext'),
      contact,
      text,
    });
    expect(result.status, result.text).toBe(201);
    return result.body as { messageId: string; conversationId: string; contactId: string };
  }

  /** A customer with a conversation, an agent reply with a file, and an internal note. */
  async function customer(name: string) {
    const email = `${unique(name.toLowerCase())}@kunde.example.test`;
    const created = await inbound({ identifier: unique('id'), name, email }, `Frage von ${name}`);
    return { ...created, email, name };
  }

  async function mailTo(address: string) {
    for (let i = 0; i < 400; i++) {
      const mail = sink.mails.find((m) => m.envelope.rcptTo.includes(address));
      if (mail) return mail;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`no mail to ${address}`);
  }

  const linkIn = (text: string) => {
    const url = /https?:\/\/\S+\/privacy\/\S+\/login\?token=\S+/.exec(text)?.[0];
    expect(url, text).toBeDefined();
    return new URL(url!);
  };

  /** Asks for a link as a fresh browser and follows it to a signed-in session. */
  async function signIn(email: string) {
    const browser = new FormBrowser(t.url);
    const asked = await browser.request(`${centre}/login-link?lang=de`, {
      form: { email, csrf: await browser.csrf(`${centre}?lang=de`) },
    });
    expect(asked.status).toBe(303);
    const link = linkIn((await mailTo(email)).parsed.text ?? '');
    const page = await browser.request(link.pathname + link.search);
    expect(page.status, page.text).toBe(200);
    const token = link.searchParams.get('token')!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const used = await browser.request(`${centre}/login?lang=de`, { form: { token, csrf } });
    expect(used.status, used.text).toBe(303);
    return { browser, link, token };
  }

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestServer(database, { SOFORTDESK_SMTP_RELAY: sink.url });
    const inbox = await as(t.a.adminToken, 'POST', '/api/v1/inboxes', { name: 'App', channel: 'api' });
    expect(inbox.status, inbox.text).toBe(201);
    apiInboxId = inbox.body.id;
    const purpose = await as(t.a.adminToken, 'POST', '/api/v1/consent-purposes', {
      key: 'marketing',
      texts: {
        de: { title: 'Angebote per E-Mail', text: 'Wir schreiben Ihnen zu neuen Angeboten.' },
        en: { title: 'Offers by e-mail', text: 'We write to you about new offers.' },
      },
    });
    expect(purpose.status, purpose.text).toBe(201);
    const location = await as(t.a.adminToken, 'POST', '/api/v1/consent-purposes', {
      key: 'location',
      perCase: true,
      texts: {
        de: { title: 'Standort für einen Fall', text: 'Ihr Standort, nur für diesen Fall.' },
        en: { title: 'Location for a case', text: 'Your location, for this case only.' },
      },
    });
    expect(location.status, location.text).toBe(201);
    centre = `/privacy/${t.a.accountId}`;
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
    await database.drop();
  });

  it('answers an unknown address exactly like a known one, and mails only the known one', async () => {
    const known = await customer('Klara');
    const stranger = `${unique('nobody')}@example.test`;
    const browser = new FormBrowser(t.url);
    const csrf = await browser.csrf(`${centre}?lang=de`);
    const forUnknown = await browser.request(`${centre}/login-link?lang=de`, {
      form: { email: stranger, csrf },
    });
    const forKnown = await browser.request(`${centre}/login-link?lang=de`, {
      form: { email: known.email.toUpperCase(), csrf },
    });
    expect([forUnknown.status, forUnknown.headers.get('location'), forUnknown.text]).toEqual([
      forKnown.status,
      forKnown.headers.get('location'),
      forKnown.text,
    ]);
    expect(forKnown.status).toBe(303);
    const sentPage = await browser.request(forKnown.headers.get('location')!);
    expect(sentPage.text).toContain('Wenn wir diese Adresse kennen');

    const mail = await mailTo(known.email);
    expect(mail.parsed.subject).toContain('Datenschutz-Center');
    expect(mail.raw).toMatch(/Auto-Submitted: auto-generated/i);
    const link = linkIn(mail.parsed.text ?? '');
    // The link is not in the database: only its hash.
    const rows = await t.server.connection.db.selectFrom('privacy_logins').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(link.searchParams.get('token'));
    expect(JSON.stringify(rows)).not.toContain(known.email);
    // Nothing went to the stranger, and the help centre's pages link to the centre.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.mails.some((m) => m.envelope.rcptTo.includes(stranger))).toBe(false);
    const help = await fetch(`${t.url}/help/${t.a.accountId}/de`);
    expect(await help.text()).toContain(`href="/privacy/${t.a.accountId}?lang=de"`);
  });

  it('logs in by the link exactly once; a used or expired link is refused', async () => {
    const ida = await customer('Ida');
    const { browser, link, token } = await signIn(ida.email);
    const cookie = browser.lastSetCookies.find((c) => c.startsWith('sd_privacy='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(new RegExp(`Path=/privacy/${t.a.accountId}`));
    const home = await browser.request(`${centre}?lang=de`);
    expect(home.text).toContain('Guten Tag, Ida');
    expect(home.text).toContain('Angebote per E-Mail');

    // Again, from another browser: refused, both opening and using it.
    const thief = new FormBrowser(t.url);
    const reopened = await thief.request(link.pathname + link.search);
    expect(reopened.status).toBe(410);
    const csrf =
      /name="csrf" value="([^"]+)"/.exec(reopened.text)?.[1] ?? (await thief.csrf(`${centre}?lang=de`));
    const reused = await thief.request(`${centre}/login?lang=de`, { form: { token, csrf } });
    expect(reused.status).toBe(410);
    expect(thief.cookies.has('sd_privacy')).toBe(false);

    // An expired link (its 15 minutes over) is refused too.
    const late = new FormBrowser(t.url);
    await late.request(`${centre}/login-link?lang=en`, {
      form: { email: ida.email, csrf: await late.csrf(`${centre}?lang=en`) },
    });
    const second = await (async () => {
      for (let i = 0; i < 400; i++) {
        const mails = sink.mails.filter((m) => m.envelope.rcptTo.includes(ida.email));
        if (mails.length >= 2) return mails[1]!;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error('no second mail');
    })();
    expect(second.parsed.subject).toContain('privacy centre');
    await t.server.connection.db
      .updateTable('privacy_logins')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('account_id', '=', t.a.accountId)
      .where('used_at', 'is', null)
      .execute();
    const expired = linkIn(second.parsed.text ?? '');
    expect((await late.request(expired.pathname + expired.search)).status).toBe(410);
    const lateCsrf = await late.csrf(`${centre}?lang=en`);
    const usedLate = await late.request(`${centre}/login?lang=en`, {
      form: { token: expired.searchParams.get('token')!, csrf: lateCsrf },
    });
    expect(usedLate.status).toBe(410);
  });

  it('toggles a consent into the ledger (channel privacy-centre, with the proof); refuses a POST without CSRF', async () => {
    const ben = await customer('Ben');
    const { browser } = await signIn(ben.email);
    const csrf = await browser.csrf(`${centre}?lang=de`);
    const form = { purposeKey: 'marketing', purposeVersion: '1', granted: 'yes' };

    // Without the CSRF field, with a field of another browser's cookie, or from another origin: refused.
    expect((await browser.request(`${centre}/consents?lang=de`, { form })).status).toBe(403);
    const other = new FormBrowser(t.url);
    const foreignField = await other.csrf(`${centre}?lang=de`);
    expect(
      (await browser.request(`${centre}/consents?lang=de`, { form: { ...form, csrf: foreignField } })).status,
    ).toBe(403);
    expect(
      (
        await browser.request(`${centre}/consents?lang=de`, {
          form: { ...form, csrf },
          origin: 'https://evil.example',
        })
      ).status,
    ).toBe(403);
    const none = await as(t.a.adminToken, 'GET', `/api/v1/contacts/${ben.contactId}/consents`);
    expect(none.body.history).toEqual([]);

    const given = await browser.request(`${centre}/consents?lang=de`, { form: { ...form, csrf } });
    expect(given.status).toBe(303);
    expect(given.headers.get('location')).toContain('saved');
    const ledger = await as(t.a.adminToken, 'GET', `/api/v1/contacts/${ben.contactId}/consents`);
    expect(ledger.status, ledger.text).toBe(200);
    expect(ledger.body.history).toEqual([
      expect.objectContaining({
        purposeKey: 'marketing',
        granted: true,
        channel: 'privacy-centre',
        recordedBy: expect.objectContaining({ kind: 'contact', userId: null }),
        how: 'contact via one-time link',
      }),
    ]);
    const page = await browser.request(`${centre}?lang=de&saved`);
    expect(page.text).toContain('data-state="granted"');
    expect(page.text).toContain('im Datenschutz-Center');

    // A per-case purpose is given with what is shared, for that case only: not here, for all cases.
    const perCase = await browser.request(`${centre}/consents?lang=de`, {
      form: { purposeKey: 'location', purposeVersion: '1', granted: 'yes', csrf },
    });
    expect(perCase.status).toBe(400);
    expect(page.text).toContain('Fragen wir bei jedem Fall einzeln');
    expect(/data-purpose="location"[\s\S]*?<\/li>/.exec(page.text)?.[0]).not.toContain('<form');

    // Withdrawing is the same one click.
    await browser.request(`${centre}/consents?lang=de`, { form: { ...form, granted: 'no', csrf } });
    const after = await as(t.a.adminToken, 'GET', `/api/v1/contacts/${ben.contactId}/consents`);
    expect((after.body.history as { granted: boolean }[]).map((e) => e.granted)).toEqual([true, false]);
    expect(after.body.current).toContainEqual(expect.objectContaining({ state: 'withdrawn' }));
  });

  it('downloads the own data with files, without notes and without another contact', async () => {
    const eva = await customer('Eva');
    const otto = await customer('Otto');
    const upload = await call(
      t.url,
      `/api/v1/conversations/${eva.conversationId}/attachments?filename=beleg.png`,
      {
        token: t.a.adminToken,
        raw: PNG,
        contentType: 'application/octet-stream',
      },
    );
    expect(upload.status, upload.text).toBe(201);
    expect(
      (
        await as(t.a.adminToken, 'POST', `/api/v1/conversations/${eva.conversationId}/messages`, {
          text: 'Hier ist Ihr Beleg',
          attachments: [upload.body.key],
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await as(t.a.adminToken, 'POST', `/api/v1/conversations/${eva.conversationId}/messages`, {
          text: 'GEHEIM: interne Notiz',
          kind: 'note',
        })
      ).status,
    ).toBe(201);

    const { browser } = await signIn(eva.email);
    const download = await browser.request(`${centre}/export?lang=de`, {
      form: { csrf: await browser.csrf(`${centre}?lang=de`) },
    });
    expect(download.status, download.text).toBe(200);
    expect(download.headers.get('content-type')).toContain('application/json');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="my-data-.+\.json"$/);
    const doc = JSON.parse(download.text) as ContactExport;
    expect(doc.contact).toMatchObject({ id: eva.contactId, name: 'Eva', email: eva.email });
    const messages = doc.conversations.flatMap((c) => c.messages);
    expect(messages.map((m) => m.text)).toEqual(['Frage von Eva', 'Hier ist Ihr Beleg']);
    expect(Buffer.from(messages[1]!.attachments[0]!.base64!, 'base64').equals(PNG)).toBe(true);
    for (const foreign of ['GEHEIM', 'Otto', otto.contactId, otto.email, t.a.admin.email, t.a.admin.id]) {
      expect(download.text, foreign).not.toContain(foreign);
    }
    // A download without the CSRF field is refused.
    expect((await browser.request(`${centre}/export?lang=de`, { form: {} })).status).toBe(403);
  });

  it('asks for erasure after a confirmation step; the contact is erased and the session ends', async () => {
    const udo = await customer('Udo');
    const { browser } = await signIn(udo.email);
    const confirm = await browser.request(`${centre}/erase?lang=de`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Wirklich alle Daten löschen?');
    const csrf = /name="csrf" value="([^"]+)"/.exec(confirm.text)![1]!;
    // Without the ticked box: back to the confirmation, nothing happens.
    const unticked = await browser.request(`${centre}/erase?lang=de`, { form: { csrf } });
    expect(unticked.status).toBe(303);
    expect((await as(t.a.adminToken, 'GET', `/api/v1/contacts/${udo.contactId}`)).status).toBe(200);

    const erased = await browser.request(`${centre}/erase?lang=de`, { form: { csrf, confirm: 'yes' } });
    expect(erased.status, erased.text).toBe(200);
    expect(erased.text).toContain('Ihre Löschung ist beantragt');
    expect(browser.cookies.has('sd_privacy')).toBe(false);
    const receiptId = /<code>([^<]+)<\/code>/.exec(erased.text)![1]!;
    for (let i = 0; ; i++) {
      const receipt = await as(t.a.adminToken, 'GET', `/api/v1/privacy/erasures/${receiptId}`);
      if (receipt.body?.status === 'completed') break;
      if (i > 300) throw new Error(`erasure not completed: ${receipt.text}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await as(t.a.adminToken, 'GET', `/api/v1/contacts/${udo.contactId}`)).status).toBe(404);
    expect((await as(t.a.adminToken, 'GET', `/api/v1/conversations/${udo.conversationId}`)).status).toBe(404);
    // The old session cookie, replayed, opens nothing.
    const replay = new FormBrowser(t.url);
    const home = await replay.request(`${centre}?lang=de`);
    expect(home.text).toContain('Link senden');
  });

  it('gives a verified widget visitor a signed-in link, and an anonymous one none', async () => {
    const created = await as(t.a.adminToken, 'POST', '/api/v1/inboxes', {
      name: 'Website',
      channel: 'webchat',
      language: 'de',
      allowedOrigins: ['https://shop.example'],
    });
    expect(created.status, created.text).toBe(201);
    const inboxId = created.body.id as string;
    const widget = (path: string, options: Parameters<typeof call>[2] = {}) =>
      call(t.url, `/api/v1/widget/${inboxId}${path}`, options);

    const anonymous = await widget('/sessions', { json: {} });
    expect(anonymous.status).toBe(201);
    const refused = await widget('/privacy-link', { token: anonymous.body.token, json: {} });
    expect(refused.status, refused.text).toBe(403);
    expect((await widget('/privacy-link', { json: {} })).status).toBe(401);

    const email = `${unique('vera')}@kunde.example.test`;
    const identity = await new SignJWT({ sub: unique('cust'), email, name: 'Vera Verified' })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience(inboxId)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(created.body.identitySecret as string));
    const verified = await widget('/sessions', { json: { identity } });
    expect(verified.status, verified.text).toBe(201);
    const minted = await widget('/privacy-link', { token: verified.body.token, json: { language: 'en' } });
    expect(minted.status, minted.text).toBe(201);
    const url = new URL(minted.body.url as string);
    expect(url.pathname).toBe(`/privacy/${t.a.accountId}/login`);

    // The widget's link signs in at once (no confirmation page), and only once.
    const browser = new FormBrowser(t.url);
    const opened = await browser.request(url.pathname + url.search);
    expect(opened.status).toBe(303);
    const home = await browser.request(opened.headers.get('location')!);
    expect(home.text).toContain('Hello, Vera Verified');
    expect(home.text).toContain('with your customer account in the chat');
    expect((await new FormBrowser(t.url).request(url.pathname + url.search)).status).toBe(410);

    // Consents given here name the widget identity as the proof.
    const csrf = /name="csrf" value="([^"]+)"/.exec(home.text)![1]!;
    await browser.request(`${centre}/consents?lang=en`, {
      form: { purposeKey: 'marketing', purposeVersion: '1', granted: 'yes', csrf },
    });
    const contactId = (await t.server.useCases.uow.repos.contacts.findByIdentity(
      t.a.accountId,
      'email',
      email,
    ))!.id;
    const ledger = await as(t.a.adminToken, 'GET', `/api/v1/contacts/${contactId}/consents`);
    expect(ledger.body.history[0]).toMatchObject({
      channel: 'privacy-centre',
      how: 'via verified widget identity',
    });
  });

  it("does not open another account's centre with a session or link of this one", async () => {
    const kai = await customer('Kai');
    const { browser } = await signIn(kai.email);
    const foreign = await browser.request(`/privacy/${t.b.accountId}?lang=de`);
    expect(foreign.status).toBe(200);
    expect(foreign.text).not.toContain('Kai');
    expect(foreign.text).toContain('Link senden');
    expect((await browser.request(`/privacy/no-such-account`)).status).toBe(404);
  });

  // Last: it uses up this address's budget of the minute.
  it('mails at most 3 links per address in 15 minutes, and throttles asking per network address', async () => {
    const zoe = await customer('Zoe');
    const browser = new FormBrowser(t.url);
    const csrf = await browser.csrf(`${centre}?lang=de`);
    const statuses: number[] = [];
    // The same answer each time until the network address is throttled (20 a minute), then 429.
    while (statuses.length < 25 && statuses.at(-1) !== 429) {
      statuses.push(
        (await browser.request(`${centre}/login-link?lang=de`, { form: { email: zoe.email, csrf } })).status,
      );
    }
    expect(statuses.filter((s) => s === 303).length).toBeGreaterThanOrEqual(5);
    expect(statuses.at(-1)).toBe(429);
    await mailTo(zoe.email);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sink.mails.filter((m) => m.envelope.rcptTo.includes(zoe.email))).toHaveLength(3);
  });
});
