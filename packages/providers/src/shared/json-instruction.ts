import type { ResponseFormat } from "@switchyard/schemas";

/**
 * For providers without a JSON mode (Bedrock Converse; Anthropic when a forced tool cannot be
 * used): `response_format` as a system-prompt instruction. Undefined for text or no format.
 */
export function jsonInstruction(format: ResponseFormat | null | undefined): string | undefined {
  if (!format || format.type === "text") return undefined;
  if (format.type === "json_object") return "Respond only with a single valid JSON object, and nothing else.";
  const schema = format.json_schema.schema ?? { type: "object" };
  return `Respond only with a single valid JSON object, and nothing else, that matches this JSON schema: ${JSON.stringify(schema)}`;
}
