import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";

/** A unique key prefix per test so parallel runs sharing one Redis never collide. */
export function testRedisUrl(): string {
  return process.env.SWITCHYARD_TEST_REDIS_URL ?? "redis://127.0.0.1:6379/0";
}

export function uniqueRedisPrefix(label = "t"): string {
  return `sytest:${label}:${randomBytes(5).toString("hex")}:`;
}

/** Deletes every key under a prefix (SCAN, never KEYS). */
export async function clearRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(testRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
