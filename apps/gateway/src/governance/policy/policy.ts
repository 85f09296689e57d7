import { lookupPrice } from "@switchyard/providers/prices/index";
import type { GatewayConfig } from "@switchyard/schemas";
import type { RuntimeConfig, RuntimeDeployment, RuntimeKey } from "../../config/runtime";
import { type CompiledGuardrails, compileGuardrails } from "../guardrails/compile";
import { compilePrice, maxPrice, type TokenPrice, zeroPrice } from "../metering/cost";
import { type Principal, principalsOf } from "./principals";

export interface DeploymentFacts {
  readonly price: TokenPrice;
  /** Adapter name ("openai", "openai-compatible/groq"), reported in spend events. */
  readonly provider: string;
}

export interface CachePolicy {
  readonly enabled: boolean;
  readonly ttlMs: number;
  readonly shared: boolean;
}

function deploymentPrice(deployment: RuntimeDeployment): TokenPrice {
  if (deployment.config.price) return compilePrice(deployment.config.price, "deployment");
  const listed = lookupPrice(deployment.adapter.name, deployment.config.model, deployment.config.preset);
  return listed ? compilePrice(listed, "table") : zeroPrice;
}

/**
 * Governance's view of one config, compiled once when the config is swapped in: prices per
 * deployment (the deployment's own `price`, else the table), principals per key, guardrails with
 * their patterns built, and the dearest price a model's request could be routed to.
 */
export class GovernancePolicy {
  readonly deployments = new Map<string, DeploymentFacts>();
  readonly guardrails: CompiledGuardrails;
  readonly cache: CachePolicy;
  readonly failMode: GatewayConfig["limits"]["failMode"];
  /** limits.allowances: busy principals spend from per-gateway allowances (limits/allowances.ts). */
  readonly allowances: boolean;
  /** Redis hash tag: every counter one request touches lives in one cluster slot. */
  readonly hashTag: string;
  /** Deployments priced at zero because neither the config nor the table knows them. */
  readonly unpriced: string[] = [];
  private readonly users: ReadonlyMap<string, GatewayConfig["users"][number]>;
  private readonly principalsByKey = new WeakMap<RuntimeKey, readonly Principal[]>();
  private readonly reservationPrices = new Map<string, TokenPrice>();

  constructor(readonly runtime: RuntimeConfig) {
    const config = runtime.config;
    for (const model of runtime.models.values()) {
      for (const deployment of model.deployments) {
        const price = deploymentPrice(deployment);
        if (price.source === "none") this.unpriced.push(deployment.id);
        this.deployments.set(deployment.id, { price, provider: deployment.adapter.name });
      }
    }
    this.guardrails = compileGuardrails(config.guardrails);
    this.cache = { enabled: config.cache.mode === "exact", ttlMs: config.cache.ttlSeconds * 1000, shared: config.cache.shared };
    this.failMode = config.limits.failMode;
    this.allowances = config.limits.allowances;
    this.hashTag = (config.organization?.id ?? "default").replace(/[{}]/g, "");
    this.users = new Map(config.users.map((user) => [user.id, user]));
  }

  principals(key: RuntimeKey): readonly Principal[] {
    let found = this.principalsByKey.get(key);
    if (!found) {
      found = principalsOf(key, this.runtime.config, this.users);
      this.principalsByKey.set(key, found);
    }
    return found;
  }

  /** The dearest price among the model's deployments and its fallbacks' (routing picks later). */
  reservationPrice(modelName: string): TokenPrice {
    let price = this.reservationPrices.get(modelName);
    if (!price) {
      const prices: TokenPrice[] = [];
      const visit = (name: string, seen: Set<string>) => {
        if (seen.has(name)) return;
        seen.add(name);
        const model = this.runtime.models.get(name);
        if (!model) return;
        for (const deployment of model.deployments) prices.push(this.deployments.get(deployment.id)?.price ?? zeroPrice);
        for (const fallback of [...model.config.fallbacks, ...model.config.contextWindowFallbacks, ...model.config.contentPolicyFallbacks])
          visit(fallback, seen);
      };
      visit(modelName, new Set());
      price = maxPrice(prices);
      this.reservationPrices.set(modelName, price);
    }
    return price;
  }
}

const policies = new WeakMap<RuntimeConfig, GovernancePolicy>();

export function policyFor(runtime: RuntimeConfig): GovernancePolicy {
  let policy = policies.get(runtime);
  if (!policy) {
    policy = new GovernancePolicy(runtime);
    policies.set(runtime, policy);
  }
  return policy;
}
