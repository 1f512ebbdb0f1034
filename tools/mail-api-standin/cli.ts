import { parseArgs } from 'node:util';
import { createMailApiStandin } from './server';

const usage = `Usage: tsx tools/mail-api-standin/cli.ts --port 8026 --key <api key> [--host 127.0.0.1] [--smtp-url smtp://127.0.0.1:1025]
       [--webhook-secret whsec_... --webhook-url http://127.0.0.1:8787/api/mail/events]
The key may also come from MAIL_API_KEY, the relay from SMTP_URL, the webhook secret from MAIL_WEBHOOK_SECRET.
With a webhook secret, POST /emails/<id>/events {"type":"email.bounced"|"email.complained"} plays the provider.`;

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8026' },
    host: { type: 'string', default: '127.0.0.1' },
    key: { type: 'string' },
    'smtp-url': { type: 'string', default: process.env.SMTP_URL },
    'webhook-secret': { type: 'string', default: process.env.MAIL_WEBHOOK_SECRET },
    'webhook-url': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

const apiKey = values.key ?? process.env.MAIL_API_KEY;
if (values.help || !apiKey) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}

const webhookSecret = values['webhook-secret'];
const standin = createMailApiStandin({
  apiKey,
  smtpUrl: values['smtp-url'],
  webhook: webhookSecret ? { secret: webhookSecret, url: values['webhook-url'] } : undefined,
});
const address = await standin.listen(Number(values.port), values.host);
console.log(
  JSON.stringify({
    level: 'info',
    msg: 'mail-api-standin listening',
    url: `http://${address.address}:${address.port}`,
  }),
);
