import type { ResponseFormat } from "@switchyard/schemas";
import { jsonInstruction } from "../shared/json-instruction";

/**
 * Anthropic has no `response_format`. Our choice, per format:
 * - `json_schema` (and no tools of the caller's): a forced tool whose input schema is the
 *   requested schema. Claude fills tool inputs to match the schema far more reliably than it
 *   follows a prose instruction, and it works on every Claude model (the native
 *   `output_config.format` needs the newest ones). The reply's tool_use is turned back into
 *   text content with finish_reason "stop", so the client sees ordinary JSON-mode output.
 * - `json_object`, or `json_schema` alongside the caller's own tools (a forced tool would stop
 *   the model from using theirs): an instruction appended to the system prompt.
 * The tool name is reserved: replies calling it are always read as the JSON answer.
 */
export const jsonOutputToolName = "switchyard_json_output";

export interface JsonOutputPlan {
  readonly tool?: { name: string; description: string; input_schema: Record<string, unknown> };
  readonly instruction?: string;
}

export function planJsonOutput(format: ResponseFormat | null | undefined, callerHasTools: boolean): JsonOutputPlan {
  if (format?.type !== "json_schema" || callerHasTools) return { instruction: jsonInstruction(format) };
  const description = format.json_schema.description ?? `Answer with the "${format.json_schema.name}" JSON object.`;
  return { tool: { name: jsonOutputToolName, description, input_schema: format.json_schema.schema ?? { type: "object" } } };
}
