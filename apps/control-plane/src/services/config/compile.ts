import {
  type Budget,
  type DeploymentConfig,
  type GatewayConfig,
  type GatewayConfigInput,
  type GuardrailConfig,
  gatewayConfigSchema,
  type KeyConfig,
  type ModelConfig,
  routingStrategySchema,
} from "@switchyard/schemas";
import type { Database, Prisma } from "../../db";
import { AppError } from "../../errors";
import { microsToUsd } from "../../util/money";
import { type BudgetPeriod, configPeriodOf } from "../budgets/budget-period";
import { guardrailConfigOf } from "../guardrails/guardrail-policies";

/**
 * Turns the organisation's current database state into the GatewayConfig that
 * data planes run. Deterministic for a given state and instant (sorted inputs,
 * no timestamps), so "is there a draft?" is a sha comparison. Credentials stay
 * sealed; virtual keys appear only as hashes.
 */
export interface CompileResult {
  config: GatewayConfig;
  /** Things dropped to keep the config valid, e.g. a fallback to a model with no enabled deployment. */
  warnings: string[];
}

type BudgetRow = Prisma.BudgetGetPayload<object>;

function budgetOf(row: BudgetRow | undefined): Budget | undefined {
  if (!row) return undefined;
  const budget: Budget = { maxUsd: microsToUsd(row.amountMicros), period: configPeriodOf[row.period as BudgetPeriod] };
  if (row.softThreshold !== null) budget.softLimit = Number(row.softThreshold.toString());
  return budget;
}

/** Omits nulls so the published JSON carries only what is set. */
function defined<T extends Record<string, unknown>>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(value).filter(([, child]) => child !== null && child !== undefined)) as {
    [K in keyof T]: Exclude<T[K], null>;
  };
}

const byString = (left: string, right: string) => (left < right ? -1 : left > right ? 1 : 0);

