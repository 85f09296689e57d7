import { createHash } from "node:crypto";
import type { ProviderAdapter, ProviderRegistry, UpstreamTarget } from "@switchyard/providers";
import type { DeploymentConfig, GatewayConfig, KeyConfig, ModelConfig, TeamConfig } from "@switchyard/schemas";
import { unseal } from "@switchyard/schemas/sealed-secret";

/**
 * A GatewayConfig compiled for the hot path: every lookup a request needs is a Map get,
 * every adapter resolved and every secret unsealed once, when the config is swapped in.
 */

export interface RuntimeDeployment {
  readonly id: string;
  readonly modelName: string;
  readonly config: DeploymentConfig;
  readonly adapter: ProviderAdapter;
  /** Holds the unsealed apiKey: never log it. */
  readonly target: UpstreamTarget;
  /** scheme://host:port, the undici pool key. */
  readonly origin: string;
  readonly weight: number;
  readonly timeoutMs: number;
}

export interface RuntimeModel {
  readonly name: string;
  readonly config: ModelConfig;
  readonly mode: ModelConfig["mode"];
  /** Enabled deployments only. */
  readonly deployments: readonly RuntimeDeployment[];
  readonly totalWeight: number;
}

export interface RuntimeKey {
  readonly hash: Buffer;
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly team: string | undefined;
  readonly user: string | undefined;
  /** Undefined: every model. Intersection of the key's and its team's allow-lists. */
  readonly allowedModels: ReadonlySet<string> | undefined;
  readonly expiresAtMs: number | undefined;
  readonly config: KeyConfig;
  readonly teamConfig: TeamConfig | undefined;
}

export interface ConfigMeta {
  /** Control-plane version; undefined for files and programmatic configs. */
  readonly version?: number;
  readonly sha256?: string;
  readonly source: string;
}

export interface RuntimeConfig {
  readonly config: GatewayConfig;
  readonly meta: ConfigMeta;
  readonly models: ReadonlyMap<string, RuntimeModel>;
  /** Keyed by hex SHA-256 of the virtual key. */
  readonly keys: ReadonlyMap<string, RuntimeKey>;
  readonly maxBodyBytes: number;
  /** Unix seconds, reported as `created` by /v1/models. */
  readonly loadedAt: number;
}

export type CompileResult = { ok: true; runtime: RuntimeConfig } | { ok: false; errors: string[] };

export interface CompileOptions {
  registry: ProviderRegistry;
  masterKey?: string;
  meta: ConfigMeta;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function originOf(apiBase: string): string {
  return new URL(apiBase).origin;
}

function stripTrailingSlash(value: string): string {
  return value.endsWith("/") ? value.slice(0, -1) : value;
}

function intersect(first: readonly string[] | undefined, second: readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (!first && !second) return undefined;
  if (!first) return new Set(second);
  if (!second) return new Set(first);
  const other = new Set(second);
  return new Set(first.filter((name) => other.has(name)));
}

export function compileConfig(config: GatewayConfig, options: CompileOptions): CompileResult {
  const errors: string[] = [];
  const models = new Map<string, RuntimeModel>();

  config.models.forEach((model, modelIndex) => {
    const deployments: RuntimeDeployment[] = [];
    model.deployments.forEach((deployment, deploymentIndex) => {
      const where = `models[${modelIndex}].deployments[${deploymentIndex}]`;
      const adapter = options.registry.resolve(deployment);
      if (!adapter) {
        const name = deployment.preset ? `${deployment.provider}/${deployment.preset}` : deployment.provider;
        errors.push(`${where}.provider: no adapter for "${name}" in this gateway (available: ${options.registry.names().join(", ")})`);
        return;
      }
      const apiBase = deployment.apiBase ?? adapter.defaultApiBase;
      if (!apiBase) {
        errors.push(`${where}.apiBase: required for provider "${deployment.provider}"`);
        return;
      }
      let apiKey = deployment.apiKey;
      if (deployment.apiKeySealed) {
        if (!options.masterKey) {
          errors.push(`${where}.apiKeySealed: SWITCHYARD_MASTER_KEY is not set, cannot unseal the provider key`);
          return;
        }
        try {
          apiKey = unseal(deployment.apiKeySealed, options.masterKey);
        } catch {
          errors.push(`${where}.apiKeySealed: cannot unseal with this SWITCHYARD_MASTER_KEY`);
          return;
        }
      }
      if (model.mode === "embedding" && !adapter.embeddings) {
        errors.push(`${where}.provider: "${adapter.name}" does not serve embeddings`);
        return;
      }
      if (!deployment.enabled) return;
      const base = stripTrailingSlash(apiBase);
      deployments.push({
        id: deployment.id,
        modelName: model.name,
        config: deployment,
        adapter,
        target: {
          deploymentId: deployment.id,
          provider: deployment.provider,
          preset: deployment.preset,
          model: deployment.model,
          apiBase: base,
          apiKey,
          apiVersion: deployment.apiVersion,
          region: deployment.region,
          options: deployment.options ?? {},
        },
        origin: originOf(base),
        weight: deployment.weight,
        timeoutMs: deployment.timeoutMs,
      });
    });
    const totalWeight = deployments.reduce((sum, deployment) => sum + deployment.weight, 0);
    models.set(model.name, { name: model.name, config: model, mode: model.mode, deployments, totalWeight });
  });

  const teams = new Map(config.teams.map((team) => [team.id, team]));
  const keys = new Map<string, RuntimeKey>();
  config.keys.forEach((key, index) => {
    const hashHex = key.hash ?? (key.key ? sha256Hex(key.key) : undefined);
    if (!hashHex) return;
    if (keys.has(hashHex)) {
      errors.push(`keys[${index}]: duplicate key`);
      return;
    }
    const teamConfig = key.team ? teams.get(key.team) : undefined;
    keys.set(hashHex, {
      hash: Buffer.from(hashHex, "hex"),
      id: key.id,
      name: key.name,
      team: key.team,
      user: key.user,
      allowedModels: intersect(key.models, teamConfig?.models),
      expiresAtMs: key.expiresAt?.getTime(),
      config: key,
      teamConfig,
    });
  });

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    runtime: {
      config,
      meta: options.meta,
      models,
      keys,
      maxBodyBytes: config.limits.maxBodyBytes,
      loadedAt: Math.floor(Date.now() / 1000),
    },
  };
}
