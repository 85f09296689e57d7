import type { RuntimeDeployment, RuntimeModel } from "../config/runtime";
import { GatewayError } from "../errors";
import type { RouteContext, Router } from "../routing/router";
import type { RequestState } from "../state";

/**
 * Choose a deployment and run one attempt on it. This is where retries, cooldowns and
 * fallbacks go: the attempt is idempotent up to its first byte to the client, so a caller
 * may run it again on another deployment when it throws a retryable UpstreamError.
 */
export async function dispatch<T>(
  model: RuntimeModel,
  router: Router,
  context: RouteContext,
  state: RequestState,
  attempt: (deployment: RuntimeDeployment) => Promise<T>,
): Promise<{ deployment: RuntimeDeployment; result: T }> {
  const deployment = router.pick(model, context);
  if (!deployment) {
    throw new GatewayError(503, `No deployment of \`${model.name}\` is available.`, { type: "api_error", code: "no_deployment_available" });
  }
  state.deploymentId = deployment.id;
  return { deployment, result: await attempt(deployment) };
}
