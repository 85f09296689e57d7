import { readFileSync } from "node:fs";
import { csvRecords } from "@switchyard/testkit/csv";

export function readCsv(path: string): Record<string, string>[] {
  return csvRecords(readFileSync(path, "utf8"));
}

/** Exact sum of decimal strings ("0.000123"), trailing zeros trimmed, so totals compare digit for digit. */
export function sumDecimalText(values: readonly string[]): string {
  const scale = Math.max(0, ...values.map((value) => value.split(".")[1]?.length ?? 0));
  let total = 0n;
  for (const value of values) {
    const [whole = "0", fraction = ""] = value.split(".");
    total += BigInt(whole + fraction.padEnd(scale, "0"));
  }
  const digits = total.toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? digits.slice(digits.length - scale).replace(/0+$/, "") : "";
  return fraction ? `${whole}.${fraction}` : whole;
}

/** The day as the control plane counts it (UTC). */
export function utcToday(): string {
  return new Date().toISOString().slice(0, 10);
}

/** A non-batched tRPC query's answer through the console proxy: `{ result: { data } }`. */
export function trpcData<T>(body: unknown): T {
  const result = (body as { result?: { data?: unknown } }).result;
  if (!result || !("data" in result)) throw new Error(`not a tRPC result: ${JSON.stringify(body).slice(0, 300)}`);
  return result.data as T;
}
