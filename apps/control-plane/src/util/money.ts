import { z } from "zod";

/**
 * Money is integer micro-dollars (1 USD = 1_000_000) everywhere in the database
 * and API; conversions go through decimal strings so no float rounding creeps in.
 */
export const microsPerUsd = 1_000_000n;

/** "0.15" for 150_000n: exact decimal text, trailing zeros trimmed. */
export function microsToUsdString(micros: bigint): string {
  const negative = micros < 0n;
  const absolute = negative ? -micros : micros;
  const whole = absolute / microsPerUsd;
  const fraction = (absolute % microsPerUsd).toString().padStart(6, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** The IEEE double nearest to the exact decimal value, which is what YAML and JSON readers would produce. */
export function microsToUsd(micros: bigint): number {
  return Number(microsToUsdString(micros));
}

/** Parses "12.345678" (at most six decimals) into micro-dollars; throws on anything else. */
export function usdStringToMicros(text: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!match) throw new RangeError(`not a USD amount with at most 6 decimals: ${text}`);
  const whole = match[1] ?? "0";
  const fraction = (match[2] ?? "").padEnd(6, "0");
  return BigInt(whole) * microsPerUsd + BigInt(fraction);
}

/** API input for micro-dollar amounts: a safe integer, or a digit string for larger values. */
export const microsInput = z
  .union([z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,18}$/, "digits only")])
  .transform((value) => BigInt(value));

/** For API output: micro-dollars fit a JS number exactly up to ~9 billion USD. */
export function microsToNumber(micros: bigint): number {
  return Number(micros);
}

/** Decimal text of a PostgreSQL NUMERIC (Prisma Decimal) as micro-dollars, truncated below one micro-dollar. */
export function decimalUsdToMicros(decimalText: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimalText);
  if (!match) throw new RangeError(`not a decimal: ${decimalText}`);
  const micros = BigInt(match[2] ?? "0") * microsPerUsd + BigInt((match[3] ?? "").slice(0, 6).padEnd(6, "0"));
  return match[1] === "-" ? -micros : micros;
}
