import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { parse as parseYaml } from "yaml";
import { interpolateEnvironment } from "./interpolate";

export type RawConfigResult = { ok: true; raw: unknown } | { ok: false; errors: string[] };

/**
 * Reads a standalone config file (YAML or JSON) and resolves `${ENV}`. Validation and compiling
 * happen in `applyConfig`, the same path control-plane configs take.
 */
export async function readConfigFile(path: string, environment: Readonly<Record<string, string | undefined>>): Promise<RawConfigResult> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    return { ok: false, errors: [`cannot read ${path}: ${(error as Error).message}`] };
  }
  let parsed: unknown;
  try {
    parsed = extname(path).toLowerCase() === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    return { ok: false, errors: [`cannot parse ${path}: ${(error as Error).message}`] };
  }
  const { value, errors } = interpolateEnvironment(parsed, environment);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, raw: value };
}
