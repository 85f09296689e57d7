import type { Redis, Result } from "ioredis";
import { admitScript, settleScript } from "./scripts";

declare module "ioredis" {
  interface RedisCommander<Context> {
    switchyardAdmit(numberOfKeys: number, ...keysAndArguments: Array<string | number>): Result<Array<number | string>, Context>;
    switchyardSettle(numberOfKeys: number, ...keysAndArguments: Array<string | number>): Result<number[], Context>;
  }
}

/**
 * Registers the governance scripts on the gateway's shared Redis client (redis-connection.ts).
 * ioredis runs them with EVALSHA and falls back to EVAL once after a Redis restart (NOSCRIPT).
 */
export function defineGovernanceCommands(client: Redis): void {
  if (typeof (client as Partial<Pick<Redis, "switchyardAdmit">>).switchyardAdmit === "function") return;
  client.defineCommand("switchyardAdmit", { lua: admitScript });
  client.defineCommand("switchyardSettle", { lua: settleScript });
}
