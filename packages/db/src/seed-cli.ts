// `pnpm db:seed`: migrates, then seeds the demo organisation. Without SWITCHYARD_DEMO_KEY a
// fresh key is generated and printed (it replaces the previous demo key's hash).

import { databaseOptions, generateDemoKey, readCliEnv } from "./cli-env";
import { openDatabase } from "./client";
import { demoAccounts, seedDemo } from "./seed";

async function main(): Promise<void> {
  const env = readCliEnv();
  const demoKey = env.SWITCHYARD_DEMO_KEY ?? generateDemoKey();
  const database = await openDatabase({ ...databaseOptions(env), migrate: true });
  try {
    await seedDemo(database.prisma, { demoKey, demoProviderBase: `http://127.0.0.1:${env.DEMO_PROVIDER_PORT}/v1` });
  } finally {
    await database.close();
  }
  console.log(`seeded the demo organisation (${database.kind})`);
  console.log(`accounts (password "switchyard" at the dev IdP): ${demoAccounts.map((account) => account.email).join(", ")}`);
  console.log(env.SWITCHYARD_DEMO_KEY !== undefined ? "demo key: from SWITCHYARD_DEMO_KEY" : `demo key: ${demoKey}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
