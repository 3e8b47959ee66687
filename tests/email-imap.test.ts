/**
 * IMAP end to end: an e-mail inbox with IMAP settings, created through the API, is fetched by the
 * server's worker from a real dovecot; a restart of the server fetches only what is new.
 */
import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '@sofortdesk/testing';
import {
  dovecotProblem,
  startDovecot,
  type Dovecot,
} from '../packages/channels/src/email/dovecot.test-support.ts';
import { api, startTestServer, type TestServer } from './support/server.ts';

const SECRET_KEY = randomBytes(32).toString('base64');

const mail = (subject: string, from: string) =>
  Buffer.from(
    [
      `From: Kundin <${from}>`,
      'To: service@shop.example',
      `Subject: ${subject}`,
      `Message-ID: <${randomBytes(8).toString('hex')}@kunde.example>`,
      `Date: ${new Date().toUTCString()}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      `${subject}: bitte melden Sie sich bei mir.`,
      '',
    ].join('\r\n'),
  );

describe.skipIf(dovecotProblem !== undefined)(
  `e-mail inbox fetching from IMAP${dovecotProblem ? ` (skipped: ${dovecotProblem})` : ''}`,
  () => {
    let dovecot: Dovecot;
    beforeAll(async () => {
      dovecot = await startDovecot();
    }, 30_000);
    afterAll(async () => {
      await dovecot?.stop();
    });

    async function appendTo(mailbox: string, raw: Buffer): Promise<void> {
      const client = new ImapFlow({
        host: '127.0.0.1',
        port: dovecot.port,
        secure: false,
        auth: { user: dovecot.user, pass: dovecot.password },
        logger: false,
      });
      await client.connect();
      try {
        await client.mailboxCreate(mailbox).catch(() => undefined);
        await client.append(mailbox, raw);
      } finally {
        await client.logout();
      }
    }

    describeEachDatabase('worker', (database) => {
      let t: TestServer;
      let inboxId: string;
      const mailbox = `Shop-${database.kind}`;
      const env = { SOFORTDESK_SECRET_KEY: SECRET_KEY, SOFORTDESK_IMAP_POLL_SECONDS: '1' };

      beforeAll(async () => {
        t = await startTestServer(database, env);
        const created = await api(t.url, t.a.adminToken, 'POST', '/api/v1/inboxes', {
          name: 'Postfach',
          channel: 'email',
          address: `service-${database.kind}-${randomBytes(3).toString('hex')}@shop.example.test`,
          imap: {
            host: '127.0.0.1',
            port: dovecot.port,
            secure: false,
            user: dovecot.user,
            password: dovecot.password,
            mailbox,
          },
        });
        expect(created.status).toBe(201);
        expect(JSON.stringify(created.body)).not.toContain(dovecot.password);
        inboxId = created.body.id;
      }, 30_000);
      afterAll(async () => {
        await t?.close();
        await database.drop();
      });

      const subjectsStored = async () => {
        const page = await api(
          t.url,
          t.a.adminToken,
          'GET',
          `/api/v1/conversations?inboxId=${inboxId}&limit=100`,
        );
        const texts: string[] = [];
        for (const conversation of page.body.items as { id: string }[]) {
          const messages = await api(
            t.url,
            t.a.adminToken,
            'GET',
            `/api/v1/conversations/${conversation.id}/messages`,
          );
          for (const message of messages.body.items as { text: string; direction: string }[]) {
            if (message.direction === 'in') texts.push(message.text);
          }
        }
        return texts.sort();
      };

      async function waitFor(count: number): Promise<string[]> {
        const deadline = Date.now() + 20_000;
        for (;;) {
          const stored = await subjectsStored();
          if (stored.length >= count || Date.now() > deadline) return stored;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }

      it('stores mail that arrives in the mailbox, and after a restart only new mail, once each', async () => {
        await appendTo(mailbox, mail('Erste Anfrage', 'erika@kunde.example'));
        expect(await waitFor(1)).toEqual([expect.stringContaining('Erste Anfrage')]);

        await t.close();
        await appendTo(mailbox, mail('Zweite Anfrage', 'max@kunde.example'));
        t = { ...(await startTestServer(database, env)), a: t.a, b: t.b };
        const stored = await waitFor(2);
        expect(stored).toEqual([
          expect.stringContaining('Erste Anfrage'),
          expect.stringContaining('Zweite Anfrage'),
        ]);
        // Polls and IDLE wake-ups later, still each mail once.
        await new Promise((resolve) => setTimeout(resolve, 2500));
        expect(await subjectsStored()).toHaveLength(2);
        // The restart went on from the saved cursor (the Message-ID would hide a refetch).
        expect(await t.server.useCases.uow.repos.imapCursors.get(t.a.accountId, inboxId)).toMatchObject({
          lastUid: 2,
        });
      }, 60_000);
    });
  },
);
