import { spendBatchSchema } from "@switchyard/schemas/spend-event";
import type { FastifyInstance } from "fastify";
import type { Deps } from "../context";
import { sendValidationError } from "../http-errors";
import { heartbeatSchema, recordHeartbeat } from "../services/data-planes/data-planes";
import { resolveOrganizationId } from "../services/organization/resolve-organization";
import { ingestSpend } from "../services/spend/ingest-spend";

const spendBodyLimit = 8 * 1024 * 1024;

/** Heartbeats and spend batches from gateways. */
export function registerIngestRoutes(app: FastifyInstance, deps: Deps): void {
  app.post("/dataplane/heartbeat", async (request, reply) => {
    const body = heartbeatSchema.safeParse(request.body);
    if (!body.success) return sendValidationError(reply, body.error);
    const organizationId = await resolveOrganizationId(deps.prisma, deps.env);
    await recordHeartbeat(deps.prisma, organizationId, body.data);
    deps.metrics.heartbeat(body.data.instanceId, body.data.health);
    const latest = await deps.prisma.configVersion.findFirst({
      where: { organizationId },
      orderBy: { number: "desc" },
      select: { number: true, sha256: true },
    });
    return { ok: true, latestVersion: latest?.number ?? null, latestSha256: latest?.sha256 ?? null };
  });

  app.post("/dataplane/spend", { bodyLimit: spendBodyLimit }, async (request, reply) => {
    const body = spendBatchSchema.safeParse(request.body);
    if (!body.success) {
      deps.metrics.spendRejected("invalid");
      return sendValidationError(reply, body.error);
    }
    const { events } = body.data;
    try {
      const organizationId = await resolveOrganizationId(deps.prisma, deps.env);
      const result = await ingestSpend(deps.prisma, organizationId, events);
      deps.metrics.spendIngested(
        events.map((event) => event.timestamp),
        result.accepted,
        result.duplicates,
      );
      return result;
    } catch (error) {
      deps.metrics.spendRejected("error");
      throw error;
    }
  });
}
