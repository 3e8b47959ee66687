/**
 * Fetching the IMAP mailboxes of e-mail inboxes (worker role): one watcher per inbox with IMAP settings
 * (channels/email/imap-mailbox.ts), its cursor in the database, each mail handed to receiveMail like
 * one from the SMTP listener. The list of inboxes is read again every poll period, so an inbox created
 * or changed in the admin screens is picked up without a restart.
 */
import { ImapMailbox, MailRejectedError, receiveMail, type MailReceiverDeps } from '@sofortdesk/channels';
import { readEmailInboxSecrets, type Inbox } from '@sofortdesk/domain';
import { MAIL_SIZE_LIMIT_BYTES } from './email.ts';
import type { Logger } from './logger.ts';

interface Running {
  /** The settings it was started with: a change restarts it. */
  stamp: string;
  mailbox: ImapMailbox;
}

export class ImapFetchers {
  private readonly running = new Map<string, Running>();
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly deps: MailReceiverDeps,
    private readonly logger: Logger,
    private readonly pollMs: number,
  ) {}

  start(): void {
    this.refreshing = this.refresh();
    this.timer = setInterval(() => {
      this.refreshing ??= this.refresh();
    }, this.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.refreshing;
    await Promise.all([...this.running.values()].map(({ mailbox }) => mailbox.stop()));
    this.running.clear();
  }

  private async refresh(): Promise<void> {
    try {
      const inboxes = await this.deps.uow.repos.inboxes.listWithImap();
      const wanted = new Set<string>();
      for (const inbox of inboxes) {
        if (this.stopped) return;
        wanted.add(inbox.id);
        const secrets = await readEmailInboxSecrets(this.deps, inbox.accountId, inbox.id);
        const stamp = JSON.stringify([inbox.email?.imap, secrets.imapPassword]);
        const current = this.running.get(inbox.id);
        if (current?.stamp === stamp) continue;
        await current?.mailbox.stop();
        this.running.delete(inbox.id);
        if (!secrets.imapPassword) {
          this.logger.warn({ inboxId: inbox.id }, 'IMAP settings without a password: not fetching');
          continue;
        }
        const mailbox = this.watcher(inbox, secrets.imapPassword);
        this.running.set(inbox.id, { stamp, mailbox });
        mailbox.watch();
      }
      for (const [id, { mailbox }] of this.running) {
        if (!wanted.has(id)) {
          await mailbox.stop();
          this.running.delete(id);
        }
      }
    } catch (error) {
      this.logger.error({ err: error }, 'IMAP: reading the inboxes failed');
    } finally {
      this.refreshing = undefined;
    }
  }

  private watcher(inbox: Inbox, password: string): ImapMailbox {
    const imap = inbox.email!.imap!;
    const { accountId, id: inboxId } = inbox;
    const log = this.logger.child({ inboxId, host: imap.host, mailbox: imap.mailbox });
    return new ImapMailbox(
      { ...imap, password },
      {
        load: async () => (await this.deps.uow.repos.imapCursors.get(accountId, inboxId)) ?? null,
        save: (cursor) => this.deps.uow.repos.imapCursors.save(accountId, inboxId, cursor),
      },
      async (raw, origin) => {
        try {
          const received = await receiveMail(this.deps, raw, {
            mailFrom: null,
            rcptTo: [inbox.email!.address],
          });
          for (const { result } of received) {
            log.info(
              { uid: origin.uid, outcome: result.outcome, messageId: result.messageId },
              'mail fetched',
            );
          }
        } catch (error) {
          // A mail that can never be stored must not stop the mailbox: it stays there, we go on.
          if (!(error instanceof MailRejectedError)) throw error;
          log.warn({ uid: origin.uid, reason: error.message }, 'IMAP: mail refused, left in the mailbox');
        }
      },
      {
        pollMs: this.pollMs,
        maxMessageBytes: MAIL_SIZE_LIMIT_BYTES,
        onSkipped: (uid, reason) => log.warn({ uid, reason }, 'IMAP: mail not fetched'),
        onError: (error) => log.warn({ err: error }, 'IMAP: connection failed, trying again'),
      },
    );
  }
}
