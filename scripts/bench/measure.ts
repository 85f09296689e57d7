import { Pool } from "undici";

/** Precise client-side latency (performance.now per request), for the sub-millisecond comparisons autocannon's 1 ms histogram cannot make. */

export interface Target {
  readonly name: string;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  readonly path: string;
  readonly headers: Record<string, string>;
}

export interface Percentiles {
  readonly count: number;
  readonly errors: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly mean: number;
}

export function percentiles(samples: readonly number[], errors = 0): Percentiles {
  const sorted = Float64Array.from(samples).sort();
  const at = (quantile: number) => sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] ?? Number.NaN;
  const mean = sorted.length > 0 ? sorted.reduce((total, value) => total + value, 0) / sorted.length : Number.NaN;
  return { count: sorted.length, errors, p50: at(0.5), p90: at(0.9), p99: at(0.99), mean };
}

export class LatencyClient {
  private readonly pool: Pool;

  constructor(
    readonly target: Target,
    readonly connections: number,
  ) {
    this.pool = new Pool(target.origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  }

  /** One request, whole body read; milliseconds, or undefined on a non-200. */
  async once(body: string): Promise<number | undefined> {
    const started = performance.now();
    const response = await this.pool.request({ path: this.target.path, method: "POST", headers: this.target.headers, body });
    await response.body.dump({ limit: Number.MAX_SAFE_INTEGER });
    const elapsed = performance.now() - started;
    return response.statusCode === 200 ? elapsed : undefined;
  }

  /** Time to the first body bytes of a streamed reply, then the rest is read; milliseconds. */
  async firstChunk(body: string): Promise<number | undefined> {
    const started = performance.now();
    const response = await this.pool.request({ path: this.target.path, method: "POST", headers: this.target.headers, body });
    let first: number | undefined;
    for await (const part of response.body) {
      if (first === undefined && (part as Buffer).includes("data: ")) first = performance.now() - started;
    }
    return response.statusCode === 200 ? first : undefined;
  }

  /** `connections` loops sending back to back, for `durationMs` (or `count` requests in all). */
  async run(
    body: string,
    limits: { durationMs?: number; count?: number },
    probe: "whole" | "first-chunk" = "whole",
  ): Promise<{ samples: number[]; errors: number }> {
    const samples: number[] = [];
    let errors = 0;
    let sent = 0;
    const deadline = limits.durationMs === undefined ? Number.POSITIVE_INFINITY : performance.now() + limits.durationMs;
    const loop = async () => {
      while (performance.now() < deadline && (limits.count === undefined || sent < limits.count)) {
        sent++;
        try {
          const ms = probe === "whole" ? await this.once(body) : await this.firstChunk(body);
          if (ms === undefined) errors++;
          else samples.push(ms);
        } catch {
          errors++;
        }
      }
    };
    await Promise.all(Array.from({ length: this.connections }, loop));
    return { samples, errors };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
