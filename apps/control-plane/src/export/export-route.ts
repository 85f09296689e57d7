import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { FastifyInstance } from "fastify";
import { createContext, type Deps } from "../context";
import { sendError, sendValidationError } from "../http-errors";
import { createCaller } from "../router";
import { budgetExportInput, type CsvExport, spendExportInput } from "../services/spend/export-csv";

const budgetReports = new Set(["budgets", "burnDown"]);
const numericParameters = new Set(["limit"]);

/** Query strings carry text; the export procedures' schemas want numbers where they say so. */
function inputOf(query: unknown): Record<string, string | number> | undefined {
  if (!query || typeof query !== "object") return {};
  const input: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(query)) {
    if (typeof value !== "string") return undefined;
    input[name] = numericParameters.has(name) && /^\d+$/.test(value) ? Number(value) : value;
  }
  return input;
}

/**
 * GET /export/spend.csv?report=overTime|topSpenders|latency|budgets|burnDown&… (the same
 * parameters as the matching tRPC input) as a file download. Authenticated exactly like /trpc
 * (the console's Bearer assertion) and answered by calling the tRPC procedure itself, so
 * permissions, data scope and rows are identical; only the envelope differs.
 */
export function registerExportRoute(app: FastifyInstance, deps: Deps): void {
  app.get("/export/spend.csv", async (request, reply) => {
    const input = inputOf(request.query);
    if (!input) return sendError(reply, 400, "invalid_request", "each query parameter may appear once");
    const context = await createContext(deps, { authorization: request.headers.authorization, ip: request.ip });
    if (!context.session) return sendError(reply, 401, "unauthorized", "sign in required");
    const caller = createCaller(context);
    try {
      let result: CsvExport;
      if (budgetReports.has(String(input.report))) {
        const parsed = budgetExportInput.safeParse(input);
        if (!parsed.success) return sendValidationError(reply, parsed.error);
        result = await caller.spend.exportBudgetsCsv(parsed.data);
      } else {
        const parsed = spendExportInput.safeParse(input);
        if (!parsed.success) return sendValidationError(reply, parsed.error);
        result = await caller.spend.exportCsv(parsed.data);
      }
      return reply
        .header("content-type", "text/csv; charset=utf-8; header=present")
        .header("content-disposition", `attachment; filename="${result.filename}"`)
        .header("cache-control", "no-store")
        .send(result.csv);
    } catch (error) {
      if (!(error instanceof TRPCError)) throw error;
      return sendError(reply, getHTTPStatusCodeFromError(error), error.code.toLowerCase(), error.message);
    }
  });
}
