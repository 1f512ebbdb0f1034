import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

function composeAvailable() {
  if (spawnSync('docker-compose', ['--version']).status === 0) return true;
  if (process.env.CI) throw new Error('docker-compose is required in CI (.ci/run installs it)');
  console.warn('\n!!! SKIPPING compose tests: docker-compose is not installed (apt-get install docker-compose) !!!\n');
  return false;
}

const envFile = join(mkdtempSync(join(tmpdir(), 'edgepress-compose-')), '.env');
writeFileSync(
  envFile,
  [
    'PUBLIC_URL=https://blog.example.com',
    'SERVER_NAME=blog.example.com',
    'POSTGRES_PASSWORD=p',
    'REDIS_PASSWORD=r',
    'JWT_SECRET=j',
    'REALTIME_SECRET=s',
  ].join('\n'),
);
const compose = (...args: string[]) =>
  execFileSync('docker-compose', ['--env-file', envFile, '-f', 'compose.yaml', ...args], {
    encoding: 'utf8',
    stdio: 'pipe',
  });

interface Service {
  healthcheck?: { test?: unknown; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  profiles?: string[];
}

describe.skipIf(!composeAvailable())('compose.yaml', () => {
  it('is valid for docker-compose 1.29', () => {
    expect(() => compose('config', '-q')).not.toThrow();
  });

  it('refuses to start without the secrets', () => {
    const bare = join(mkdtempSync(join(tmpdir(), 'edgepress-compose-')), '.env');
    writeFileSync(bare, '');
    const result = spawnSync('docker-compose', ['--env-file', bare, '-f', 'compose.yaml', 'config', '-q'], {
      encoding: 'utf8',
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/set .* in \.env/);
  });

  it('gives every long-running service a healthcheck and waits on conditions', () => {
    const config = parse(compose('--profile', 'media', '--profile', 'edge-dev', 'config')) as {
      services: Record<string, Service>;
    };
    const services = config.services;
    expect(Object.keys(services).sort()).toEqual(
      ['api', 'migrate', 'minio', 'neon-ws-proxy', 'nginx', 'postgres', 'redis', 'upstash-rest-proxy'].sort(),
    );
    for (const [name, service] of Object.entries(services)) {
      if (name === 'migrate') continue;
      expect(service.healthcheck?.test, `${name} healthcheck`).toBeDefined();
    }
    expect(services.api?.depends_on).toEqual({
      migrate: { condition: 'service_completed_successfully' },
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    expect(services.nginx?.depends_on?.api?.condition).toBe('service_healthy');
    expect(services.migrate?.depends_on?.postgres?.condition).toBe('service_healthy');
  });
});
