import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one process, served at /metrics. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'sofortdesk_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    messagesIngested: new Counter({
      name: 'sofortdesk_inbound_messages_total',
      help: 'Inbound customer messages stored (duplicates not counted)',
      registers: [registry],
    }),
    realtimeConnections: new Gauge({
      name: 'sofortdesk_realtime_connections',
      help: 'Open realtime WebSocket connections',
      registers: [registry],
    }),
    widgetConnections: new Gauge({
      name: 'sofortdesk_widget_connections',
      help: "Open WebSocket connections of the widget's visitors",
      registers: [registry],
    }),
    realtimeFrames: new Counter({
      name: 'sofortdesk_realtime_frames_total',
      help: 'Event frames sent to realtime clients',
      registers: [registry],
    }),
    jobs: new Counter({
      name: 'sofortdesk_jobs_total',
      help: 'Jobs run, by type and outcome',
      labelNames: ['type', 'outcome'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
