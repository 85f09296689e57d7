import { z } from "zod";

/** One deployment's routing state as a gateway reported it in its heartbeat (`health.deployments`). */
export const reportedDeploymentSchema = z.object({
  state: z.enum(["healthy", "cooling", "unhealthy"]),
  cooldownUntil: z.string().datetime({ offset: true }).optional(),
  failures: z.number().int().nonnegative().optional(),
  inFlight: z.number().int().nonnegative().optional(),
});
export type ReportedDeployment = z.infer<typeof reportedDeploymentSchema>;

/**
 * Reads `health.deployments` loosely: heartbeats from older or newer gateways must not break the
 * list, so a missing map reads as empty and an entry this version cannot read is left out.
 */
export function readReportedDeployments(health: unknown): Record<string, ReportedDeployment> {
  const result: Record<string, ReportedDeployment> = {};
  if (!isRecord(health) || !isRecord(health.deployments)) return result;
  for (const [id, value] of Object.entries(health.deployments)) {
    const parsed = reportedDeploymentSchema.safeParse(value);
    if (parsed.success) result[id] = parsed.data;
  }
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
