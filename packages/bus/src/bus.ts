import { EventEmitter } from 'node:events';
import type { DomainEvent, EphemeralSignal } from '@sofortdesk/domain';
import type { OutboxHooks } from '@sofortdesk/db';

/**
 * What a subscriber hears: the event itself, or (when it was too large to travel, or after the bus
 * lost its connection) only that an account has events up to `cursor`, to be read from the database;
 * or an ephemeral signal (typing), which has no cursor and is never stored.
 */
export type BusSignal =
  | { kind: 'event'; event: DomainEvent }
  | { kind: 'pointer'; accountId: string; cursor: number }
  | { kind: 'resync' }
  | { kind: 'ephemeral'; signal: EphemeralSignal };

/**
 * The event bus port. Events reach it through the outbox hooks of the unit of work, so nothing is
 * published that did not commit. Adapters: in-process (one process, the default) and PostgreSQL
 * LISTEN/NOTIFY (several processes on one database).
 */
export interface EventBus {
  readonly kind: 'local' | 'postgres';
  /** Wire into KyselyUnitOfWork.setHooks. */
  readonly outboxHooks: OutboxHooks;
  onSignal(listener: (signal: BusSignal) => void): () => void;
  /** New jobs were committed: workers should look now instead of at their next poll. */
  onJobs(listener: () => void): () => void;
  /** Sends an ephemeral signal to every subscriber of every process, best effort (lost if unconnected). */
  publishEphemeral(signal: EphemeralSignal): void;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** The subscriber side every adapter shares: who listens, and telling them. */
export abstract class BusSubscribers {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every realtime gateway and worker subscribes once; more than ten is normal, not a leak.
    this.emitter.setMaxListeners(0);
  }

  onSignal(listener: (signal: BusSignal) => void): () => void {
    this.emitter.on('signal', listener);
    return () => this.emitter.off('signal', listener);
  }

  onJobs(listener: () => void): () => void {
    this.emitter.on('jobs', listener);
    return () => this.emitter.off('jobs', listener);
  }

  protected emitSignal(signal: BusSignal): void {
    this.emitter.emit('signal', signal);
  }

  protected emitJobs(): void {
    this.emitter.emit('jobs');
  }

  protected removeSubscribers(): void {
    this.emitter.removeAllListeners();
  }
}
