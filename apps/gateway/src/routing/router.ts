import type { RuntimeDeployment, RuntimeKey, RuntimeModel } from "../config/runtime";

export interface RouteContext {
  readonly requestId: string;
  readonly key: RuntimeKey;
}

/**
 * The routing seam: which deployment of a model takes this request. Strategies (weighted,
 * least-busy, latency, cost), cooldowns and health live behind it; `dispatch` asks it once
 * per attempt, so retries and fallbacks can ask again with what failed excluded.
 */
export interface Router {
  pick(model: RuntimeModel, context: RouteContext, exclude?: ReadonlySet<string>): RuntimeDeployment | undefined;
}
