import type { Budget, BudgetPeriod, GatewayConfig } from "@switchyard/schemas";
import type { RuntimeKey } from "../../config/runtime";
import { usdToNano } from "../metering/money";

export type PrincipalKind = "key" | "user" | "team" | "organization";

export interface BudgetRule {
  readonly maxUsd: number;
  readonly maxNano: number;
  readonly period: BudgetPeriod;
  /** Nano-dollars at which the soft alert fires; undefined for none. */
  readonly softNano: number | undefined;
}

/** Someone limits and budgets apply to: the key itself, its user, its team, the organisation. */
export interface Principal {
  readonly kind: PrincipalKind;
  /** Stable id used in counter names. */
  readonly id: string;
  /** What error messages call it. */
  readonly label: string;
  readonly rpm: number | undefined;
  readonly tpm: number | undefined;
  readonly maxParallel: number | undefined;
  readonly budget: BudgetRule | undefined;
}

function budgetRule(budget: Budget | undefined): BudgetRule | undefined {
  if (!budget) return undefined;
  const maxNano = Number(usdToNano(budget.maxUsd));
  const softNano = budget.softLimit !== undefined ? Math.floor(maxNano * budget.softLimit) : undefined;
  return { maxUsd: budget.maxUsd, maxNano, period: budget.period, softNano };
}

interface LimitFields {
  rpm?: number;
  tpm?: number;
  maxParallel?: number;
  budget?: Budget;
}

function principal(kind: PrincipalKind, id: string, label: string, fields: LimitFields): Principal | undefined {
  const rule = budgetRule(fields.budget);
  if (fields.rpm === undefined && fields.tpm === undefined && fields.maxParallel === undefined && !rule) return undefined;
  return { kind, id, label, rpm: fields.rpm, tpm: fields.tpm, maxParallel: fields.maxParallel, budget: rule };
}

/** Every principal of a key that has at least one limit or budget, key first. */
export function principalsOf(
  key: RuntimeKey,
  config: GatewayConfig,
  users: ReadonlyMap<string, GatewayConfig["users"][number]>,
): Principal[] {
  const result: Principal[] = [];
  const keyId = key.id ?? key.hash.toString("hex").slice(0, 32);
  const own = principal("key", keyId, key.name ? `key '${key.name}'` : "this key", key.config);
  if (own) result.push(own);
  if (key.user) {
    const user = users.get(key.user);
    const found = user ? principal("user", user.id, `user '${user.id}'`, user) : undefined;
    if (found) result.push(found);
  }
  if (key.teamConfig) {
    const team = principal("team", key.teamConfig.id, `team '${key.teamConfig.id}'`, key.teamConfig);
    if (team) result.push(team);
  }
  if (config.organization) {
    const organization = principal("organization", config.organization.id, `organization '${config.organization.id}'`, {
      budget: config.organization.budget,
    });
    if (organization) result.push(organization);
  }
  return result;
}
