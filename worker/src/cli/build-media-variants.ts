import { join } from 'node:path';
import { cliDatabaseConfig, loadDotEnvIfPresent } from '#db/cli-database';
import { createDb } from '#db/client';
import { createDiskMediaStore } from '#worker/adapters/node/disk-media-store';
import { createSharpImageResizer } from '#worker/adapters/node/sharp-image-resizer';
import { createIoRedisUpstash } from '#worker/adapters/redis/ioredis-upstash';
import { createRedisCache } from '#worker/adapters/redis/redis-cache';
import { createS3MediaStoreFromEnv } from '#worker/adapters/s3/s3-media-store';
import { createJsonLogger } from '#worker/adapters/shared/json-logger';
import { announceTo, publicContentChanges } from '#worker/cache/content-changes';
import { backfillVariants } from '#worker/services/media/backfill-variants';

/**
 * `npm run media:variants`: makes the responsive variants of images uploaded before they existed
 * (ADR 0082), from DATABASE_URL (or the embedded PGlite under DATA_DIR) and the configured store:
 * the S3_* bucket (R2 through its S3 API for the edge target) or MEDIA_DIR. With REDIS_URL the
 * re-rendered posts' cached answers are retired at once; otherwise they expire within minutes.
 */
async function main() {
  loadDotEnvIfPresent();
  const env = process.env;
  const logger = createJsonLogger('info');
  const maxPixels = Number(env.UPLOAD_MAX_PIXELS ?? 40_000_000);
  const handle = await createDb(cliDatabaseConfig());
  const redis = env.REDIS_URL ? createIoRedisUpstash({ url: env.REDIS_URL, timeoutMs: 1000, logger }) : undefined;
  try {
    const report = await backfillVariants({
      db: handle.db,
      media:
        createS3MediaStoreFromEnv(env) ?? createDiskMediaStore(env.MEDIA_DIR ?? join(env.DATA_DIR ?? '.data', 'media')),
      images: createSharpImageResizer(maxPixels),
      config: { uploadMaxPixels: maxPixels },
      logger,
      changes: redis ? publicContentChanges(createRedisCache(redis.redis, { logger })) : announceTo(),
    });
    console.log(
      `${report.images} images got ${report.variants} variants; ${report.skipped} skipped; ${report.posts} posts re-rendered.`,
    );
  } finally {
    await Promise.all([handle.close(), redis?.close()]);
  }
}

main().catch((error) => {
  console.error(`media:variants failed: ${(error as Error).message}`);
  process.exit(1);
});
