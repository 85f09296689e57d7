type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * How long the upstream asked us to wait, in ms: `retry-after-ms` (OpenAI, Azure), then
 * `retry-after` as seconds or an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfterMs(headers: HeaderBag, now: number = Date.now()): number | undefined {
  const milliseconds = first(headers["retry-after-ms"]);
  if (milliseconds !== undefined) {
    const value = Number(milliseconds);
    if (Number.isFinite(value) && value >= 0) return Math.ceil(value);
  }
  const retryAfter = first(headers["retry-after"]);
  if (retryAfter === undefined || retryAfter.trim() === "") return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
