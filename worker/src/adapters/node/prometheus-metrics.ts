import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { MetricName, Metrics } from '#worker/ports';

export interface GaugeSources {
  /** Connections of the database pool, by state. */
  dbPool?: () => { total: number; idle: number; waiting: number };
  /** Open WebSockets by room type (post, user). */
  openSockets?: () => Record<string, number>;
}

const counterHelp: Record<MetricName, string> = {
  cache_hits: 'Cache reads answered from the cache',
  cache_misses: 'Cache reads that went to the database',
  rate_limit_rejections: 'Requests rejected by a rate limit, by policy',
  realtime_publishes: 'Events published to realtime rooms',
  realtime_publish_failures: 'Realtime publishes that failed after retries',
};

export interface PrometheusMetrics extends Metrics {
  registry: Registry;
  render(): Promise<string>;
}

/** The Node targets' metrics, exposed at /metrics in Prometheus text format. */
export function createPrometheusMetrics(sources: GaugeSources = {}): PrometheusMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'edgepress_' });
  const requests = new Counter({
    name: 'edgepress_http_requests_total',
    help: 'HTTP requests by route, method and status',
    labelNames: ['route', 'method', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'edgepress_http_request_duration_seconds',
    help: 'HTTP request latency by route and method',
    labelNames: ['route', 'method'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const counters = Object.fromEntries(
    (Object.keys(counterHelp) as MetricName[]).map((name) => [
      name,
      new Counter({
        name: `edgepress_${name}_total`,
        help: counterHelp[name],
        labelNames: ['kind'],
        registers: [registry],
      }),
    ]),
  ) as Record<MetricName, Counter<'kind'>>;
  new Gauge({
    name: 'edgepress_db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const pool = sources.dbPool?.();
      if (!pool) return;
      this.set({ state: 'total' }, pool.total);
      this.set({ state: 'idle' }, pool.idle);
      this.set({ state: 'waiting' }, pool.waiting);
    },
  });
  new Gauge({
    name: 'edgepress_realtime_open_sockets',
    help: 'Open realtime WebSockets by room type',
    labelNames: ['party'],
    registers: [registry],
    collect() {
      for (const [party, count] of Object.entries(sources.openSockets?.() ?? {})) this.set({ party }, count);
    },
  });
  return {
    registry,
    observeRequest(route, method, status, seconds) {
      requests.inc({ route, method, status: String(status) });
      latency.observe({ route, method }, seconds);
    },
    increment(name, kind = '') {
      counters[name].inc({ kind });
    },
    render: () => registry.metrics(),
  };
}
