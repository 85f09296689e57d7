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

/**
 * Insert-or-update on the unique indexes (organization, model_name) and, for the default
 * (model_name NULL), routing_policies_default_key: the insert skips on conflict, then the
 * existing row is locked and updated, so concurrent upserts never create a second default.
 */
export async function upsertRoutingPolicy(caller: Caller, input: z.infer<typeof upsertRoutingPolicyInput>): Promise<RoutingPolicyView> {
  const organizationId = caller.scope.organizationId;
  const { modelName, ...values } = input;
  return caller.prisma.$transaction(async (tx) => {
    const created = await tx.routingPolicy.createManyAndReturn({ data: [{ organizationId, modelName, ...values }], skipDuplicates: true });
    const createdRow = created[0];
    if (createdRow) {
      const view = toView(createdRow);
      await writeAudit(tx, caller.actor, {
        organizationId,
        action: "routing-policy-created",
        targetType: "routing-policy",
        targetId: createdRow.id,
        after: view,
      });
      return view;
    }
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM routing_policies WHERE organization_id = ${organizationId} AND model_name IS NOT DISTINCT FROM ${modelName}::text FOR UPDATE`;
    const existingId = locked[0]?.id;
    if (!existingId) throw new AppError("conflict", "the routing policy changed concurrently; try again");
    const existing = await tx.routingPolicy.findUniqueOrThrow({ where: { id: existingId } });
    const row = await tx.routingPolicy.update({ where: { id: existingId }, data: values });
    const view = toView(row);
    await writeAudit(tx, caller.actor, {
      organizationId,
      action: "routing-policy-updated",
      targetType: "routing-policy",
      targetId: row.id,
      before: toView(existing),
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
