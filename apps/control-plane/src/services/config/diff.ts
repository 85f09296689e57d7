import { canonicalJson } from "@switchyard/schemas/canonical-json";

/**
 * A structured diff of two configs the console can render line by line. Arrays of
 * objects are matched by their identity field (models by name, deployments and
 * teams by id, keys by hash) so reordering is not a change and paths read like
 * `models[demo-fast].deployments[demo-fast-1].weight`.
 */
export interface ConfigChange {
  path: string;
  kind: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
}

const identityFields = ["id", "name", "hash", "key"] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A field whose string value is present and unique within each side. */
function identityOf(before: unknown[], after: unknown[]): string | undefined {
  const uniqueOn = (items: unknown[], field: string) => {
    const seen = new Set<unknown>();
    return items.every((item) => {
      if (!isObject(item) || typeof item[field] !== "string" || seen.has(item[field])) return false;
      seen.add(item[field]);
      return true;
    });
  };
  return identityFields.find((field) => uniqueOn(before, field) && uniqueOn(after, field));
}

function join(path: string, segment: string): string {
  return path === "" ? segment : `${path}.${segment}`;
}

function walk(path: string, before: unknown, after: unknown, changes: ConfigChange[]): void {
  if (before === undefined && after === undefined) return;
  if (before === undefined) {
    changes.push({ path, kind: "added", after });
    return;
  }
  if (after === undefined) {
    changes.push({ path, kind: "removed", before });
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const identity = identityOf(before, after);
    if (identity && before.length + after.length > 0) {
      const keyed = (items: unknown[]) => new Map(items.map((item) => [String((item as Record<string, unknown>)[identity]), item]));
      const left = keyed(before);
      const right = keyed(after);
      for (const [id, item] of left) walk(`${path}[${id}]`, item, right.get(id), changes);
      for (const [id, item] of right) if (!left.has(id)) walk(`${path}[${id}]`, undefined, item, changes);
      return;
    }
    // Stored snapshots come back from jsonb with keys reordered; compare canonically.
    if (canonicalJson(before) !== canonicalJson(after)) changes.push({ path, kind: "changed", before, after });
    return;
  }
  if (isObject(before) && isObject(after)) {
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const field of fields) walk(join(path, field), before[field], after[field], changes);
    return;
  }
  if (before !== after) changes.push({ path, kind: "changed", before, after });
}

/** Both sides should be plain JSON (snapshots or canonicalised configs). */
export function diffConfigs(before: unknown, after: unknown): ConfigChange[] {
  const changes: ConfigChange[] = [];
  walk("", before as Json, after as Json, changes);
  return changes;
}
