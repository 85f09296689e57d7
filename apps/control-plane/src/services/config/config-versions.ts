import { z } from "zod";
import type { Caller } from "../../auth/caller";
import { AppError } from "../../errors";
import { compileConfig } from "./compile";
import { type ConfigChange, diffConfigs } from "./diff";
import { type PublishDeps, type PublishResult, publishConfig } from "./publish";
import { toSnapshot } from "./snapshot";
import { type ConfigVersionView, toVersionView, versionSummarySelect } from "./version-view";
import { type ConfigViewer, filterConfigForViewer } from "./viewer-filter";

export const listVersionsInput = z
  .object({ limit: z.number().int().min(1).max(200).default(50), beforeNumber: z.number().int().positive().optional() })
  .strict()
  .default({ limit: 50 });
export const versionNumberInput = z.object({ number: z.number().int().positive() }).strict();
export const diffVersionsInput = z
  .object({
    from: z.number().int().positive(),
    /** Omitted: the current (unpublished) state. */
    to: z.number().int().positive().optional(),
  })
  .strict();
export const publishInput = z.object({ message: z.string().trim().min(1).max(500) }).strict();
export const rollbackInput = z
  .object({ number: z.number().int().positive(), message: z.string().trim().min(1).max(500).optional() })
  .strict();

export async function listVersions(caller: Caller, input: z.infer<typeof listVersionsInput>): Promise<ConfigVersionView[]> {
  const rows = await caller.prisma.configVersion.findMany({
    where: { organizationId: caller.scope.organizationId, ...(input.beforeNumber ? { number: { lt: input.beforeNumber } } : {}) },
    select: versionSummarySelect,
    orderBy: { number: "desc" },
    take: input.limit,
  });
  return rows.map(toVersionView);
}

async function findVersion(caller: Caller, number: number) {
  const row = await caller.prisma.configVersion.findUnique({
    where: { organizationId_number: { organizationId: caller.scope.organizationId, number } },
  });
  if (!row) throw new AppError("not_found", `version ${number} not found`);
  return row;
}

export async function showVersion(
  caller: Caller,
  viewer: ConfigViewer,
  input: z.infer<typeof versionNumberInput>,
): Promise<ConfigVersionView & { config: unknown }> {
  const row = await findVersion(caller, input.number);
  return { ...toVersionView(row), config: filterConfigForViewer(row.snapshot, viewer) };
}

export async function diffVersions(
  caller: Caller,
  viewer: ConfigViewer,
  input: z.infer<typeof diffVersionsInput>,
): Promise<{ from: number; to: number | null; changes: ConfigChange[] }> {
  const from = await findVersion(caller, input.from);
  const to = input.to
    ? (await findVersion(caller, input.to)).snapshot
    : toSnapshot((await compileConfig(caller.prisma, caller.scope.organizationId)).config).snapshot;
  return {
    from: from.number,
    to: input.to ?? null,
    changes: diffConfigs(filterConfigForViewer(from.snapshot, viewer), filterConfigForViewer(to, viewer)),
  };
}

export interface DraftStatus {
  /** True when the current state compiles to something other than the live version. */
  hasDraft: boolean;
  currentSha256: string;
  published: ConfigVersionView | null;
  changes: ConfigChange[];
  warnings: string[];
}

export async function draftStatus(caller: Caller, viewer: ConfigViewer): Promise<DraftStatus> {
  const organizationId = caller.scope.organizationId;
  const [compiled, latest] = await Promise.all([
    compileConfig(caller.prisma, organizationId),
    caller.prisma.configVersion.findFirst({ where: { organizationId }, orderBy: { number: "desc" } }),
  ]);
  const current = toSnapshot(compiled.config);
  return {
    hasDraft: latest?.sha256 !== current.sha256,
    currentSha256: current.sha256,
    published: latest ? toVersionView(latest) : null,
    changes: diffConfigs(filterConfigForViewer(latest?.snapshot ?? {}, viewer), filterConfigForViewer(current.snapshot, viewer)),
    warnings: compiled.warnings,
  };
}

export async function publishCurrent(deps: PublishDeps, caller: Caller, input: z.infer<typeof publishInput>): Promise<PublishResult> {
  return publishConfig(deps, caller.scope.organizationId, caller.actor, { message: input.message });
}

/** Publishes a new version whose content equals an earlier one; history is never rewritten. */
export async function rollbackTo(deps: PublishDeps, caller: Caller, input: z.infer<typeof rollbackInput>): Promise<PublishResult> {
  const target = await findVersion(caller, input.number);
  return publishConfig(deps, caller.scope.organizationId, caller.actor, {
    message: input.message ?? `rollback to version ${target.number}`,
    restore: { snapshot: target.snapshot, number: target.number },
  });
}
