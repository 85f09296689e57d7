// `pnpm db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded
// PGlite database in SWITCHYARD_DATA_DIR when DATABASE_URL is unset.

import { databaseOptions, readCliEnv } from "./cli-env";
import { openDatabase } from "./client";

async function main(): Promise<void> {
  const options = databaseOptions(readCliEnv());
  const startedAt = performance.now();
  const database = await openDatabase({ ...options, migrate: true });
  await database.close();
  const where = options.databaseUrl !== undefined ? "PostgreSQL (DATABASE_URL)" : `PGlite at ${options.dataDir}`;
  console.log(`migrations applied to ${where} in ${Math.round(performance.now() - startedAt)} ms`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
