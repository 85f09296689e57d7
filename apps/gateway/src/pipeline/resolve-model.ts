import type { RuntimeConfig, RuntimeKey, RuntimeModel } from "../config/runtime";
import { errors } from "../errors";

export function isModelAllowed(key: RuntimeKey, model: string): boolean {
  return key.allowedModels === undefined || key.allowedModels.has(model);
}

/** The model a client named: 404 if the gateway has none by that name, 403 if this key may not use it. */
export function resolveModel(runtime: RuntimeConfig, key: RuntimeKey, name: string, mode: RuntimeModel["mode"]): RuntimeModel {
  const model = runtime.models.get(name);
  if (!model) throw errors.unknownModel(name);
  if (!isModelAllowed(key, name)) throw errors.modelNotAllowed(name);
  if (model.mode !== mode) throw errors.wrongMode(name, mode === "chat" ? "chat completions" : "embeddings");
  return model;
}
