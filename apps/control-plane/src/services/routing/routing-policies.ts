import { routingStrategySchema } from "@switchyard/schemas";
import { z } from "zod";
import { writeAudit } from "../../audit/write-audit";
import type { Caller } from "../../auth/caller";
import type { Prisma } from "../../db";
import { AppError } from "../../errors";
import { iso } from "../../util/dates";

type PolicyRow = Prisma.RoutingPolicyGetPayload<object>;

export interface RoutingPolicyView {
  id: string;
  /** null: the organisation default. */
  modelName: string | null;
  strategy: z.infer<typeof routingStrategySchema>;
  retries: number;
  cooldownSeconds: number;
  allowedFailures: number;
  fallbacks: string[];
  contextWindowFallbacks: string[];
  contentPolicyFallbacks: string[];
  updatedAt: string;
}

function toView(row: PolicyRow): RoutingPolicyView {
  const strategy = routingStrategySchema.safeParse(row.strategy);
  return {
    id: row.id,
    modelName: row.modelName,
    strategy: strategy.success ? strategy.data : "weighted",
    retries: row.retries,
    cooldownSeconds: row.cooldownSeconds,
    allowedFailures: row.allowedFailures,
    fallbacks: row.fallbacks,
    contextWindowFallbacks: row.contextWindowFallbacks,
    contentPolicyFallbacks: row.contentPolicyFallbacks,
    updatedAt: iso(row.updatedAt),
  };
}

const modelList = z.array(z.string().min(1)).max(20);

export const upsertRoutingPolicyInput = z
  .object({
    modelName: z.string().min(1).nullable(),
    strategy: routingStrategySchema.default("weighted"),
    retries: z.number().int().min(0).max(10).default(2),
    cooldownSeconds: z.number().int().min(0).max(3600).default(30),
    allowedFailures: z.number().int().positive().max(100).default(3),
    fallbacks: modelList.default([]),
    contextWindowFallbacks: modelList.default([]),
    contentPolicyFallbacks: modelList.default([]),
  })
  .strict()
  .refine((input) => input.modelName === null || !input.fallbacks.includes(input.modelName), {
    message: "a model cannot fall back to itself",
    path: ["fallbacks"],
  });
export const deleteRoutingPolicyInput = z.object({ modelName: z.string().min(1) }).strict();

export async function listRoutingPolicies(caller: Caller): Promise<RoutingPolicyView[]> {
  const rows = await caller.prisma.routingPolicy.findMany({
    where: { organizationId: caller.scope.organizationId },
    orderBy: [{ modelName: { sort: "asc", nulls: "first" } }],
  });
  return rows.map(toView);
}

export async function upsertRoutingPolicy(caller: Caller, input: z.infer<typeof upsertRoutingPolicyInput>): Promise<RoutingPolicyView> {
  const organizationId = caller.scope.organizationId;
  const { modelName, ...values } = input;
  return caller.prisma.$transaction(async (tx) => {
    const existing = await tx.routingPolicy.findFirst({ where: { organizationId, modelName } });
    const row = existing
      ? await tx.routingPolicy.update({ where: { id: existing.id }, data: values })
      : await tx.routingPolicy.create({ data: { organizationId, modelName, ...values } });
    const view = toView(row);
    await writeAudit(tx, caller.actor, {
      organizationId,
      action: existing ? "routing-policy-updated" : "routing-policy-created",
      targetType: "routing-policy",
      targetId: row.id,
      before: existing ? toView(existing) : undefined,
      after: view,
    });
    return view;
  });
}

export async function deleteRoutingPolicy(caller: Caller, input: z.infer<typeof deleteRoutingPolicyInput>): Promise<{ id: string }> {
  const organizationId = caller.scope.organizationId;
  return caller.prisma.$transaction(async (tx) => {
    const existing = await tx.routingPolicy.findFirst({ where: { organizationId, modelName: input.modelName } });
    if (!existing) throw new AppError("not_found", "no routing policy for that model");
    await tx.routingPolicy.delete({ where: { id: existing.id } });
    await writeAudit(tx, caller.actor, {
      organizationId,
      action: "routing-policy-deleted",
      targetType: "routing-policy",
      targetId: existing.id,
      before: toView(existing),
    });
    return { id: existing.id };
  });
}
