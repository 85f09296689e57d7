import { writeAudit } from "../../audit/write-audit";
import type { Actor } from "../../auth/caller";
import type { Deps } from "../../context";
import type { Prisma } from "../../db";
import { AppError, asAppError } from "../../errors";
import { compileConfig } from "./compile";
import { toSnapshot } from "./snapshot";
import { type ConfigVersionView, toVersionView } from "./version-view";

export type PublishDeps = Pick<Deps, "prisma" | "events" | "log">;

export interface PublishOptions {
  message: string;
  /** Publish this snapshot instead of compiling the current state (rollback). */
  restore?: { snapshot: Prisma.JsonValue; number: number };
  /** Return the live version instead of failing when nothing changed (auto-publish). */
  skipIfUnchanged?: boolean;
}

export interface PublishResult {
  version: ConfigVersionView;
  /** False when nothing changed and skipIfUnchanged returned the live version. */
  created: boolean;
  warnings: string[];
}

const maxAttempts = 5;

/**
 * Inserts the next immutable version (number = latest + 1, unique per organisation;
 * a concurrent publisher makes the insert conflict and we retry with a fresh number),
 * audits it in the same transaction, then wakes waiting gateways.
 */
export async function publishConfig(
  deps: PublishDeps,
  organizationId: string,
  actor: Actor,
  options: PublishOptions,
): Promise<PublishResult> {
  const compiled = options.restore ? { config: options.restore.snapshot, warnings: [] } : await compileConfig(deps.prisma, organizationId);
  const { snapshot, sha256 } = toSnapshot(compiled.config);
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await deps.prisma.$transaction(async (tx) => {
        const latest = await tx.configVersion.findFirst({ where: { organizationId }, orderBy: { number: "desc" } });
        if (!options.restore && latest?.sha256 === sha256) {
          if (options.skipIfUnchanged) return { version: toVersionView(latest), created: false };
          throw new AppError(
            "precondition_failed",
            `nothing to publish: version ${latest.number} already matches the current configuration`,
          );
        }
        const row = await tx.configVersion.create({
          data: {
            organizationId,
            number: (latest?.number ?? 0) + 1,
            sha256,
            snapshot,
            authorId: actor.id,
            authorEmail: actor.email,
            message: options.message,
            rollbackOf: options.restore?.number ?? null,
            publishedAt: new Date(),
          },
        });
        const version = toVersionView(row);
        await writeAudit(tx, actor, {
          organizationId,
          action: options.restore ? "config-rolled-back" : "config-published",
          targetType: "config-version",
          targetId: row.id,
          before: latest ? { number: latest.number, sha256: latest.sha256 } : undefined,
          after: version,
        });
        return { version, created: true };
      });
      if (result.created) deps.events.notifyPublished({ organizationId, version: result.version.number, sha256 });
      return { ...result, warnings: compiled.warnings };
    } catch (error) {
      const conflict = asAppError(error)?.code === "conflict";
      if (!conflict || attempt >= maxAttempts) throw error;
      deps.log.debug({ attempt }, "config version number taken by a concurrent publish; retrying");
    }
  }
}
