import { parseArgs } from 'node:util';
import { createUpstashRestProxy } from './server';

const usage = `Usage: tsx tools/upstash-rest-proxy/cli.ts --port 8079 --token <token> [--host 127.0.0.1] [--redis-url redis://127.0.0.1:6379]
The token may also come from UPSTASH_REDIS_REST_TOKEN.`;

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8079' },
    host: { type: 'string', default: '127.0.0.1' },
    token: { type: 'string' },
    'redis-url': { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
    help: { type: 'boolean', default: false },
  },
});

const token = values.token ?? process.env.UPSTASH_REDIS_REST_TOKEN;
if (values.help || !token) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}

const proxy = createUpstashRestProxy({ redisUrl: values['redis-url'], token });
const address = await proxy.listen(Number(values.port), values.host);
console.log(
  JSON.stringify({
    level: 'info',
    msg: 'upstash-rest-proxy listening',
    url: `http://${address.address}:${address.port}`,
  }),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    proxy.close().then(() => process.exit(0));
  });
}
