// Starts the whole stack once for the end-to-end suite: the same wiring as
// `pnpm start`, on free ports, a throwaway PostgreSQL database and a temp data dir.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "@switchyard/testkit/postgres";
import { repoRoot, startStack } from "../scripts/lib/stack";

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const database = await createTestDatabase("e2e");
  const dataDir = mkdtempSync(join(tmpdir(), "switchyard-e2e-"));
  const stack = await startStack({
    dataDir,
    ports: {
      console: await freePort(),
      controlPlane: await freePort(),
      gateway: await freePort(),
      idp: await freePort(),
      demoProvider: await freePort(),
    },
    databaseUrl: database.url,
    logDir: join(repoRoot, "e2e/artifacts/logs"),
    quiet: true,
  });
  process.env.E2E_CONSOLE_URL = stack.urls.console;
  process.env.E2E_GATEWAY_URL = stack.urls.gateway;
  process.env.E2E_CONTROL_PLANE_URL = stack.urls.controlPlane;
  process.env.E2E_IDP_URL = stack.urls.idp;
  process.env.E2E_DEMO_KEY = stack.secrets.demoKey;
  process.env.E2E_DATABASE_URL = database.url;
  process.env.E2E_CONSOLE_SECRET = stack.secrets.consoleSecret;
  return async () => {
    await stack.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
