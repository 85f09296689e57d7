/**
 * Exact money. Amounts are BigInt attodollars (1e-18 USD): a per-MTok price with up to 12 decimals
 * times a token count is an integer there, so costs are computed with no rounding at all. Rounding
 * happens only at the edges: the spend event's 10-decimal string, and nano-dollar budget counters
 * in Redis (rounded up, so a budget never under-counts).
 */

export const attoPerNano = 10n ** 9n;
const priceScale = 12;

/** A non-negative decimal in plain or exponent notation → integer units of 10^-scale. */
export function parseDecimal(text: string, scale: number): bigint {
  const match = /^(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text.trim());
  if (!match) throw new Error(`not a non-negative decimal: "${text}"`);
  const whole = match[1] ?? "0";
  const fraction = match[2] ?? "";
  const exponent = Number(match[3] ?? 0);
  // digits × 10^(exponent − fraction.length) expressed at 10^-scale
  const digits = BigInt(whole + fraction);
  const shift = scale + exponent - fraction.length;
  if (shift >= 0) return digits * 10n ** BigInt(shift);
  const divisor = 10n ** BigInt(-shift);
  if (digits % divisor !== 0n) throw new Error(`"${text}" has more than ${scale} decimals`);
  return digits / divisor;
}

/**
 * A config price (a JS number read from YAML/JSON) as the decimal the user wrote: the shortest
 * round-trip representation is exactly that text, so 0.15 stays 0.15, never 0.1499999….
 */
export function numberToDecimal(value: number): string {
  if (!Number.isFinite(value) || value < 0) throw new Error(`not a non-negative finite number: ${value}`);
  return String(value);
}

/** USD per million tokens (decimal text) → attodollars per token. */
export function pricePerTokenAtto(perMTok: string): bigint {
  return parseDecimal(perMTok, priceScale);
}

/** Whole dollars (decimal text or number) → nano-dollars, for budget limits. */
export function usdToNano(usd: string | number): bigint {
  return parseDecimal(typeof usd === "number" ? numberToDecimal(usd) : usd, 9);
}

/** Rounded up: a budget counter must never be charged less than the exact cost. */
export function attoToNanoCeil(atto: bigint): bigint {
  return (atto + attoPerNano - 1n) / attoPerNano;
}

/** 10^0 … 10^18: every request formats a cost or two, and a BigInt power allocates each time. */
const powersOfTen = Array.from({ length: 19 }, (_, exponent) => 10n ** BigInt(exponent));

let lastFormatted = { atto: -1n, decimals: 0, text: "" };

/** Attodollars → "0.0000375" (at most `decimals` places, half-up, no trailing zeros). */
export function formatUsd(atto: bigint, decimals = 10): string {
  if (atto === 0n) return "0";
  // A request formats its cost twice (the reply header, the spend event), and like requests cost alike.
  if (atto === lastFormatted.atto && decimals === lastFormatted.decimals) return lastFormatted.text;
  const unit = powersOfTen[18 - decimals] ?? 10n ** BigInt(18 - decimals);
  const rounded = (atto + unit / 2n) / unit;
  const scale = powersOfTen[decimals] ?? 10n ** BigInt(decimals);
  const whole = rounded / scale;
  const fraction = (rounded % scale).toString().padStart(decimals, "0").replace(/0+$/, "");
  const text = fraction === "" ? whole.toString() : `${whole}.${fraction}`;
  lastFormatted = { atto, decimals, text };
  return text;
}

/** Nano-dollars → a decimal USD string, for headers and logs. */
export function formatNano(nano: bigint): string {
  return formatUsd(nano * attoPerNano, 9);
}
