import { type GuardrailConfig, guardrailSchema } from "@switchyard/schemas";
import { z } from "zod";
import { writeAudit } from "../../audit/write-audit";
import type { Caller } from "../../auth/caller";
import type { Prisma } from "../../db";
import { AppError } from "../../errors";
import { iso } from "../../util/dates";

type GuardrailRow = Prisma.GuardrailPolicyGetPayload<object>;

/** Type-specific settings, validated with the same rules the gateway applies. */
export const guardrailSettingsSchema = guardrailSchema.pick({
  entities: true,
  words: true,
  patterns: true,
  threshold: true,
  maxTokens: true,
  maxRounds: true,
  restore: true,
});
export const guardrailScopeSchema = z
  .object({ teams: z.array(z.string()).optional(), keys: z.array(z.string()).optional(), models: z.array(z.string()).optional() })
  .strict();

/**
 * A policy as gateways receive it (services/config/compile.ts), which "try it" runs too: a scope with
 * no names in any list is dropped, so it applies to everyone.
 */
export function guardrailConfigOf(row: GuardrailRow): GuardrailConfig {
  const settings = guardrailSettingsSchema.safeParse(row.settings);
  const scope = guardrailScopeSchema.safeParse(row.scope);
  const hasScope = scope.success && Object.values(scope.data).some((list) => list && list.length > 0);
  return {
    id: row.slug,
    type: row.type as GuardrailConfig["type"],
    mode: row.mode as GuardrailConfig["mode"],
    stage: row.stage as GuardrailConfig["stage"],
    ...(settings.success ? settings.data : {}),
    ...(hasScope && scope.success ? { scope: scope.data } : {}),
  };
}

export interface GuardrailView {
  id: string;
  slug: string;
  name: string;
  type: string;
  mode: string;
  stage: string;
  settings: z.infer<typeof guardrailSettingsSchema>;
  /** Team slugs, key ids and model names; empty = everything. */
  scope: z.infer<typeof guardrailScopeSchema>;
  enabled: boolean;
  updatedAt: string;
}

function toView(row: GuardrailRow): GuardrailView {
  const settings = guardrailSettingsSchema.safeParse(row.settings);
  const scope = guardrailScopeSchema.safeParse(row.scope);
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    type: row.type,
    mode: row.mode,
    stage: row.stage,
    settings: settings.success ? settings.data : {},
    scope: scope.success ? scope.data : {},
    enabled: row.enabled,
    updatedAt: iso(row.updatedAt),
  };
}

const fields = {
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "lowercase letters, digits and '-'"),
  name: z.string().trim().min(1).max(120),
  type: guardrailSchema.shape.type,
  mode: z.enum(["mask", "block"]).default("block"),
  stage: z.enum(["pre", "post", "both"]).default("pre"),
  settings: guardrailSettingsSchema.default({}),
  scope: guardrailScopeSchema.default({}),
  enabled: z.boolean().default(true),
};

export const createGuardrailInput = z.object(fields).strict();
export const updateGuardrailInput = z
  .object({
    guardrailId: z.string().min(1),
    name: fields.name.optional(),
    mode: z.enum(["mask", "block"]).optional(),
    stage: z.enum(["pre", "post", "both"]).optional(),
    settings: guardrailSettingsSchema.optional(),
    scope: guardrailScopeSchema.optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export const guardrailIdInput = z.object({ guardrailId: z.string().min(1) }).strict();

export async function listGuardrails(caller: Caller): Promise<GuardrailView[]> {
  const rows = await caller.prisma.guardrailPolicy.findMany({
    where: { organizationId: caller.scope.organizationId },
    orderBy: { slug: "asc" },
  });
  return rows.map(toView);
}

export async function createGuardrail(caller: Caller, input: z.infer<typeof createGuardrailInput>): Promise<GuardrailView> {
  const organizationId = caller.scope.organizationId;
  return caller.prisma.$transaction(async (tx) => {
    const clash = await tx.guardrailPolicy.findUnique({
      where: { organizationId_slug: { organizationId, slug: input.slug } },
      select: { id: true },
    });
    if (clash) throw new AppError("conflict", `a guardrail with id ${input.slug} already exists`);
    const row = await tx.guardrailPolicy.create({ data: { organizationId, ...input } });
    const view = toView(row);
    await writeAudit(tx, caller.actor, {
      organizationId,
      action: "guardrail-created",
      targetType: "guardrail",
      targetId: row.id,
      after: view,
    });
    return view;
  });
}

export async function updateGuardrail(caller: Caller, input: z.infer<typeof updateGuardrailInput>): Promise<GuardrailView> {
  const organizationId = caller.scope.organizationId;
  const { guardrailId, ...data } = input;
  return caller.prisma.$transaction(async (tx) => {
    const before = await tx.guardrailPolicy.findFirst({ where: { id: guardrailId, organizationId } });
    if (!before) throw new AppError("not_found", "guardrail not found");
    const after = await tx.guardrailPolicy.update({ where: { id: before.id }, data });
    const view = toView(after);
    await writeAudit(tx, caller.actor, {
      organizationId,
      action: "guardrail-updated",
      targetType: "guardrail",
      targetId: before.id,
      before: toView(before),
      after: view,
    });
    return view;
  });
}

export async function deleteGuardrail(caller: Caller, input: z.infer<typeof guardrailIdInput>): Promise<{ id: string }> {
  const organizationId = caller.scope.organizationId;
  return caller.prisma.$transaction(async (tx) => {
    const before = await tx.guardrailPolicy.findFirst({ where: { id: input.guardrailId, organizationId } });
    if (!before) throw new AppError("not_found", "guardrail not found");
    await tx.guardrailPolicy.delete({ where: { id: before.id } });
    await writeAudit(tx, caller.actor, {
      organizationId,
      action: "guardrail-deleted",
      targetType: "guardrail",
      targetId: before.id,
      before: toView(before),
    });
    return { id: before.id };
  });
}
