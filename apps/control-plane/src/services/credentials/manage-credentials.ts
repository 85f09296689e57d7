import { providerNames } from "@switchyard/schemas";
import { z } from "zod";
import { writeAudit } from "../../audit/write-audit";
import type { Caller } from "../../auth/caller";
import { AppError } from "../../errors";
import { type CredentialView, credentialSelect, type Sealer, sealedColumns, toCredentialView } from "./credential-view";

const secretInput = z.string().min(8, "too short to be a provider key").max(8192);

export const createCredentialInput = z
  .object({ name: z.string().trim().min(1).max(120), provider: z.enum(providerNames), apiKey: secretInput })
  .strict();
export const replaceCredentialInput = z.object({ credentialId: z.string().min(1), apiKey: secretInput }).strict();
export const credentialIdInput = z.object({ credentialId: z.string().min(1) }).strict();

export async function listCredentials(caller: Caller): Promise<CredentialView[]> {
  const rows = await caller.prisma.providerCredential.findMany({
    where: { organizationId: caller.scope.organizationId },
    select: credentialSelect,
    orderBy: { name: "asc" },
  });
  return rows.map(toCredentialView);
}

/** The plaintext is sealed before the transaction starts and is never part of a return value or audit row. */
export async function createCredential(
  caller: Caller,
  sealer: Sealer,
  input: z.infer<typeof createCredentialInput>,
): Promise<CredentialView> {
  const organizationId = caller.scope.organizationId;
  const columns = sealedColumns(sealer(input.apiKey), input.apiKey);
  return caller.prisma.$transaction(async (tx) => {
    const clash = await tx.providerCredential.findUnique({
      where: { organizationId_name: { organizationId, name: input.name } },
      select: { id: true },
    });
    if (clash) throw new AppError("conflict", `a credential named ${input.name} already exists`);
    const row = await tx.providerCredential.create({
      data: { organizationId, name: input.name, provider: input.provider, ...columns },
      select: credentialSelect,
    });
    const view = toCredentialView(row);
    await writeAudit(tx, caller.actor, {
      organizationId,
      action: "credential-created",
      targetType: "credential",
      targetId: row.id,
      after: view,
    });
    return view;
  });
}

export async function replaceCredential(
  caller: Caller,
  sealer: Sealer,
  input: z.infer<typeof replaceCredentialInput>,
): Promise<CredentialView> {
  const organizationId = caller.scope.organizationId;
  const columns = sealedColumns(sealer(input.apiKey), input.apiKey);
  return caller.prisma.$transaction(async (tx) => {
    const before = await tx.providerCredential.findFirst({ where: { id: input.credentialId, organizationId }, select: credentialSelect });
    if (!before) throw new AppError("not_found", "credential not found");
    const after = await tx.providerCredential.update({ where: { id: before.id }, data: columns, select: credentialSelect });
    const view = toCredentialView(after);
    await writeAudit(tx, caller.actor, {
      organizationId,
      action: "credential-replaced",
      targetType: "credential",
      targetId: before.id,
      before: toCredentialView(before),
      after: view,
    });
    return view;
  });
}

/** Deployments using it lose their key (the foreign key sets null) and show up in the next diff. */
export async function deleteCredential(caller: Caller, input: z.infer<typeof credentialIdInput>): Promise<{ id: string }> {
  const organizationId = caller.scope.organizationId;
  return caller.prisma.$transaction(async (tx) => {
    const before = await tx.providerCredential.findFirst({ where: { id: input.credentialId, organizationId }, select: credentialSelect });
    if (!before) throw new AppError("not_found", "credential not found");
    await tx.providerCredential.delete({ where: { id: before.id } });
    await writeAudit(tx, caller.actor, {
      organizationId,
      action: "credential-deleted",
      targetType: "credential",
      targetId: before.id,
      before: toCredentialView(before),
    });
    return { id: before.id };
  });
}
