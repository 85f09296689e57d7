import { auditRouter } from "./routers/audit";
import { budgetsRouter } from "./routers/budgets";
import { configRouter } from "./routers/config";
import { credentialsRouter } from "./routers/credentials";
import { dataPlanesRouter } from "./routers/data-planes";
import { deploymentsRouter } from "./routers/deployments";
import { guardrailsRouter } from "./routers/guardrails";
import { keysRouter } from "./routers/keys";
import { meRouter } from "./routers/me";
import { organizationRouter } from "./routers/organization";
import { overviewRouter } from "./routers/overview";
import { routingRouter } from "./routers/routing";
import { spendRouter } from "./routers/spend";
import { teamsRouter } from "./routers/teams";
import { usersRouter } from "./routers/users";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  me: meRouter,
  organization: organizationRouter,
  users: usersRouter,
  teams: teamsRouter,
  keys: keysRouter,
  budgets: budgetsRouter,
  credentials: credentialsRouter,
  deployments: deploymentsRouter,
  routing: routingRouter,
  guardrails: guardrailsRouter,
  config: configRouter,
  audit: auditRouter,
  dataPlanes: dataPlanesRouter,
  spend: spendRouter,
  overview: overviewRouter,
});

/** The console imports only this type: `import type { AppRouter } from "@switchyard/control-plane/router"`. */
export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
