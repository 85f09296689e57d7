const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 2 });
const smallUsd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 4 });
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 });

/** Cents for ordinary amounts; sub-cent precision only where the amount is below a dollar. */
export function formatUsd(value: number): string {
  return Math.abs(value) > 0 && Math.abs(value) < 1 ? smallUsd.format(value) : usd.format(value);
}

export function formatInteger(value: number): string {
  return integer.format(value);
}

export function formatPercent(ratio: number): string {
  return percent.format(ratio);
}

export function formatDuration(milliseconds: number): string {
  return milliseconds >= 1000 ? `${(milliseconds / 1000).toFixed(2)} s` : `${Math.round(milliseconds)} ms`;
}

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return relative.format(seconds, "second");
  if (abs < 3600) return relative.format(Math.round(seconds / 60), "minute");
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), "hour");
  return relative.format(Math.round(seconds / 86_400), "day");
}

/** The current calendar month in UTC as the inclusive day range spend queries take. */
export function monthToDate(now = new Date()): { from: string; to: string; label: string } {
  const day = (date: Date) => date.toISOString().slice(0, 10);
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const label = first.toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
  return { from: day(first), to: day(now), label };
}

const dateFormat = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric" });
const dateTimeFormat = new Intl.DateTimeFormat("en-US", {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
});

export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

/**
 * Spend of one key or request: cents are too coarse for a few hundred tokens on a cheap model,
 * so amounts under a cent show up to six decimals (micro-dollars, the unit the control plane counts in).
 */
export function formatSpend(value: number): string {
  if (value === 0 || Math.abs(value) >= 0.01) return formatUsd(value);
  const text = value.toFixed(6).replace(/0+$/, "");
  return `$${text}`;
}
