/**
 * Fetching mail from an existing IMAP mailbox (imapflow). The mailbox stays the company's: nothing is
 * deleted or flagged there. What was fetched is remembered as the mailbox's UIDVALIDITY and the last
 * UID handed over, saved after each message, so a restart neither fetches a message twice nor skips
 * one. A changed UIDVALIDITY means the server renumbered the mailbox: the old UIDs mean nothing, so
 * the recent window is fetched again and the sink's idempotency (the Message-ID) drops what it had.
 *
 * `watch()` keeps one connection open and waits in IDLE for the server to announce new mail, with a
 * poll as a fallback, and reconnects with capped backoff when the server or the network fails.
 */
import { ImapFlow } from 'imapflow';

export interface ImapSettings {
  host: string;
  port: number;
  /** Implicit TLS (port 993). Without it imapflow upgrades with STARTTLS where the server offers it. */
  secure: boolean;
  user: string;
  password: string;
  mailbox: string;
}

export interface ImapCursor {
  /** As a string: UIDVALIDITY is a 32-bit unsigned number, and imapflow reports it as a bigint. */
  uidValidity: string;
  lastUid: number;
}

/** Where a mailbox's cursor is kept (the database, per inbox). */
export interface ImapCursorStore {
  load(): Promise<ImapCursor | null>;
  save(cursor: ImapCursor): Promise<void>;
}

/**
 * Takes one fetched message. Resolving means it is stored (or deliberately refused) and the cursor may
 * move past it; throwing means "try again later": the cursor stays, and the next sync starts there.
 */
export type MailSink = (raw: Buffer, origin: { uid: number; uidValidity: string }) => Promise<void>;

export interface ImapMailboxOptions {
  /** Messages larger than this are not fetched; `onSkipped` hears of each. Default 25 MB. */
  maxMessageBytes?: number;
  /** On the first sync (and after UIDVALIDITY changed): fetch what arrived in these last days. Default 7. */
  initialDays?: number;
  /** While watching: sync at least this often, whatever IDLE says. Default 60 s. */
  pollMs?: number;
  /** Reconnect backoff: from 1 s, doubling, at most this. Default 5 min. */
  maxBackoffMs?: number;
  onSkipped?: (uid: number, reason: string) => void;
  onError?: (error: unknown) => void;
  now?: () => Date;
}

export interface SyncResult {
  delivered: number;
  skipped: number;
  /** True when the server had renumbered the mailbox since the last sync. */
  uidValidityChanged: boolean;
}

const DAY_MS = 86_400_000;

export class ImapMailbox {
  private stopped = false;
  private client: ImapFlow | undefined;
  private wake: (() => void) | undefined;
  private watching: Promise<void> | undefined;
  private readonly maxMessageBytes: number;
  private readonly initialDays: number;
  private readonly pollMs: number;
  private readonly maxBackoffMs: number;

  constructor(
    private readonly settings: ImapSettings,
    private readonly cursors: ImapCursorStore,
    private readonly sink: MailSink,
    private readonly options: ImapMailboxOptions = {},
  ) {
    this.maxMessageBytes = options.maxMessageBytes ?? 25 * 1024 * 1024;
    this.initialDays = options.initialDays ?? 7;
    this.pollMs = options.pollMs ?? 60_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 300_000;
  }

  /** One connection, one pass over what is new, then log out. */
  async syncOnce(): Promise<SyncResult> {
    const client = this.connectClient();
    await client.connect();
    try {
      const lock = await client.getMailboxLock(this.settings.mailbox);
      try {
        return await this.sync(client);
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  /** Keeps watching until stop(): syncs now, then on every announcement of new mail and every poll. */
  watch(): void {
    if (this.watching) return;
    this.stopped = false;
    this.watching = this.watchLoop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.client?.close();
    await this.watching;
    this.watching = undefined;
  }

  private async watchLoop(): Promise<void> {
    let backoff = 1000;
    while (!this.stopped) {
      const client = this.connectClient();
      this.client = client;
      try {
        await client.connect();
        const lock = await client.getMailboxLock(this.settings.mailbox);
        try {
          client.on('exists', () => this.wake?.());
          while (!this.stopped && client.usable) {
            await this.sync(client);
            backoff = 1000;
            // IDLE until the server announces mail ('exists') or the poll is due; the next command
            // (the sync's SEARCH) ends IDLE. Started here, inside our mailbox lock, on purpose.
            void client.idle().catch((error: unknown) => this.options.onError?.(error));
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, this.pollMs);
              this.wake = () => {
                clearTimeout(timer);
                resolve();
              };
              client.once('close', this.wake);
            });
          }
        } finally {
          lock.release();
        }
      } catch (error) {
        if (!this.stopped) this.options.onError?.(error);
      } finally {
        this.wake = undefined;
        client.close();
      }
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoff);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      backoff = Math.min(backoff * 2, this.maxBackoffMs);
    }
  }

  private connectClient(): ImapFlow {
    const { host, port, secure, user, password } = this.settings;
    return new ImapFlow({
      host,
      port,
      secure,
      auth: { user, pass: password },
      logger: false,
      // watch() starts IDLE itself, inside its mailbox lock.
      disableAutoIdle: true,
      // Restart IDLE now and then: some servers and middleboxes drop a silent connection.
      maxIdleTime: 5 * 60_000,
      connectionTimeout: 30_000,
    });
  }

  private async sync(client: ImapFlow): Promise<SyncResult> {
    const mailbox = client.mailbox;
    if (!mailbox) throw new Error(`mailbox ${this.settings.mailbox} is not open`);
    const uidValidity = String(mailbox.uidValidity);
    const saved = await this.cursors.load();
    const uidValidityChanged = saved !== null && saved.uidValidity !== uidValidity;
    const lastUid = saved && !uidValidityChanged ? saved.lastUid : 0;

    // `n:*` always includes the newest message, even when its UID is below n: hence the filter.
    const found =
      lastUid > 0
        ? await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })
        : await client.search(
            { since: new Date((this.options.now?.() ?? new Date()).getTime() - this.initialDays * DAY_MS) },
            { uid: true },
          );
    const uids = (found || []).filter((uid) => uid > lastUid).sort((a, b) => a - b);
    if (uids.length === 0 && (uidValidityChanged || saved === null)) {
      // Remember where the mailbox stands, so the next sync asks only for what is newer.
      await this.cursors.save({ uidValidity, lastUid: Math.max(0, mailbox.uidNext - 1) });
    }

    const result: SyncResult = { delivered: 0, skipped: 0, uidValidityChanged };
    for (const uid of uids) {
      if (this.stopped) break;
      const head = await client.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
      if (!head) continue; // expunged meanwhile
      if ((head.size ?? 0) > this.maxMessageBytes) {
        this.options.onSkipped?.(uid, `larger than ${this.maxMessageBytes} bytes (${head.size})`);
        result.skipped++;
      } else {
        const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
        if (message && message.source) {
          await this.sink(message.source, { uid, uidValidity });
          result.delivered++;
        }
      }
      await this.cursors.save({ uidValidity, lastUid: uid });
    }
    return result;
  }
}
