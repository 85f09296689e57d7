import type { GatewayConfigInput } from "@switchyard/schemas";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { buildApp } from "./app";
import { ControlPlaneSync } from "./config/control-plane-sync";
import { readConfigFile } from "./config/load-file";
import { watchFile } from "./config/watch-file";
import type { GovernancePluginOptions } from "./governance/plugin";
import type { GatewayTracing } from "./observability/tracing/types";
import { deploymentHealthSnapshot } from "./routing/deployment-health";

export interface StartGatewayOptions {
  port?: number;
  host?: string;
  /** Standalone (GitOps) mode: a YAML/JSON GatewayConfig, reloaded when it changes. */
  configFile?: string;
  /** Programmatic mode: a config object. */
  config?: GatewayConfigInput;
  /** Control-plane mode. `dataDir` holds gateway-lkg.json (last-known-good). */
  controlPlane?: { url: string; token: string; dataDir?: string; waitSeconds?: number; heartbeatIntervalMs?: number };
  masterKey?: string;
  logger?: FastifyBaseLogger | false;
  /** What `${NAME}` in a config file resolves against. */
  environment?: Readonly<Record<string, string | undefined>>;
  instanceId?: string;
  /** Shared routing state (cooldowns, deployment limits) across instances; unset: in memory. */
  redisUrl?: string;
  /** Key/channel prefix on that Redis (default "switchyard:"); tests use a unique one. */
  redisPrefix?: string;
  /** Seeds the router's random choices (tests). */
  routingSeed?: number;
  /**
   * Limits, budgets, cache, guardrails and where spend events go. `spend` defaults, in control-plane
   * mode with a `dataDir`, to the control plane through the disk spool in that directory.
   */
  governance?: GovernancePluginOptions;
  /** OpenTelemetry traces (see observability/tracing/settings.ts); unset: none. */
  tracing?: GatewayTracing;
}

export interface RunningGateway {
  readonly app: FastifyInstance;
  /** http://host:port */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Starts a listening gateway with one config source: a file (validated at boot, refused with every
 * problem listed; reloads keep the old config when the new file is bad), a config object, or a
 * control plane (long-poll, last-known-good on disk, heartbeats).
 */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const app = await buildApp({
    logger: options.logger,
    masterKey: options.masterKey,
    instanceId: options.instanceId,
    config: options.config,
    redisUrl: options.redisUrl,
    redisPrefix: options.redisPrefix,
    routingSeed: options.routingSeed,
    governance: governanceOptions(options),
    tracing: options.tracing,
  });
  const stops: Array<() => Promise<void> | void> = [];

  if (options.configFile) {
    const path = options.configFile;
    const environment = options.environment ?? {};
    const initial = await readConfigFile(path, environment);
    const applied = initial.ok ? app.gateway.store.apply(initial.raw, { source: path }) : initial;
    if (!applied.ok) {
      await app.close();
      throw new Error(`invalid gateway config ${path}:\n  ${applied.errors.join("\n  ")}`);
    }
    app.log.info({ path }, "config loaded");
    stops.push(
      watchFile(path, () => {
        void readConfigFile(path, environment).then((next) => {
          const result = next.ok ? app.gateway.store.apply(next.raw, { source: path }) : next;
          if (result.ok) app.log.info({ path }, "config reloaded");
          else app.log.error({ path, errors: result.errors }, "config reload refused; keeping the running config");
        });
      }),
    );
  }

  await app.listen({ port: options.port ?? 0, host: options.host ?? "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 0);
  const host = options.host && options.host !== "0.0.0.0" && options.host !== "::" ? options.host : "127.0.0.1";

  if (options.controlPlane) {
    const sync = new ControlPlaneSync({
      url: options.controlPlane.url,
      token: options.controlPlane.token,
      dataDir: options.controlPlane.dataDir,
      waitSeconds: options.controlPlane.waitSeconds,
      heartbeatIntervalMs: options.controlPlane.heartbeatIntervalMs,
      store: app.gateway.store,
      logger: app.log,
      instanceId: app.gateway.instanceId,
      health: () => ({
        ...app.governance.health(),
        deployments: deploymentHealthSnapshot(app.gateway.store.current, app.gateway.router),
      }),
    });
    stops.push(() => sync.stop());
    app.gateway.metrics.probes.controlPlaneUp = () => sync.connected;
    await sync.start();
  }

  let closing: Promise<void> | undefined;
  return {
    app,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    close() {
      closing ??= (async () => {
        for (const stop of stops) await stop();
        await app.close();
      })();
      return closing;
    },
  };
}

function governanceOptions(options: StartGatewayOptions): GovernancePluginOptions | undefined {
  const controlPlane = options.controlPlane;
  if (options.governance?.spend || !controlPlane?.dataDir) return options.governance;
  return {
    ...options.governance,
    spend: { kind: "control-plane", url: controlPlane.url, token: controlPlane.token, dataDir: controlPlane.dataDir },
  };
}

/** SIGINT/SIGTERM: stop taking requests, let in-flight ones finish (bounded), exit. */
export function closeOnSignals(gateway: RunningGateway, onExit: (code: number) => void, graceMs = 15_000): void {
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    gateway.app.log.info({ signal }, "shutting down");
    const force = setTimeout(() => onExit(1), graceMs);
    force.unref();
    gateway.close().then(
      () => onExit(0),
      () => onExit(1),
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}
