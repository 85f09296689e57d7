/** Narrowing helpers for upstream JSON: tolerant, allocation-free checks instead of full schema parses. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function stringOr<T>(value: unknown, fallback: T): string | T {
  return typeof value === "string" ? value : fallback;
}

export function numberOr<T>(value: unknown, fallback: T): number | T {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

/** JSON.parse that reports failure as undefined instead of throwing. */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function joinUrl(base: string, path: string): string {
  return base.endsWith("/") ? `${base.slice(0, -1)}${path}` : `${base}${path}`;
}
