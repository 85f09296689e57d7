import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildGatewayBundle } from "../../apps/gateway/scripts/build";
import { createSupervisor, type Supervisor, waitForHttp } from "./processes";
import { type LocalSecrets, loadOrCreateSecrets } from "./secrets";

/**
 * Starts the whole product: dev IdP, demo provider, control plane, gateway and
 * console. Used by `pnpm start` and by the end-to-end tests, so both run exactly
 * the same wiring.
 */
export const repoRoot = resolve(import.meta.dirname, "../..");

export interface StackPorts {
  console: number;
  controlPlane: number;
  gateway: number;
  idp: number;
  demoProvider: number;
}

export interface StackOptions {
  dataDir: string;
  ports: StackPorts;
  databaseUrl?: string;
  redisUrl?: string;
  logDir?: string;
  quiet?: boolean;
  /** Extra env for every child (e.g. test-only settings). */
  env?: Record<string, string | undefined>;
}

export interface Stack {
  urls: { console: string; controlPlane: string; gateway: string; idp: string; demoProvider: string };
  secrets: LocalSecrets;
  supervisor: Supervisor;
  stop(): Promise<void>;
}

const oidcClientId = "switchyard-console";

function tsxArgs(file: string): string[] {
  return ["--import", "tsx", join(repoRoot, file)];
}

