import type { FastifyBaseLogger } from "fastify";
import { Redis } from "ioredis";

/**
 * The gateway's Redis (REDIS_URL), shared by everything that keeps cross-instance state.
 * `prefix` starts every key and channel so several deployments (or tests) can share one server.
 * Commands fail fast while disconnected (no offline queue): callers degrade to per-instance state
 * instead of stalling requests.
 */
export interface GatewayRedis {
  readonly client: Redis;
  readonly prefix: string;
  /** A second connection for SUBSCRIBE (a subscribed connection can run nothing else). */
  subscriber(): Redis;
  close(): Promise<void>;
}

export const defaultRedisPrefix = "switchyard:";

export async function connectRedis(url: string, prefix: string, logger: FastifyBaseLogger): Promise<GatewayRedis> {
  const options = { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 } as const;
  const client = new Redis(url, options);
  const connections: Redis[] = [client];
  let warned = false;
  client.on("error", (error: Error) => {
    if (warned) return;
    warned = true;
    logger.warn({ err: error.message }, "redis unavailable: shared state degrades to per-instance");
  });
  client.on("ready", () => {
    if (warned) logger.info("redis reconnected");
    warned = false;
  });
  try {
    await client.connect();
  } catch (error) {
    logger.warn({ err: (error as Error).message }, "redis not reachable at start; retrying in the background");
  }
  return {
    client,
    prefix,
    subscriber() {
      // Subscriptions must survive a restart of Redis: queue SUBSCRIBE until connected.
      const connection = client.duplicate({ enableOfflineQueue: true, lazyConnect: false });
      connection.on("error", () => {});
      connections.push(connection);
      return connection;
    },
    async close() {
      await Promise.all(connections.map((connection) => connection.quit().catch(() => connection.disconnect())));
    },
  };
}
