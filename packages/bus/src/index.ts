/**
 * @module @sofortdesk/bus
 * Events and durable jobs: the bus port with its in-process and PostgreSQL adapters, and the worker.
 */
import type { Config } from '@sofortdesk/config';
import type { EventBus } from './bus.ts';
import { LocalBus } from './local-bus.ts';
import { PostgresBus } from './postgres-bus.ts';

export * from './bus.ts';
export { LocalBus } from './local-bus.ts';
export { PostgresBus, type PostgresBusOptions } from './postgres-bus.ts';
export { JobWorker, backoffMs, type JobHandler, type JobHandlers, type WorkerOptions } from './worker.ts';

/** The one place the bus adapter is chosen. */
export function createBus(
  config: Config,
  options: { onError?: (error: Error) => void; schema?: string } = {},
): EventBus {
  if (config.bus === 'postgres') {
    if (config.database.kind !== 'postgres') {
      throw new Error('SOFORTDESK_BUS=postgres needs DATABASE_URL to name a PostgreSQL database');
    }
    return new PostgresBus({ url: config.database.url, ...options });
  }
  return new LocalBus();
}
