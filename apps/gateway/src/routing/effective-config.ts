import type { RoutingConfig } from "@switchyard/schemas";
import type { RuntimeConfig, RuntimeModel } from "../config/runtime";

/**
 * A model's routing: the global `routing` with the model's own overrides on top. Computed once
 * per compiled model (models are immutable; a config swap makes new ones).
 */
const cache = new WeakMap<RuntimeModel, RoutingConfig>();

export function effectiveRouting(runtime: RuntimeConfig, model: RuntimeModel): RoutingConfig {
  let routing = cache.get(model);
  if (routing) return routing;
  const overrides = model.config.routing;
  routing = { ...runtime.config.routing };
  if (overrides) {
    for (const [name, value] of Object.entries(overrides) as Array<[keyof RoutingConfig, RoutingConfig[keyof RoutingConfig]]>) {
      if (value !== undefined) Object.assign(routing, { [name]: value });
    }
  }
  cache.set(model, routing);
  return routing;
}
