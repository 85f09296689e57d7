import type { ModelList, ModelObject } from "@switchyard/schemas";
import type { FastifyInstance } from "fastify";
import type { RuntimeConfig } from "../config/runtime";
import { errors } from "../errors";
import { authenticate } from "../pipeline/authenticate";
import { isModelAllowed } from "../pipeline/resolve-model";
import { requireRuntime } from "./require-runtime";

function modelObject(runtime: RuntimeConfig, name: string): ModelObject {
  return { id: name, object: "model", created: runtime.loadedAt, owned_by: "switchyard" };
}

/** GET /v1/models and /v1/models/{id}: only what this key may use (others look nonexistent). */
export async function modelsRoute(app: FastifyInstance): Promise<void> {
  app.get("/v1/models", async (request) => {
    const runtime = requireRuntime(app);
    const key = authenticate(runtime, request.headers);
    const data: ModelObject[] = [];
    for (const name of runtime.models.keys()) if (isModelAllowed(key, name)) data.push(modelObject(runtime, name));
    const list: ModelList = { object: "list", data };
    return list;
  });

  // Model names may contain "/" (e.g. "openai/gpt-4o"), hence the wildcard.
  app.get("/v1/models/*", async (request) => {
    const runtime = requireRuntime(app);
    const key = authenticate(runtime, request.headers);
    const name = (request.params as { "*": string })["*"];
    if (!runtime.models.has(name) || !isModelAllowed(key, name)) throw errors.unknownModel(name);
    return modelObject(runtime, name);
  });
}
