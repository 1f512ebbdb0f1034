import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodeSettings } from '#worker/config/node-env';
import { buildOnce } from '../support/node-api-instances';
import {
  compose,
  composeAvailable,
  composeServices,
  guide,
  guideCommands,
  installedFolder,
  repo,
  type Service,
} from './compose-files';

// An exact release: 1.26.3, v2.11.0, 16.9 (PostgreSQL's releases have two numbers), RELEASE.<date>.
const pinned = /:(v?\d+\.\d+(\.\d+)?|RELEASE\.[\w-]+)(-[a-z0-9]+)*$/;
const dockerfile = readFileSync(join(repo, 'deploy/Dockerfile'), 'utf8');

describe.skipIf(!composeAvailable())('compose.yaml, installed as docs/self-hosting.md says', () => {
  let dir: string;
  let services: Record<string, Service>;
  beforeAll(() => {
    dir = installedFolder();
    services = composeServices(dir);
  });

  it('is valid for docker-compose 1.29 once the guide has generated the secrets', () => {
    expect(() => compose(dir, 'config', '-q')).not.toThrow();
    const env = readFileSync(join(dir, '.env'), 'utf8');
    for (const name of ['POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'JWT_SECRET', 'REALTIME_SECRET'])
      expect(env).toMatch(new RegExp(`^${name}=[0-9a-f]{64}$`, 'm'));
  });

  it('gives the API a configuration that production accepts', () => {
    const environment = Object.fromEntries(
      Object.entries(services.api?.environment ?? {}).map(([name, value]) => [name, value ?? '']),
    );
    const { config } = loadNodeSettings(environment);
    expect(config.environment).toBe('production');
    expect(config.publicUrl).toBe('https://blog.example.org');
  });

  it('refuses to start before the secrets are generated, naming them', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'edgepress-compose-'));
    writeFileSync(join(fresh, '.env'), readFileSync(join(repo, '.env.example')));
    const result = spawnSync(
      'docker-compose',
      ['--project-directory', fresh, '-f', join(repo, 'compose.yaml'), 'config', '-q'],
      { encoding: 'utf8' },
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/set (POSTGRES_PASSWORD|REDIS_PASSWORD|JWT_SECRET|REALTIME_SECRET) in \.env/);
  });

  it('builds nginx with the web app inside: no service mounts anything built on the host', () => {
    expect(services.nginx?.build).toMatchObject({ dockerfile: 'deploy/Dockerfile', target: 'web' });
    expect(dockerfile).toMatch(
      /FROM nginx:[^\s]+ AS web[\s\S]*COPY --from=build \/app\/web\/dist \/srv\/edgepress\/web/,
    );
    expect(services.nginx?.environment?.WEB_ROOT).toBe('/srv/edgepress/web');
    // Otherwise the image's welcome page is the default server and answers the healthcheck.
    expect(dockerfile).toContain('rm /etc/nginx/conf.d/default.conf');
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0] as string;
        // Named volumes and the backups folder only: a host path would be something built or edited there.
        if (source.startsWith('/') || source.startsWith('.'))
          expect(source, `${name} mounts ${volume}`).toBe(join(dir, 'backups'));
      }
    }
  });

  it('keeps secrets and dumps out of the images and the repository', () => {
    const ignoredByDocker = readFileSync(join(repo, '.dockerignore'), 'utf8').split('\n');
    expect(ignoredByDocker).toEqual(expect.arrayContaining(['.env', 'backups']));
    expect(readFileSync(join(repo, '.gitignore'), 'utf8').split('\n')).toEqual(
      expect.arrayContaining(['.env', 'backups/']),
    );
  });

  it('builds or pins every image it runs, and every image the guide names', () => {
    const built = new Set(Object.values(services).flatMap((s) => (s.build && s.image ? [s.image] : [])));
    const stages = new Set([...dockerfile.matchAll(/^FROM \S+ AS (\S+)$/gm)].map(([, stage]) => stage));
    for (const [name, service] of Object.entries(services)) {
      if (service.build) expect(stages, `${name} builds a stage the Dockerfile has`).toContain(service.build.target);
      else
        expect(built.has(service.image ?? '') || pinned.test(service.image ?? ''), `${name}: ${service.image}`).toBe(
          true,
        );
    }
    for (const [, image] of dockerfile.matchAll(/^FROM (\S+:\S+)/gm)) expect(image).toMatch(pinned);
    for (const [image] of guide.matchAll(/\b[a-z0-9-]+\/[a-z0-9-]+:[\w.-]+/g))
      expect(built.has(image) || pinned.test(image), `the guide names ${image}`).toBe(true);
  });

  it('runs the migrations in a one-shot job before the API, and gives long-running services a healthcheck', () => {
    const oneShot = ['migrate', 'backup', 'restore', 'certbot'];
    for (const [name, service] of Object.entries(services)) {
      if (oneShot.includes(name)) continue;
      expect(service.healthcheck?.test, `${name} healthcheck`).toBeDefined();
    }
    expect(services.api?.depends_on).toEqual({
      migrate: { condition: 'service_completed_successfully' },
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    expect(services.migrate?.command).toEqual(['node', 'dist/server/migrate-cli.js']);
    expect(services.nginx?.depends_on?.api?.condition).toBe('service_healthy');
    expect(services.certbot?.depends_on?.nginx?.condition).toBe('service_healthy');
  });

  it('has every service and file that the guide commands use', () => {
    buildOnce();
    const commands = guideCommands.join('\n');
    for (const [, service] of commands.matchAll(
      /docker compose (?:run --rm (?:-e \S+ )*|logs (?:-f )?|exec (?:-T )?)([a-z][\w-]*)/g,
    ))
      expect(Object.keys(services), `docker compose … ${service}`).toContain(service);
    for (const [file] of commands.matchAll(/dist\/server\/[\w.-]+\.js/g))
      expect(existsSync(join(repo, file)), file).toBe(true);
  });
});
