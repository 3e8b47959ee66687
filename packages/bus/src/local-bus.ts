import type { DomainEvent, EphemeralSignal } from '@sofortdesk/domain';
import { BusSubscribers, type BusSignal, type EventBus } from './bus.ts';

/** One process: subscribers hear events right after the commit, in commit order. */
export class LocalBus extends BusSubscribers implements EventBus {
  readonly kind = 'local';

  readonly outboxHooks = {
    afterCommit: (events: DomainEvent[], enqueuedJobs: boolean) => {
      for (const event of events) this.emitSignal({ kind: 'event', event } satisfies BusSignal);
      if (enqueuedJobs) this.emitJobs();
    },
  };

  publishEphemeral(signal: EphemeralSignal): void {
    this.emitSignal({ kind: 'ephemeral', signal } satisfies BusSignal);
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.removeSubscribers();
    return Promise.resolve();
  }
}
