import type { Redis, Result } from "ioredis";
import { batchScript } from "./scripts";

type Reply = number | string | Reply[];

declare module "ioredis" {
  interface RedisCommander<Context> {
    switchyardBatch(numberOfKeys: number, ...keysAndArguments: Array<string | number>): Result<Reply[], Context>;
  }
}

/**
 * Registers the governance script on the gateway's shared Redis client (redis-connection.ts).
 * ioredis runs it with EVALSHA and falls back to EVAL once after a Redis restart (NOSCRIPT).
 */
export function defineGovernanceCommands(client: Redis): void {
  if (typeof (client as Partial<Pick<Redis, "switchyardBatch">>).switchyardBatch === "function") return;
  client.defineCommand("switchyardBatch", { lua: batchScript });
}
