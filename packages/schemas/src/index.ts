// Browser-safe exports only; Node-only helpers live at subpaths (e.g. "@switchyard/schemas/canonical-json").
export * from "./gateway-config";
export * from "./openai";
export * from "./roles";
