/**
 * The one load generator of the throughput benchmarks: autocannon, keep-alive connections, each
 * request a new externalId. Used unchanged against Sofortdesk and against the bare HTTP floor.
 */
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  path: string;
  token?: string;
  connections: number;
  durationS: number;
  /** Keeps externalIds of separate runs apart. */
  idPrefix: string;
  /** Distinct customers the messages rotate over. */
  customers: number;
}

export interface LoadResult {
  /** Acknowledged (2xx) responses per second. */
  perSecond: number;
  acknowledged: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  durationS: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let n = 0;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationS,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: options.path,
        headers,
        setupRequest: (request) => {
          const i = n++;
          request.body = JSON.stringify({
            externalId: `${options.idPrefix}-${i}`,
            contact: { identifier: `customer-${i % options.customers}` },
            text: `Guten Tag, ich habe eine Frage zu meiner Bestellung ${i}.`,
          });
          return request;
        },
      },
    ],
  });
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = stat.count ?? 0;
  return {
    perSecond: result['2xx'] / result.duration,
    acknowledged: result['2xx'],
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS: result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
  };
}
