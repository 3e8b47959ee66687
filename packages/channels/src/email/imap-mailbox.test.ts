import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dovecotProblem, startDovecot, type Dovecot } from './dovecot.test-support.ts';
import { ImapMailbox, type ImapCursor, type ImapCursorStore, type ImapSettings } from './imap-mailbox.ts';

class MemoryCursor implements ImapCursorStore {
  cursor: ImapCursor | null = null;
  load() {
    return Promise.resolve(this.cursor);
  }
  save(cursor: ImapCursor) {
    this.cursor = cursor;
    return Promise.resolve();
  }
}

const mail = (subject: string, body = 'Hallo, meine Bestellung ist nicht angekommen.') =>
  Buffer.from(
    [
      'From: Erika Mustermann <erika@kunde.example>',
      'To: service@shop.example',
      `Subject: ${subject}`,
      `Message-ID: <${subject.replace(/\W/g, '')}.${Date.now()}@kunde.example>`,
      'Date: Mon, 23 Nov 2026 10:00:00 +0100',
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '',
    ].join('\r\n'),
  );

const subjectOf = (raw: Buffer) => /^Subject: (.*)$/m.exec(raw.toString('utf8'))?.[1]?.trim();

describe.skipIf(dovecotProblem !== undefined)(
  `IMAP mailbox against dovecot${dovecotProblem ? ` (skipped: ${dovecotProblem})` : ''}`,
  () => {
    let dovecot: Dovecot;
    let settings: ImapSettings;
    let mailbox = 'INBOX';
    let boxCounter = 0;

    beforeAll(async () => {
      dovecot = await startDovecot();
    }, 30_000);
    afterAll(async () => {
      await dovecot?.stop();
    });

    // Each test gets a mailbox of its own, so UIDs and counts start fresh.
    beforeEach(async () => {
      mailbox = `Test${++boxCounter}`;
      settings = {
        host: '127.0.0.1',
        port: dovecot.port,
        secure: false,
        user: dovecot.user,
        password: dovecot.password,
        mailbox,
      };
      await withClient((client) => client.mailboxCreate(mailbox));
    });

    async function withClient<T>(fn: (client: ImapFlow) => Promise<T>): Promise<T> {
      const client = new ImapFlow({
        host: '127.0.0.1',
        port: dovecot.port,
        secure: false,
        auth: { user: dovecot.user, pass: dovecot.password },
        logger: false,
      });
      await client.connect();
      try {
        return await fn(client);
      } finally {
        await client.logout();
      }
    }

    const append = (subjects: string[], date?: Date) =>
      withClient(async (client) => {
        for (const subject of subjects) await client.append(mailbox, mail(subject), [], date);
      });

    function collecting() {
      const subjects: string[] = [];
      const sink = (raw: Buffer) => {
        subjects.push(subjectOf(raw) ?? '?');
        return Promise.resolve();
      };
      return { subjects, sink };
    }

    it('fetches every message once, in order, and after a restart only what is new', async () => {
      await append(['Eins', 'Zwei', 'Drei']);
      const cursors = new MemoryCursor();
      const first = collecting();
      const result = await new ImapMailbox(settings, cursors, first.sink).syncOnce();
      expect(result).toMatchObject({ delivered: 3, skipped: 0, uidValidityChanged: false });
      expect(first.subjects).toEqual(['Eins', 'Zwei', 'Drei']);
      expect(cursors.cursor?.lastUid).toBe(3);

      await append(['Vier', 'Fünf']);
      // A new instance with the saved cursor: the process restarted.
      const second = collecting();
      await new ImapMailbox(settings, cursors, second.sink).syncOnce();
      expect(second.subjects).toEqual(['Vier', 'Fünf']);
      const third = collecting();
      await new ImapMailbox(settings, cursors, third.sink).syncOnce();
      expect(third.subjects).toEqual([]);
      // The company's mailbox is left as it was.
      const status = await withClient((c) => c.status(mailbox, { messages: true }));
      expect(status && status.messages).toBe(5);
    });

    it('keeps the cursor before a message the sink could not store, and fetches it again next time', async () => {
      await append(['A', 'B', 'C']);
      const cursors = new MemoryCursor();
      const seen: string[] = [];
      let failOnce = true;
      const sink = (raw: Buffer) => {
        const subject = subjectOf(raw)!;
        if (subject === 'B' && failOnce) {
          failOnce = false;
          return Promise.reject(new Error('database unavailable'));
        }
        seen.push(subject);
        return Promise.resolve();
      };
      await expect(new ImapMailbox(settings, cursors, sink).syncOnce()).rejects.toThrow(
        'database unavailable',
      );
      expect(seen).toEqual(['A']);
      expect(cursors.cursor?.lastUid).toBe(1);
      await new ImapMailbox(settings, cursors, sink).syncOnce();
      expect(seen).toEqual(['A', 'B', 'C']);
    });

    it('fetches the recent window again when the server renumbered the mailbox (UIDVALIDITY changed)', async () => {
      await append(['Alt', 'Neu']);
      const cursors = new MemoryCursor();
      cursors.cursor = { uidValidity: '1', lastUid: 99 };
      const got = collecting();
      const result = await new ImapMailbox(settings, cursors, got.sink).syncOnce();
      expect(result.uidValidityChanged).toBe(true);
      expect(got.subjects).toEqual(['Alt', 'Neu']);
      expect(cursors.cursor.uidValidity).not.toBe('1');
      expect(cursors.cursor.lastUid).toBe(2);
    });

    it('starts with the recent days on a first sync and leaves older mail alone', async () => {
      const now = new Date();
      await append(['Vor einem Monat'], new Date(now.getTime() - 30 * 86_400_000));
      await append(['Gestern'], new Date(now.getTime() - 86_400_000));
      const cursors = new MemoryCursor();
      const got = collecting();
      await new ImapMailbox(settings, cursors, got.sink, { initialDays: 7 }).syncOnce();
      expect(got.subjects).toEqual(['Gestern']);
      expect(cursors.cursor?.lastUid).toBe(2);
    });

    it('skips a message above the size limit, says so, and goes on', async () => {
      await withClient(async (client) => {
        await client.append(mailbox, mail('Riesig', 'x'.repeat(20_000)));
        await client.append(mailbox, mail('Klein'));
      });
      const skipped: string[] = [];
      const got = collecting();
      const cursors = new MemoryCursor();
      const result = await new ImapMailbox(settings, cursors, got.sink, {
        maxMessageBytes: 10_000,
        onSkipped: (uid, reason) => skipped.push(`${uid}: ${reason}`),
      }).syncOnce();
      expect(result).toMatchObject({ delivered: 1, skipped: 1 });
      expect(got.subjects).toEqual(['Klein']);
      expect(skipped).toEqual([expect.stringMatching(/^1: larger than 10000 bytes/)]);
      expect(cursors.cursor?.lastUid).toBe(2);
    });

    it('hears of new mail while watching (IDLE), long before its poll', async () => {
      const got = collecting();
      const errors: unknown[] = [];
      const watcher = new ImapMailbox(settings, new MemoryCursor(), got.sink, {
        pollMs: 60_000,
        onError: (error) => errors.push(error),
      });
      watcher.watch();
      try {
        await new Promise((resolve) => setTimeout(resolve, 1500)); // connected and idling
        await append(['Während IDLE']);
        const deadline = Date.now() + 10_000;
        while (got.subjects.length === 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(got.subjects).toEqual(['Während IDLE']);
        expect(errors).toEqual([]);
      } finally {
        await watcher.stop();
      }
    });

    it('fails with the server’s reason for wrong credentials', async () => {
      const wrong = new ImapMailbox({ ...settings, password: 'wrong' }, new MemoryCursor(), () =>
        Promise.resolve(),
      );
      await expect(wrong.syncOnce()).rejects.toMatchObject({ authenticationFailed: true });
    });
  },
);
