import { callerOf } from "../auth/caller";
import {
  createDeployment,
  createDeploymentInput,
  deleteDeployment,
  deploymentIdInput,
  listDeployments,
  setDeploymentEnabled,
  setDeploymentEnabledInput,
  updateDeployment,
  updateDeploymentInput,
} from "../services/deployments/manage-deployments";
import { configProcedure, router, scopedProcedure } from "../trpc";

export const deploymentsRouter = router({
  list: scopedProcedure("models:read").query(({ ctx }) => listDeployments(callerOf(ctx))),
  create: configProcedure("models:write")
    .input(createDeploymentInput)
    .mutation(({ ctx, input }) => createDeployment(callerOf(ctx), input)),
  update: configProcedure("models:write")
    .input(updateDeploymentInput)
    .mutation(({ ctx, input }) => updateDeployment(callerOf(ctx), input)),
  setEnabled: configProcedure("models:write")
    .input(setDeploymentEnabledInput)
    .mutation(({ ctx, input }) => setDeploymentEnabled(callerOf(ctx), input)),
  delete: configProcedure("models:write")
    .input(deploymentIdInput)
    .mutation(({ ctx, input }) => deleteDeployment(callerOf(ctx), input)),
});
