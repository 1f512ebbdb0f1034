import { cliDatabaseConfig, loadDotEnvIfPresent } from '#db/cli-database';
import { createDb } from '#db/client';
import { promoteToAdmin } from '#worker/services/users/promote-admin';

/**
 * `npm run user:admin -- <email>`: gives an existing account the admin role. Uses DATABASE_URL when
 * set, else the embedded PGlite under DATA_DIR (which `npm start` must not hold open meanwhile).
 */
async function main() {
  const email = process.argv[2];
  if (!email) {
    console.error('usage: npm run user:admin -- <email>');
    process.exit(2);
  }
  loadDotEnvIfPresent();
  const handle = await createDb(cliDatabaseConfig());
  try {
    const username = await promoteToAdmin(handle.db, email);
    if (!username) {
      console.error(`No account has the email ${email}; register first, then run this again.`);
      process.exitCode = 1;
      return;
    }
    console.log(`${username} (${email.trim().toLowerCase()}) is now an admin.`);
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error(`make-admin failed: ${(error as Error).message}`);
  process.exit(1);
});
