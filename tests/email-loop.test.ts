/**
 * Two Sofortdesk installations whose support mailboxes write to each other, both answering
 * automatically: each one's relay is the other's SMTP listener. A question from B's address to A
 * gets A's automatic answer (Auto-Submitted: auto-replied); B stores it as automated mail and does not
 * answer it, though B's knowledge base would. At most one automatic reply each, then silence.
 */
import { randomBytes } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Message } from '@sofortdesk/domain';
import { createTestDatabase } from '@sofortdesk/testing';
import { freePort } from '../bench/lib/server-process.ts';
import { api, startTestServer, type TestServer } from './support/server.ts';

const dbA = createTestDatabase('sqlite');
const dbB = createTestDatabase('sqlite');
const A = 'service@shop-a.example.test';
const B = 'service@shop-b.example.test';
let a: TestServer;
let b: TestServer;

async function prepare(t: TestServer, address: string): Promise<string> {
  const admin = (method: string, path: string, body?: unknown) =>
    api(t.url, t.a.adminToken, method, path, body);
  expect(
    (await admin('PUT', '/api/v1/settings/automatic-answers', { enabled: true, precisionTarget: 0.95 }))
      .status,
  ).toBe(200);
  const inbox = await admin('POST', '/api/v1/inboxes', { name: 'Service', channel: 'email', address });
  expect(inbox.status).toBe(201);
  const collection = await admin('POST', '/api/v1/knowledge/collections', { name: 'Konto' });
  // Both knowledge bases know the question and the words of the other's answer.
  for (const [title, body, alternatives] of [
    [
      'Wie ändere ich mein Passwort?',
      'Öffnen Sie **Einstellungen → Sicherheit** und wählen Sie „Passwort ändern“.',
      ['Passwort vergessen', 'Kennwort zurücksetzen', 'Passwort ändern Einstellungen Sicherheit'],
    ],
    ['Wie storniere ich meine Buchung?', 'Unter **Meine Buchungen → Stornieren**.', ['Buchung absagen']],
    [
      'Wo finde ich meine Rechnung?',
      'Im Kundenkonto unter **Dokumente** als PDF.',
      ['Rechnung herunterladen'],
    ],
  ] as const) {
    const article = await admin('POST', '/api/v1/knowledge/articles', {
      collectionId: collection.body.id,
      language: 'de',
      title,
      body,
      alternativeQuestions: alternatives,
      tags: [],
      visibility: 'public',
    });
    expect(article.status).toBe(201);
  }
  return inbox.body.id as string;
}

const messagesOf = async (t: TestServer): Promise<Message[]> => {
  const repos = t.server.useCases.uow.repos;
  const all: Message[] = [];
  for (const conversation of (await repos.conversations.list(t.a.accountId, { limit: 50 })).items) {
    all.push(
      ...(await repos.messages.listForConversation(t.a.accountId, conversation.id, { limit: 50 })).items,
    );
  }
  return all;
};

beforeAll(async () => {
  const [portA, portB] = [await freePort(), await freePort()];
  const key = () => randomBytes(32).toString('base64');
  a = await startTestServer(dbA, {
    SOFORTDESK_SMTP_PORT: String(portA),
    SOFORTDESK_SMTP_RELAY: `smtp://127.0.0.1:${portB}`,
    SOFORTDESK_SECRET_KEY: key(),
  });
  b = await startTestServer(dbB, {
    SOFORTDESK_SMTP_PORT: String(portB),
    SOFORTDESK_SMTP_RELAY: `smtp://127.0.0.1:${portA}`,
    SOFORTDESK_SECRET_KEY: key(),
  });
  await prepare(a, A);
  await prepare(b, B);
}, 60_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await dbA.drop();
  await dbB.drop();
});

it('answers once and then stays silent: no mail loop between two automatic responders', async () => {
  const transport = createTransport({
    host: '127.0.0.1',
    port: a.server.smtpPort!,
    secure: false,
    ignoreTLS: true,
  });
  await transport.sendMail({
    from: B,
    to: A,
    subject: 'Passwort',
    text: 'Wie kann ich mein Passwort ändern?',
  });
  transport.close();

  // A answers automatically, the answer travels to B and is stored there as automated mail.
  const deadline = Date.now() + 20_000;
  let atB: Message[] = [];
  while (Date.now() < deadline) {
    atB = (await messagesOf(b)).filter((m) => m.direction === 'in');
    if (atB.length > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(atB).toHaveLength(1);
  expect(atB[0]!.email?.automated).toMatch(/auto-replied/i);

  // Time for any answer of B (and an answer to that) to travel: none comes.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const botA = (await messagesOf(a)).filter((m) => m.authorType === 'bot');
  const botB = (await messagesOf(b)).filter((m) => m.authorType === 'bot');
  expect(botA).toHaveLength(1);
  expect(botB).toHaveLength(0);
  expect((await messagesOf(a)).filter((m) => m.direction === 'in')).toHaveLength(1);
  expect((await messagesOf(b)).filter((m) => m.direction === 'in')).toHaveLength(1);
}, 60_000);
