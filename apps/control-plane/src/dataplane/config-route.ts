import { canonicalJson } from "@switchyard/schemas/canonical-json";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Deps } from "../context";
import { sendError, sendValidationError } from "../http-errors";
import { resolveOrganizationId } from "../services/organization/resolve-organization";

export const maxWaitSeconds = 30;

const querySchema = z.object({ wait: z.coerce.number().min(0).optional() });

/** `"abc"`, `W/"abc"` or a list of them; gateways send one strong tag. */
export function parseIfNoneMatch(header: string | string[] | undefined): string[] {
  const text = Array.isArray(header) ? header.join(",") : (header ?? "");
  return text
    .split(",")
    .map((tag) =>
      tag
        .trim()
        .replace(/^W\//, "")
        .replace(/^"(.*)"$/, "$1"),
    )
    .filter((tag) => tag.length > 0);
}

/**
 * GET /dataplane/config: the live version, 304 when the gateway already has it,
 * and with `?wait=N` a long-poll that answers as soon as a new version is
 * published (woken in-process or through Redis) or after N seconds (at most 30).
 */
export function registerConfigRoute(app: FastifyInstance, deps: Deps): void {
  app.get("/dataplane/config", async (request, reply) => {
    const query = querySchema.safeParse(request.query);
    if (!query.success) return sendValidationError(reply, query.error);
    const organizationId = await resolveOrganizationId(deps.prisma, deps.env);
    const known = parseIfNoneMatch(request.headers["if-none-match"]);
    const deadline = Date.now() + Math.min(query.data.wait ?? 0, maxWaitSeconds) * 1000;
    const gone = new AbortController();
    reply.raw.on("close", () => gone.abort());

    for (;;) {
      const latest = await deps.prisma.configVersion.findFirst({
        where: { organizationId, publishedAt: { not: null } },
        orderBy: { number: "desc" },
      });
      if (latest && !known.includes(latest.sha256)) {
        const publishedAt = (latest.publishedAt ?? latest.createdAt).toISOString();
        // jsonb reorders keys; sending the canonical text lets a gateway hash exactly the bytes it received.
        const body = `{"version":${latest.number},"sha256":"${latest.sha256}","publishedAt":"${publishedAt}","config":${canonicalJson(latest.snapshot)}}`;
        return reply.header("etag", `"${latest.sha256}"`).header("cache-control", "no-cache").type("application/json").send(body);
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0 || gone.signal.aborted || deps.events.stopped) {
        if (!latest) return sendError(reply, 404, "no_published_config", "no configuration has been published yet");
        return reply.code(304).header("etag", `"${latest.sha256}"`).send();
      }
      await deps.events.waitForPublish(organizationId, remaining, gone.signal);
    }
  });
}
