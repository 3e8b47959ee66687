import { EventEmitter } from 'node:events';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { DomainEvent, EphemeralSignal } from '@sofortdesk/domain';
import type { Schema } from '@sofortdesk/db';
import type { BusSignal, EventBus } from './bus.ts';

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
export class PostgresBus implements EventBus {
  readonly kind = 'postgres';
  private readonly emitter = new EventEmitter();
  private client: pg.Client | undefined;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly eventsChannel: string;
  private readonly jobsChannel: string;

  constructor(private readonly options: PostgresBusOptions) {
    this.emitter.setMaxListeners(0);
    const suffix = options.schema ? `_${options.schema}` : '';
    this.eventsChannel = EVENTS_CHANNEL + suffix;
    this.jobsChannel = JOBS_CHANNEL + suffix;
  }

  readonly outboxHooks = {
    beforeCommit: async (tx: Kysely<Schema>, events: DomainEvent[], enqueuedJobs: boolean) => {
      for (const event of events) {
        let payload = JSON.stringify(event);
        if (Buffer.byteLength(payload) > MAX_PAYLOAD) {
          payload = JSON.stringify({ pointer: true, accountId: event.accountId, cursor: event.cursor });
        }
        await sql`select pg_notify(${this.eventsChannel}, ${payload})`.execute(tx);
      }
      if (enqueuedJobs) await sql`select pg_notify(${this.jobsChannel}, '')`.execute(tx);
    },
  };

  onSignal(listener: (signal: BusSignal) => void): () => void {
    this.emitter.on('signal', listener);
    return () => this.emitter.off('signal', listener);
  }

  onJobs(listener: () => void): () => void {
    this.emitter.on('jobs', listener);
    return () => this.emitter.off('jobs', listener);
  }

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
          this.emitter.emit('signal', { kind: 'resync' } satisfies BusSignal);
          this.emitter.emit('jobs');
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
      this.emitter.emit('jobs');
      return;
    }
    let parsed:
      DomainEvent | { pointer: true; accountId: string; cursor: number } | { ephemeral: EphemeralSignal };
    try {
      parsed = JSON.parse(payload) as typeof parsed;
    } catch {
      // Not ours (anyone with database access can NOTIFY): have subscribers re-read the truth.
      this.emitter.emit('signal', { kind: 'resync' } satisfies BusSignal);
      return;
    }
    const signal: BusSignal =
      'ephemeral' in parsed
        ? { kind: 'ephemeral', signal: parsed.ephemeral }
        : 'pointer' in parsed
          ? { kind: 'pointer', accountId: parsed.accountId, cursor: parsed.cursor }
          : { kind: 'event', event: parsed };
    this.emitter.emit('signal', signal);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.emitter.removeAllListeners();
    await this.client?.end().catch(() => undefined);
  }
}
