import { isObject, type JsonObject } from "../shared/json";

/**
 * JSON Schema (what OpenAI tools and response_format carry) → Gemini's `Schema`, an OpenAPI 3.0
 * subset. Gemini answers 400 to keywords outside it (`additionalProperties`, `$schema`, `const`,
 * type arrays), so unknown keywords are dropped and the common JSON Schema idioms rewritten:
 * `type: ["string", "null"]` → `nullable`, `const` → a one-value `enum`.
 * `$ref`/`$defs` are not resolved: referencing schemas lose those branches.
 */
const keptKeywords = new Set([
  "type",
  "format",
  "title",
  "description",
  "nullable",
  "enum",
  "maxItems",
  "minItems",
  "properties",
  "required",
  "minProperties",
  "maxProperties",
  "minLength",
  "maxLength",
  "pattern",
  "example",
  "anyOf",
  "propertyOrdering",
  "default",
  "items",
  "minimum",
  "maximum",
]);

export function toGeminiSchema(schema: unknown): JsonObject {
  if (!isObject(schema)) return {};
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!keptKeywords.has(key)) continue;
    if (key === "properties" && isObject(value)) {
      result.properties = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, toGeminiSchema(child)]));
    } else if (key === "items") {
      result.items = toGeminiSchema(value);
    } else if (key === "anyOf" && Array.isArray(value)) {
      const branches = value.filter((branch) => !(isObject(branch) && branch.type === "null"));
      if (branches.length < value.length) result.nullable = true;
      if (branches.length === 1) Object.assign(result, toGeminiSchema(branches[0]));
      else result.anyOf = branches.map(toGeminiSchema);
    } else if (key === "type" && Array.isArray(value)) {
      const types = value.filter((type) => type !== "null");
      if (types.length < value.length) result.nullable = true;
      if (types[0] !== undefined) result.type = types[0];
    } else if (key === "enum" && Array.isArray(value)) {
      // Gemini enums are strings only.
      result.enum = value.map(String);
    } else {
      result[key] = value;
    }
  }
  if ("const" in schema && result.enum === undefined) result.enum = [String(schema.const)];
  if (result.enum !== undefined && result.type === undefined) result.type = "string";
  return result;
}

/** Parameters for a function declaration: Gemini rejects an OBJECT with no properties, so none means "omit". */
export function toGeminiParameters(schema: unknown): JsonObject | undefined {
  const converted = toGeminiSchema(schema);
  if (converted.type === "object" && (!isObject(converted.properties) || Object.keys(converted.properties).length === 0)) return undefined;
  return Object.keys(converted).length === 0 ? undefined : converted;
}
