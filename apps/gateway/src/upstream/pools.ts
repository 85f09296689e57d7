import { Pool } from "undici";

/**
 * One undici Pool per upstream origin, kept across config swaps so keep-alive connections
 * survive a reload. Pools for origins no config uses any more close on the next swap.
 */
export class UpstreamPools {
  private readonly pools = new Map<string, Pool>();

  get(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      // No cap on connections: an HTTP/1.1 connection carries one request at a time and LLM calls
      // (streams above all) last seconds to minutes, so a cap would queue requests inside the
      // gateway once that many were in flight to one provider (256 used to be the cap). Known undici
      // issue (nodejs/undici#5845): a response aborted mid-stream (client gone) leaves its client a
      // fresh, never-used connection that only the upstream's idle timeout closes.
      pool = new Pool(origin, { connections: null, keepAliveTimeout: 30_000, connect: { timeout: 10_000 } });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  /** Close pools whose origin is no longer in use (in-flight requests finish first). */
  retain(origins: ReadonlySet<string>): void {
    for (const [origin, pool] of this.pools) {
      if (origins.has(origin)) continue;
      this.pools.delete(origin);
      void pool.close().catch(() => {});
    }
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.close().catch(() => pool.destroy())));
  }
}
