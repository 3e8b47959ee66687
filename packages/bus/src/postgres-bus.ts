import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { DomainEvent, EphemeralSignal } from '@sofortdesk/domain';
import type { Schema } from '@sofortdesk/db';
import { BusSubscribers, type BusSignal, type EventBus } from './bus.ts';

const EVENTS_CHANNEL = 'sofortdesk_events';
const JOBS_CHANNEL = 'sofortdesk_jobs';
/** NOTIFY payloads must stay under 8000 bytes; larger events travel as a pointer. */
const MAX_PAYLOAD = 7000;

export interface PostgresBusOptions {
  url: string;
  /** Tests run in their own schema; channel names carry it so parallel suites stay apart. */
  schema?: string;
  onError?: (error: Error) => void;
}

/**
 * Several app processes on one PostgreSQL: each transaction NOTIFYs inside itself, so PostgreSQL
 * delivers the notification exactly when (and only if) the change commits, in commit order, to
 * every process that LISTENs, this one included.
 */
export class PostgresBus extends BusSubscribers implements EventBus {
  readonly kind = 'postgres';
  private client: pg.Client | undefined;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly eventsChannel: string;
  private readonly jobsChannel: string;

  constructor(private readonly options: PostgresBusOptions) {
    super();
    const suffix = options.schema ? `_${options.schema}` : '';
    this.eventsChannel = EVENTS_CHANNEL + suffix;
    this.jobsChannel = JOBS_CHANNEL + suffix;
  }

  readonly outboxHooks = {
    beforeCommit: async (tx: Kysely<Schema>, events: DomainEvent[], enqueuedJobs: boolean) => {
      const channels: string[] = [];
      const payloads: string[] = [];
      for (const event of events) {
        let payload = JSON.stringify(event);
        if (Buffer.byteLength(payload) > MAX_PAYLOAD) {
          payload = JSON.stringify({ pointer: true, accountId: event.accountId, cursor: event.cursor });
        }
        channels.push(this.eventsChannel);
        payloads.push(payload);
      }
      if (enqueuedJobs) {
        channels.push(this.jobsChannel);
        payloads.push('');
      }
      // One round trip for all of them: this runs while the account's cursor row is locked. unnest
      // yields the rows in array order, and PostgreSQL delivers a transaction's notifications in the
      // order they were sent.
      await sql`select pg_notify(n.channel, n.payload)
        from unnest(${channels}::text[], ${payloads}::text[]) as n(channel, payload)`.execute(tx);
    },
  };

  /** Over NOTIFY outside any transaction; this process hears it back like every other one. */
  publishEphemeral(signal: EphemeralSignal): void {
    const payload = JSON.stringify({ ephemeral: signal });
    if (!this.client || Buffer.byteLength(payload) > MAX_PAYLOAD) return;
    this.client
      .query('select pg_notify($1, $2)', [this.eventsChannel, payload])
      .catch((error: Error) => this.options.onError?.(error));
  }

  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.url });
    client.on('notification', (message) => this.handle(message.channel, message.payload ?? ''));
    client.on('error', (error) => {
      this.options.onError?.(error);
      this.scheduleReconnect(client);
    });
    client.on('end', () => this.scheduleReconnect(client));
    await client.connect();
    await client.query(`LISTEN "${this.eventsChannel}"`);
    await client.query(`LISTEN "${this.jobsChannel}"`);
    this.client = client;
  }

  private scheduleReconnect(client: pg.Client): void {
    if (this.closed || this.client !== client || this.reconnectTimer) return;
    this.client = undefined;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect().then(
        // Notifications sent while we were away are gone: subscribers re-read from the database.
        () => {
          this.emitSignal({ kind: 'resync' } satisfies BusSignal);
          this.emitJobs();
        },
        (error: Error) => {
          this.options.onError?.(error);
          this.client = client;
          this.scheduleReconnect(client);
        },
      );
    }, 1000);
  }

  private handle(channel: string, payload: string): void {
    if (channel === this.jobsChannel) {
      this.emitJobs();
      return;
    }
    let parsed:
      DomainEvent | { pointer: true; accountId: string; cursor: number } | { ephemeral: EphemeralSignal };
    try {
      parsed = JSON.parse(payload) as typeof parsed;
    } catch {
      // Not ours (anyone with database access can NOTIFY): have subscribers re-read the truth.
      this.emitSignal({ kind: 'resync' } satisfies BusSignal);
      return;
    }
    const signal: BusSignal =
      'ephemeral' in parsed
        ? { kind: 'ephemeral', signal: parsed.ephemeral }
        : 'pointer' in parsed
          ? { kind: 'pointer', accountId: parsed.accountId, cursor: parsed.cursor }
          : { kind: 'event', event: parsed };
    this.emitSignal(signal);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.removeSubscribers();
    await this.client?.end().catch(() => undefined);
  }
}
