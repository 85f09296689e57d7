/**
 * USD per million tokens as decimal strings, so metering can compute exactly (no binary floats).
 * `cachedInputPerMTok` prices prompt-cache reads, `cacheWritePerMTok` prompt-cache writes.
 */
export interface ModelPrice {
  readonly inputPerMTok: string;
  readonly outputPerMTok: string;
  readonly cachedInputPerMTok?: string;
  readonly cacheWritePerMTok?: string;
}

/** One provider's published list prices, with where and when they were read. */
export interface PriceSheet {
  readonly provider: string;
  /** The pricing page the numbers come from. */
  readonly source: string;
  /** When the numbers were read off that page (YYYY-MM-DD). */
  readonly asOf: string;
  readonly models: Readonly<Record<string, ModelPrice>>;
}

/** Shorthand for a sheet row: input, output, cached read, cache write. */
export function price(input: string, output: string, cachedInput?: string, cacheWrite?: string): ModelPrice {
  return {
    inputPerMTok: input,
    outputPerMTok: output,
    ...(cachedInput !== undefined ? { cachedInputPerMTok: cachedInput } : {}),
    ...(cacheWrite !== undefined ? { cacheWritePerMTok: cacheWrite } : {}),
  };
}
