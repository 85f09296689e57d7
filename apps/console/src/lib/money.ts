/**
 * The control plane takes money as integer micro-dollars (1 USD = 1,000,000). Forms take dollars
 * as typed text and convert digit by digit, so "0.1" is exactly 100000 and never 99999.
 */
export function usdTextToMicros(text: string): number | undefined {
  const match = /^\s*\$?(\d{1,12})(?:\.(\d{1,6}))?\s*$/.exec(text);
  if (!match) return undefined;
  return Number(match[1] ?? "0") * 1_000_000 + Number((match[2] ?? "").padEnd(6, "0"));
}

/** "12.5" for 12_500_000: the form's text for an existing amount. */
export function microsToUsdText(micros: number): string {
  const whole = Math.floor(micros / 1_000_000);
  const fraction = String(micros % 1_000_000)
    .padStart(6, "0")
    .replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}
