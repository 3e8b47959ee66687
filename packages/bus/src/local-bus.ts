import { EventEmitter } from 'node:events';
import type { DomainEvent, EphemeralSignal } from '@sofortdesk/domain';
import type { BusSignal, EventBus } from './bus.ts';

/** One process: subscribers hear events right after the commit, in commit order. */
export class LocalBus implements EventBus {
  readonly kind = 'local';
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every realtime gateway and worker subscribes once; more than ten is normal, not a leak.
    this.emitter.setMaxListeners(0);
  }

  readonly outboxHooks = {
    afterCommit: (events: DomainEvent[], enqueuedJobs: boolean) => {
      for (const event of events) this.emitter.emit('signal', { kind: 'event', event } satisfies BusSignal);
      if (enqueuedJobs) this.emitter.emit('jobs');
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

  publishEphemeral(signal: EphemeralSignal): void {
    this.emitter.emit('signal', { kind: 'ephemeral', signal } satisfies BusSignal);
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.emitter.removeAllListeners();
    return Promise.resolve();
  }
}
