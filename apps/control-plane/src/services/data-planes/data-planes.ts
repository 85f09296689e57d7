import { z } from "zod";
import type { Caller } from "../../auth/caller";
import type { Database, Prisma } from "../../db";
import { iso } from "../../util/dates";
import { type ReportedDeployment, readReportedDeployments } from "./deployment-health";

export const heartbeatSchema = z.object({
  instanceId: z.string().min(1).max(200),
  appliedVersion: z.number().int().positive().nullable().optional(),
  appliedSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable()
    .optional(),
  status: z.string().min(1).max(50).default("ok"),
  health: z.record(z.string(), z.unknown()).default({}),
});
export type Heartbeat = z.infer<typeof heartbeatSchema>;

/** A gateway is considered gone after missing this many seconds of heartbeats. */
const staleAfterSeconds = 60;

export interface DataPlaneView {
  id: string;
  instanceId: string;
  appliedVersion: number | null;
  appliedSha256: string | null;
  status: string;
  health: unknown;
  /** Per-deployment routing state from the last heartbeat (`health.deployments`, read loosely). */
  deployments: Record<string, ReportedDeployment>;
  lastSeenAt: string;
  /** Seen recently enough to count as running. */
  online: boolean;
  /** Runs the latest published version. */
  upToDate: boolean;
}

export async function recordHeartbeat(prisma: Database, organizationId: string, heartbeat: Heartbeat): Promise<void> {
  const values = {
    appliedVersion: heartbeat.appliedVersion ?? null,
    appliedSha256: heartbeat.appliedSha256 ?? null,
    status: heartbeat.status,
    health: heartbeat.health as Prisma.InputJsonValue,
    lastSeenAt: new Date(),
  };
  await prisma.dataPlane.upsert({
    where: { organizationId_instanceId: { organizationId, instanceId: heartbeat.instanceId } },
    create: { organizationId, instanceId: heartbeat.instanceId, ...values },
    update: values,
  });
}

export async function listDataPlanes(caller: Caller): Promise<{ latestVersion: number | null; dataPlanes: DataPlaneView[] }> {
  const organizationId = caller.scope.organizationId;
  const [rows, latest] = await Promise.all([
    caller.prisma.dataPlane.findMany({ where: { organizationId }, orderBy: { instanceId: "asc" } }),
    caller.prisma.configVersion.findFirst({
      where: { organizationId },
      orderBy: { number: "desc" },
      select: { number: true, sha256: true },
    }),
  ]);
  const now = Date.now();
  return {
    latestVersion: latest?.number ?? null,
    dataPlanes: rows.map((row) => ({
      id: row.id,
      instanceId: row.instanceId,
      appliedVersion: row.appliedVersion,
      appliedSha256: row.appliedSha256,
      status: row.status,
      health: row.health,
      deployments: readReportedDeployments(row.health),
      lastSeenAt: iso(row.lastSeenAt),
      online: now - row.lastSeenAt.getTime() < staleAfterSeconds * 1000,
      upToDate: latest !== null && row.appliedSha256 === latest.sha256,
    })),
  };
}