export async function startStack(options: StackOptions): Promise<Stack> {
  mkdirSync(options.dataDir, { recursive: true });
  if (options.logDir) mkdirSync(options.logDir, { recursive: true });
  const secrets = loadOrCreateSecrets(options.dataDir);
  const { ports } = options;
  const urls = {
    console: `http://localhost:${ports.console}`,
    controlPlane: `http://127.0.0.1:${ports.controlPlane}`,
    gateway: `http://127.0.0.1:${ports.gateway}`,
    idp: `http://localhost:${ports.idp}`,
    demoProvider: `http://127.0.0.1:${ports.demoProvider}`,
  };
  const baseEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    SWITCHYARD_DATA_DIR: options.dataDir,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
    ...options.env,
  };
  const supervisor = createSupervisor({ logDir: options.logDir, quiet: options.quiet });
  const stop = () => supervisor.stopAll();
  try {
    buildConsoleIfStale(options.quiet === true);
    const gatewayBundle = await buildGatewayBundle();

    supervisor.start({
      name: "dev-idp",
      command: process.execPath,
      args: tsxArgs("packages/dev-idp/src/cli.ts"),
      cwd: repoRoot,
      env: {
        ...baseEnv,
        IDP_PORT: String(ports.idp),
        OIDC_ISSUER: urls.idp,
        OIDC_CLIENT_ID: oidcClientId,
        OIDC_CLIENT_SECRET: secrets.oidcClientSecret,
        CONSOLE_URL: urls.console,
      },
    });
    supervisor.start({
      name: "demo-provider",
      command: process.execPath,
      args: tsxArgs("packages/testkit/src/demo-provider-cli.ts"),
      cwd: repoRoot,
      env: { ...baseEnv, DEMO_PROVIDER_PORT: String(ports.demoProvider) },
    });
    supervisor.start({
      name: "control-plane",
      command: process.execPath,
      args: tsxArgs("apps/control-plane/src/server.ts"),
      cwd: repoRoot,
      env: {
        ...baseEnv,
        CONTROL_PLANE_PORT: String(ports.controlPlane),
        // Loopback unless asked otherwise: the embedded demo is for this machine.
        CONTROL_PLANE_HOST: process.env.CONTROL_PLANE_HOST ?? "127.0.0.1",
        DATABASE_URL: options.databaseUrl,
        REDIS_URL: options.redisUrl,
        SWITCHYARD_MASTER_KEY: secrets.masterKey,
        SWITCHYARD_CONSOLE_SECRET: secrets.consoleSecret,
        SWITCHYARD_DATAPLANE_TOKEN: secrets.dataplaneToken,
        SWITCHYARD_DEMO_KEY: secrets.demoKey,
        DEMO_PROVIDER_URL: `${urls.demoProvider}/v1`,
      },
    });
    await waitForHttp(`${urls.controlPlane}/healthz`, { timeoutMs: 90_000, crashed: supervisor.crashed, name: "control plane" });

    supervisor.start({
      name: "gateway",
      command: process.execPath,
      // The production build (apps/gateway/scripts/build.ts), rebuilt on every start: about a second.
      args: [gatewayBundle, "--control-plane", urls.controlPlane, "--port", String(ports.gateway)],
      cwd: repoRoot,
      env: {
        ...baseEnv,
        GATEWAY_PORT: String(ports.gateway),
        GATEWAY_HOST: process.env.GATEWAY_HOST ?? "127.0.0.1",
        CONTROL_PLANE_URL: urls.controlPlane,
        SWITCHYARD_DATAPLANE_TOKEN: secrets.dataplaneToken,
        SWITCHYARD_MASTER_KEY: secrets.masterKey,
        REDIS_URL: options.redisUrl,
      },
    });
    supervisor.start({
      name: "console",
      command: process.execPath,
      args: [
        join(repoRoot, "apps/console/node_modules/next/dist/bin/next"),
        "start",
        "--port",
        String(ports.console),
        "--hostname",
        "localhost",
      ],
      cwd: join(repoRoot, "apps/console"),
      env: {
        ...baseEnv,
        NEXTAUTH_URL: urls.console,
        NEXTAUTH_SECRET: secrets.nextAuthSecret,
        OIDC_ISSUER: urls.idp,
        OIDC_CLIENT_ID: oidcClientId,
        OIDC_CLIENT_SECRET: secrets.oidcClientSecret,
        CONTROL_PLANE_URL: urls.controlPlane,
        GATEWAY_URL: urls.gateway,
        SWITCHYARD_CONSOLE_SECRET: secrets.consoleSecret,
      },
    });
    await Promise.all([
      waitForHttp(`${urls.idp}/.well-known/openid-configuration`, { timeoutMs: 60_000, crashed: supervisor.crashed, name: "dev IdP" }),
      waitForHttp(`${urls.demoProvider}/v1/models`, { timeoutMs: 60_000, crashed: supervisor.crashed, name: "demo provider" }),
      waitForHttp(`${urls.gateway}/readyz`, { timeoutMs: 60_000, crashed: supervisor.crashed, name: "gateway", okOnly: true }),
      waitForHttp(`${urls.console}/signin`, { timeoutMs: 90_000, crashed: supervisor.crashed, name: "console" }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, secrets, supervisor, stop };
}

/** `next build` only when the console's sources changed since the last build. */
function buildConsoleIfStale(quiet: boolean): void {
  const consoleDir = join(repoRoot, "apps/console");
  const stampFile = join(consoleDir, ".next/switchyard-build-stamp");
  const stamp = sourceStamp([consoleDir, join(repoRoot, "packages/schemas/src"), join(repoRoot, "apps/control-plane/src")]);
  if (existsSync(join(consoleDir, ".next/BUILD_ID")) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return;
  if (!quiet) process.stdout.write("Building the console (first start or sources changed)...\n");
  const result = spawnSync(process.execPath, [join(consoleDir, "node_modules/next/dist/bin/next"), "build"], {
    cwd: consoleDir,
    stdio: quiet ? "pipe" : "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (result.status !== 0) {
    throw new Error(`console build failed (exit ${result.status}):\n${result.stdout?.toString() ?? ""}${result.stderr?.toString() ?? ""}`);
  }
  writeFileSync(stampFile, stamp);
}

function sourceStamp(roots: string[]): string {
  const hash = createHash("sha256");
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === "node_modules" || entry.name === ".next" || entry.name.startsWith(".turbo")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(`${path}:${statSync(path).size}:${statSync(path).mtimeMs}\n`);
    }
  };
  for (const root of roots) if (existsSync(root)) walk(root);
  return hash.digest("hex");
}
