// `pnpm start`: the whole product on embedded defaults (PGlite + in-memory limits),
// or on real PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set.
import { join } from "node:path";
import { repoRoot, startStack } from "./lib/stack";

function port(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0 || parsed > 65535) throw new Error(`${name} must be a TCP port, got "${value}"`);
  return parsed;
}

const dataDir = process.env.SWITCHYARD_DATA_DIR ?? join(repoRoot, ".switchyard");
const startedAt = Date.now();
const stack = await startStack({
  dataDir,
  ports: {
    console: port("CONSOLE_PORT", 3000),
    controlPlane: port("CONTROL_PLANE_PORT", 4000),
    gateway: port("GATEWAY_PORT", 8080),
    idp: port("IDP_PORT", 4400),
    demoProvider: port("DEMO_PROVIDER_PORT", 4500),
  },
  databaseUrl: process.env.DATABASE_URL || undefined,
  redisUrl: process.env.REDIS_URL || undefined,
  logDir: join(dataDir, "logs"),
});

const bold = (text: string) => `\x1b[1m${text}\x1b[0m`;
process.stdout.write(`
${bold("Switchyard is running")} (ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)

  Console          ${stack.urls.console}
  Gateway          ${stack.urls.gateway}/v1   (OpenAI-compatible)
  Control plane    ${stack.urls.controlPlane}
  Dev IdP (OIDC)   ${stack.urls.idp}
  Demo provider    ${stack.urls.demoProvider}/v1

  Storage          ${process.env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `embedded PostgreSQL (PGlite) in ${dataDir}`}
  Counters         ${process.env.REDIS_URL ? "Redis (REDIS_URL)" : "in-memory (single gateway instance)"}

  Sign in (password ${bold("switchyard")}):
    admin@example.com    ADMIN
    finance@example.com  FINANCE
    lead@example.com     TEAM_ADMIN of research
    member@example.com   MEMBER of research

  Demo virtual key (team research): ${bold(stack.secrets.demoKey)}

  curl ${stack.urls.gateway}/v1/chat/completions \\
    -H "Authorization: Bearer ${stack.secrets.demoKey}" -H "Content-Type: application/json" \\
    -d '{"model":"demo-fast","messages":[{"role":"user","content":"Hello"}]}'

Press Ctrl-C to stop.
`);

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stdout.write("\nStopping Switchyard...\n");
  await stack.stop();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
const crash = await stack.supervisor.crashed;
process.stderr.write(`\n${crash.name} exited unexpectedly (code ${crash.code}); stopping the rest. Logs: ${join(dataDir, "logs")}\n`);
await shutdown(1);
