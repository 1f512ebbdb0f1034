import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client';
import { createTestDeps } from '#test/deps';
import { createPgliteDatabase } from '#test/postgres';
import { createApp } from '#worker/app';
import { createPrometheusMetrics } from './prometheus-metrics';

let handle: DbHandle;
const metrics = createPrometheusMetrics({
  dbPool: () => ({ total: 4, idle: 3, waiting: 0 }),
  openSockets: () => ({ post: 2 }),
});
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  handle = await createPgliteDatabase();
  app = createApp(await createTestDeps(handle.db, { metrics }));
});
afterAll(() => handle.close());

const sample = (text: string, line: RegExp) => Number(line.exec(text)?.[1] ?? 0);

describe('Prometheus metrics', () => {
  it('count requests by route pattern and status, with latency', async () => {
    const health = /edgepress_http_requests_total\{route="\/api\/health",method="GET",status="200"\} (\d+)/;
    const before = sample(await metrics.render(), health);
    await app.request('/api/health');
    await app.request('/api/health');
    await app.request('/api/posts/does-not-exist');
    const text = await metrics.render();
    expect(sample(text, health)).toBe(before + 2);
    expect(text).toMatch(/edgepress_http_requests_total\{route="\/api\/posts\/:slug",method="GET",status="404"\} 1/);
    expect(text).toMatch(/edgepress_http_request_duration_seconds_count\{route="\/api\/health",method="GET"\} \d+/);
  });

  it('expose pool, sockets, process metrics and domain counters', async () => {
    metrics.increment('rate_limit_rejections', 'login-ip');
    const text = await metrics.render();
    expect(text).toContain('edgepress_db_pool_connections{state="idle"} 3');
    expect(text).toContain('edgepress_realtime_open_sockets{party="post"} 2');
    expect(text).toContain('edgepress_rate_limit_rejections_total{kind="login-ip"} 1');
    expect(text).toContain('edgepress_process_resident_memory_bytes');
  });
});