export async function compileConfig(prisma: Database, organizationId: string, now = new Date()): Promise<CompileResult> {
  const [deployments, policies, teams, keys, budgets, guardrails] = await Promise.all([
    prisma.modelDeployment.findMany({
      where: { organizationId, enabled: true },
      include: { credential: { select: { keyVersion: true, iv: true, authTag: true, ciphertext: true } } },
    }),
    prisma.routingPolicy.findMany({ where: { organizationId } }),
    prisma.team.findMany({ where: { organizationId, archivedAt: null } }),
    prisma.virtualKey.findMany({
      where: {
        organizationId,
        revokedAt: null,
        OR: [{ graceUntil: null }, { graceUntil: { gt: now } }],
        AND: [
          { OR: [{ teamId: null }, { team: { archivedAt: null } }] },
          { OR: [{ ownerId: null }, { owner: { status: { not: "DEACTIVATED" } } }] },
        ],
      },
      include: { team: { select: { slug: true } } },
    }),
    prisma.budget.findMany({ where: { organizationId } }),
    prisma.guardrailPolicy.findMany({ where: { organizationId, enabled: true } }),
  ]);
  const warnings: string[] = [];

  const budgetFor = (scope: BudgetRow["scope"], id: string | null) =>
    budgetOf(
      budgets.find(
        (row) =>
          row.scope === scope &&
          (scope === "ORGANIZATION" || (scope === "TEAM" ? row.teamId : scope === "USER" ? row.userId : row.keyId) === id),
      ),
    );

  const deploymentsByModel = new Map<string, typeof deployments>();
  for (const deployment of deployments) {
    const list = deploymentsByModel.get(deployment.modelName) ?? [];
    list.push(deployment);
    deploymentsByModel.set(deployment.modelName, list);
  }
  const modelNames = [...deploymentsByModel.keys()].sort(byString);
  const policyFor = (modelName: string | null) => policies.find((policy) => policy.modelName === modelName);
  const knownModels = (modelName: string, kind: string, targets: string[]) =>
    targets.filter((target) => {
      if (deploymentsByModel.has(target)) return true;
      warnings.push(`${modelName}: ${kind} "${target}" dropped (no enabled deployment)`);
      return false;
    });

  const models: ModelConfig[] = modelNames.map((name) => {
    const rows = (deploymentsByModel.get(name) ?? []).sort((left, right) => byString(left.slug, right.slug));
    const policy = policyFor(name);
    const strategy = routingStrategySchema.safeParse(policy?.strategy);
    const model: ModelConfig = {
      name,
      deployments: rows.map(
        (row): DeploymentConfig => ({
          ...defined({
            id: row.slug,
            provider: row.provider as DeploymentConfig["provider"],
            preset: row.preset,
            model: row.upstreamModel,
            apiBase: row.apiBase,
            apiVersion: row.apiVersion,
            region: row.region,
            rpm: row.rpm,
            tpm: row.tpm,
            maxParallel: row.maxParallel,
            contextWindow: row.contextWindow,
          }),
          ...(row.credential
            ? {
                apiKeySealed: {
                  keyVersion: row.credential.keyVersion,
                  iv: row.credential.iv,
                  tag: row.credential.authTag,
                  ciphertext: row.credential.ciphertext,
                },
              }
            : {}),
          ...(row.options && typeof row.options === "object" && Object.keys(row.options).length > 0
            ? { options: row.options as Record<string, unknown> }
            : {}),
          weight: row.weight,
          timeoutMs: row.timeoutMs,
          price: {
            inputPerMTok: microsToUsd(row.inputMicrosPerMTok),
            outputPerMTok: microsToUsd(row.outputMicrosPerMTok),
            ...(row.cachedInputMicrosPerMTok === null ? {} : { cachedInputPerMTok: microsToUsd(row.cachedInputMicrosPerMTok) }),
            ...(row.cacheWriteMicrosPerMTok === null ? {} : { cacheWritePerMTok: microsToUsd(row.cacheWriteMicrosPerMTok) }),
          },
          tags: [...row.tags].sort(byString),
          enabled: true,
        }),
      ),
      fallbacks: knownModels(name, "fallback", policy?.fallbacks ?? []),
      contextWindowFallbacks: knownModels(name, "context-window fallback", policy?.contextWindowFallbacks ?? []),
      contentPolicyFallbacks: knownModels(name, "content-policy fallback", policy?.contentPolicyFallbacks ?? []),
      mode: rows.some((row) => row.mode === "embedding") ? "embedding" : "chat",
    };
    if (policy) {
      model.routing = {
        strategy: strategy.success ? strategy.data : "weighted",
        retries: policy.retries,
        cooldownSeconds: policy.cooldownSeconds,
        allowedFailures: policy.allowedFailures,
      };
    }
    return model;
  });

  const defaultPolicy = policyFor(null);
  const defaultStrategy = routingStrategySchema.safeParse(defaultPolicy?.strategy);
  const organizationBudget = budgetFor("ORGANIZATION", null);
  const userBudgets = budgets
    .filter((row) => row.scope === "USER" && row.userId)
    .sort((left, right) => byString(left.userId ?? "", right.userId ?? ""));

  const compiledKeys: KeyConfig[] = keys
    .sort((left, right) => byString(left.keyHash, right.keyHash))
    .map((row) => {
      // A key in its rotation grace period stops at graceUntil even if the gateway never hears again.
      const ends = [row.expiresAt, row.graceUntil].filter((date): date is Date => date !== null);
      const expiresAt = ends.length > 0 ? new Date(Math.min(...ends.map((date) => date.getTime()))) : undefined;
      return {
        hash: row.keyHash,
        ...defined({
          id: row.id,
          name: row.name,
          team: row.team?.slug ?? null,
          user: row.ownerId,
          rpm: row.rpm,
          tpm: row.tpm,
          maxParallel: row.maxParallel,
        }),
        ...(row.allowedModels.length > 0 ? { models: [...row.allowedModels].sort(byString) } : {}),
        ...(expiresAt ? { expiresAt } : {}),
        ...(budgetFor("KEY", row.id) ? { budget: budgetFor("KEY", row.id) } : {}),
      };
    });

  const compiledGuardrails: GuardrailConfig[] = guardrails.sort((left, right) => byString(left.slug, right.slug)).map(guardrailConfigOf);

  const input: GatewayConfigInput = {
    version: 1,
    models,
    routing: {
      strategy: defaultStrategy.success ? defaultStrategy.data : "weighted",
      retries: defaultPolicy?.retries ?? 2,
      cooldownSeconds: defaultPolicy?.cooldownSeconds ?? 30,
      allowedFailures: defaultPolicy?.allowedFailures ?? 3,
    },
    organization: { id: organizationId, ...(organizationBudget ? { budget: organizationBudget } : {}) },
    teams: teams
      .sort((left, right) => byString(left.slug, right.slug))
      .map((team) => ({
        id: team.slug,
        name: team.name,
        ...defined({ rpm: team.rpm, tpm: team.tpm, maxParallel: team.maxParallel }),
        // Only when on, so configs of teams that never opted in keep their sha256.
        ...(team.logPayloads ? { logPayloads: true } : {}),
        ...(team.allowedModels.length > 0 ? { models: [...team.allowedModels].sort(byString) } : {}),
        ...(budgetFor("TEAM", team.id) ? { budget: budgetFor("TEAM", team.id) } : {}),
      })),
    users: userBudgets.map((row) => ({ id: row.userId ?? "", budget: budgetOf(row) })),
    keys: compiledKeys,
    guardrails: compiledGuardrails,
  };
  const parsed = gatewayConfigSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new AppError("precondition_failed", `the current configuration is not valid: ${problems}`);
  }
  return { config: parsed.data, warnings };
}
