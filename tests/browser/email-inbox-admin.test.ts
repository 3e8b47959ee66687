/**
 * The admin area makes an e-mail inbox in Debian's Chromium: address, sender name and IMAP settings
 * with a password, which the server keeps encrypted and the page never shows again. A reply that
 * bounced shows as not delivered in the conversation.
 */
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { emailExternalId, ingestInboundMail } from '@sofortdesk/domain';
import { DEMO_LOGINS } from '@sofortdesk/server';
import { createTestDatabase } from '@sofortdesk/testing';
import { ensureAgentBuilt } from '../../apps/agent/bin/build.ts';
import { api, startTestServer, type TestServer } from '../support/server.ts';
import { launchChromium } from './chromium.ts';

const database = createTestDatabase('sqlite');
const admin = DEMO_LOGINS.find((login) => login.role === 'admin')!;

let t: TestServer;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  await ensureAgentBuilt({ quiet: true });
  t = await startTestServer(database, {
    SOFORTDESK_DEMO: 'on',
    SOFORTDESK_LOGIN_RATE_LIMIT: '1000',
    SOFORTDESK_SMTP_PORT: '0',
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await t?.close();
  await database.drop();
});

it('lets an admin make an e-mail inbox with IMAP settings (password never shown again); agents see a bounce', async () => {
  context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${t.url}/admin/inboxes`);
  await page.getByLabel('E-Mail').fill(admin.email);
  await page.getByLabel('Passwort', { exact: true }).fill(admin.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('heading', { name: 'Posteingänge', level: 1 }).waitFor();

  const form = page.getByRole('form', { name: 'Neuer Posteingang' });
  await form.getByLabel('Name').fill('Kundenservice Mail');
  await form.getByLabel('Kanal').selectOption('email');
  await form.getByLabel('E-Mail-Adresse').fill('Service@Shop.example.test');
  await form.getByLabel('Absendername').fill('Shop Kundenservice');
  await form.getByLabel('Von einem bestehenden Postfach abholen (IMAP)').check();
  await form.getByLabel('IMAP-Server').fill('imap.shop.example.test');
  await form.getByLabel('Benutzername').fill('service');
  await form.getByLabel('Passwort', { exact: true }).fill('imap-geheim-123');
  await form.getByRole('button', { name: 'Anlegen' }).click();

  await page.getByRole('heading', { name: /Posteingang Kundenservice Mail/ }).waitFor();
  expect(await page.getByTestId('inbox-email-address').textContent()).toBe('service@shop.example.test');
  await page.getByText('Abholung per IMAP von service auf imap.shop.example.test:993').waitFor();
  expect(await page.content()).not.toContain('imap-geheim-123');

  const inboxId = new URL(page.url()).pathname.split('/').at(-1)!;
  const user = (await t.server.useCases.uow.repos.users.findForLogin(admin.email))!;
  const token = (
    await t.server.auth.createApiToken(
      { userId: user.id, accountId: user.accountId, role: 'admin', inboxIds: [] },
      'browser test',
    )
  ).token;
  const inbox = await api(t.url, token, 'GET', `/api/v1/inboxes/${inboxId}`);
  expect(inbox.body).toMatchObject({
    channel: 'email',
    email: { address: 'service@shop.example.test', senderName: 'Shop Kundenservice' },
  });
  expect(errors).toEqual([]);

  // A mail in that inbox, our reply, and a bounce about the reply: the agent sees it undelivered.
  const mail = await ingestInboundMail(t.server.useCases, {
    accountId: user.accountId,
    inboxId,
    messageId: '<frage-1@kundin.example.test>',
    from: { address: 'erika@kundin.example.test', name: 'Erika Muster' },
    subject: 'Lieferung',
    text: 'Wo bleibt meine Lieferung?',
    email: {
      html: null,
      quoted: '',
      signature: '',
      automated: null,
      rawKey: null,
      skippedAttachments: [],
      remoteImagesBlocked: 0,
    },
    attachments: [],
    referencedMessageIds: [],
    verifiedThread: () => undefined,
    bounce: undefined,
  });
  const repos = t.server.useCases.uow.repos;
  const reply = await repos.messages.create({
    accountId: user.accountId,
    inboxId,
    conversationId: mail.conversationId,
    direction: 'out',
    kind: 'text',
    authorType: 'user',
    authorId: user.id,
    text: 'Sie ist unterwegs.',
    externalId: emailExternalId('out', '<antwort-1@shop.example.test>'),
    attachments: [],
    at: new Date().toISOString(),
  });
  await repos.messages.setDelivery(user.accountId, reply.id, {
    status: 'failed',
    detail: '5.1.1 User unknown',
    at: new Date().toISOString(),
  });
  await page.goto(`${t.url}/conversations/${mail.conversationId}`);
  const marker = page.locator(`[data-message-id="${reply.id}"] [data-undelivered]`);
  await marker.waitFor();
  expect(await marker.textContent()).toBe('nicht zugestellt');
  expect(await marker.getAttribute('title')).toBe('5.1.1 User unknown');
  expect(errors).toEqual([]);
});

it("shows an e-mail's sanitised HTML in a sandbox and offers the original for download", async () => {
  const transport = createTransport({
    host: '127.0.0.1',
    port: t.server.smtpPort!,
    secure: false,
    ignoreTLS: true,
  });
  const sent = await transport.sendMail({
    from: '"Max Kunde" <max@kunde.example.test>',
    to: 'service@shop.example.test',
    subject: 'Rechnung',
    text: 'Die Rechnung stimmt nicht.',
    html: '<p>Die Rechnung stimmt <b>nicht</b>.</p><script>window.__mail = 1</script>',
  });
  transport.close();
  const repos = t.server.useCases.uow.repos;
  const inbox = (await repos.inboxes.findByEmailAddress('service@shop.example.test'))!;
  const message = (await repos.messages.findByExternalId(
    inbox.accountId,
    inbox.id,
    emailExternalId('in', sent.messageId),
  ))!;
  const page = context!.pages()[0]!;
  await page.goto(`${t.url}/conversations/${message.conversationId}`);
  const links = page.locator(`[data-message-id="${message.id}"] .message__mail`);
  await links.getByRole('link', { name: 'HTML-Ansicht' }).waitFor();
  const [view] = await Promise.all([
    context!.waitForEvent('page'),
    links.getByRole('link', { name: 'HTML-Ansicht' }).click(),
  ]);
  await view.waitForLoadState();
  expect(await view.locator('b').textContent()).toBe('nicht');
  expect(await view.evaluate('window.__mail')).toBeUndefined();
  await view.close();
  const raw = await page.request.get(
    `${t.url}${await links.getByRole('link', { name: 'Original-Mail (.eml)' }).getAttribute('href')}`,
  );
  expect(raw.status()).toBe(200);
  expect((await raw.text()).includes('Subject: Rechnung')).toBe(true);
});
