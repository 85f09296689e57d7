import { deploymentSchema, providerNames } from "@switchyard/schemas";
import { z } from "zod";
import { writeAudit } from "../../audit/write-audit";
import type { Caller } from "../../auth/caller";
import type { Prisma, Transaction } from "../../db";
import { AppError } from "../../errors";
import { microsInput } from "../../util/money";
import { type DeploymentView, deploymentInclude, toDeploymentView } from "./deployment-view";

const priceInput = z
  .object({
    inputMicrosPerMTok: microsInput,
    outputMicrosPerMTok: microsInput,
    cachedInputMicrosPerMTok: microsInput.nullable().optional(),
    cacheWriteMicrosPerMTok: microsInput.nullable().optional(),
  })
  .strict();

const deploymentFields = {
  /** Published as the deployment id (x-switchyard-deployment). */
  slug: deploymentSchema.shape.id,
  modelName: z.string().trim().min(1).max(200),
  provider: z.enum(providerNames),
  preset: z.string().min(1).nullable().optional(),
  upstreamModel: z.string().trim().min(1).max(200),
  apiBase: z.string().url().nullable().optional(),
  apiVersion: z.string().min(1).nullable().optional(),
  region: z.string().min(1).nullable().optional(),
  credentialId: z.string().min(1).nullable().optional(),
  weight: z.number().int().min(0).max(1000).optional(),
  rpm: z.number().int().positive().nullable().optional(),
  tpm: z.number().int().positive().nullable().optional(),
  maxParallel: z.number().int().positive().nullable().optional(),
  timeoutMs: z.number().int().positive().max(600_000).optional(),
  price: priceInput.optional(),
  tags: z.array(z.string().min(1)).max(50).optional(),
  contextWindow: z.number().int().positive().nullable().optional(),
  mode: z.enum(["chat", "embedding"]).optional(),
  enabled: z.boolean().optional(),
  options: z.record(z.string(), z.unknown()).optional(),
};

export const createDeploymentInput = z.object(deploymentFields).strict();
export const updateDeploymentInput = z.object({ deploymentId: z.string().min(1), ...z.object(deploymentFields).partial().shape }).strict();
export const deploymentIdInput = z.object({ deploymentId: z.string().min(1) }).strict();
export const setDeploymentEnabledInput = z.object({ deploymentId: z.string().min(1), enabled: z.boolean() }).strict();

type Fields = Partial<z.infer<typeof createDeploymentInput>>;

function columnsOf(fields: Fields): Prisma.ModelDeploymentUncheckedUpdateInput {
  const { price, options, ...rest } = fields;
  return {
    ...rest,
    ...(options === undefined ? {} : { options: options as Prisma.InputJsonValue }),
    ...(price === undefined
      ? {}
      : {
          inputMicrosPerMTok: price.inputMicrosPerMTok,
          outputMicrosPerMTok: price.outputMicrosPerMTok,
          cachedInputMicrosPerMTok: price.cachedInputMicrosPerMTok ?? null,
          cacheWriteMicrosPerMTok: price.cacheWriteMicrosPerMTok ?? null,
        }),
  };
}

async function assertCredential(tx: Transaction, organizationId: string, credentialId: string | null | undefined): Promise<void> {
  if (!credentialId) return;
  const credential = await tx.providerCredential.findFirst({ where: { id: credentialId, organizationId }, select: { id: true } });
  if (!credential) throw new AppError("not_found", "credential not found");
}

export async function listDeployments(caller: Caller): Promise<DeploymentView[]> {
  const rows = await caller.prisma.modelDeployment.findMany({
    where: { organizationId: caller.scope.organizationId },
    include: deploymentInclude,
    orderBy: [{ modelName: "asc" }, { slug: "asc" }],
  });
  return rows.map(toDeploymentView);
}

export async function createDeployment(caller: Caller, input: z.infer<typeof createDeploymentInput>): Promise<DeploymentView> {
  const organizationId = caller.scope.organizationId;
  return caller.prisma.$transaction(async (tx) => {
    await assertCredential(tx, organizationId, input.credentialId);
    const clash = await tx.modelDeployment.findUnique({
      where: { organizationId_slug: { organizationId, slug: input.slug } },
      select: { id: true },
    });
    if (clash) throw new AppError("conflict", `a deployment with id ${input.slug} already exists`);
    const data = columnsOf(input) as Prisma.ModelDeploymentUncheckedCreateInput;
    const row = await tx.modelDeployment.create({ data: { ...data, organizationId }, include: deploymentInclude });
    const view = toDeploymentView(row);
    await writeAudit(tx, caller.actor, {
      organizationId,
      action: "deployment-created",
      targetType: "deployment",
      targetId: row.id,
      after: view,
    });
    return view;
  });
}

export async function updateDeployment(caller: Caller, input: z.infer<typeof updateDeploymentInput>): Promise<DeploymentView> {
  const { deploymentId, ...fields } = input;
  return changeDeployment(caller, deploymentId, fields, "deployment-updated");
}

export async function setDeploymentEnabled(caller: Caller, input: z.infer<typeof setDeploymentEnabledInput>): Promise<DeploymentView> {
  return changeDeployment(
    caller,
    input.deploymentId,
    { enabled: input.enabled },
    input.enabled ? "deployment-enabled" : "deployment-disabled",
  );
}

async function changeDeployment(caller: Caller, deploymentId: string, fields: Fields, action: string): Promise<DeploymentView> {
  const organizationId = caller.scope.organizationId;
  return caller.prisma.$transaction(async (tx) => {
    const before = await tx.modelDeployment.findFirst({ where: { id: deploymentId, organizationId }, include: deploymentInclude });
    if (!before) throw new AppError("not_found", "deployment not found");
    await assertCredential(tx, organizationId, fields.credentialId);
    const after = await tx.modelDeployment.update({ where: { id: before.id }, data: columnsOf(fields), include: deploymentInclude });
    const view = toDeploymentView(after);
    await writeAudit(tx, caller.actor, {
      organizationId,
      action,
      targetType: "deployment",
      targetId: before.id,
      before: toDeploymentView(before),
      after: view,
    });
    return view;
  });
}

export async function deleteDeployment(caller: Caller, input: z.infer<typeof deploymentIdInput>): Promise<{ id: string }> {
  const organizationId = caller.scope.organizationId;
  return caller.prisma.$transaction(async (tx) => {
    const before = await tx.modelDeployment.findFirst({ where: { id: input.deploymentId, organizationId }, include: deploymentInclude });
    if (!before) throw new AppError("not_found", "deployment not found");
    await tx.modelDeployment.delete({ where: { id: before.id } });
    await writeAudit(tx, caller.actor, {
      organizationId,
      action: "deployment-deleted",
      targetType: "deployment",
      targetId: before.id,
      before: toDeploymentView(before),
    });
    return { id: before.id };
  });
}
