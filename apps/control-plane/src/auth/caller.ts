import type { Database } from "../db";
import type { DataScope } from "./data-scope";

/** Who did it, for audit rows. `id` is null for system actions (e.g. a gateway). */
export interface Actor {
  id: string | null;
  email: string | null;
  ip: string | undefined;
}

/** What a service verb needs to act on someone's behalf. */
export interface Caller {
  prisma: Database;
  scope: DataScope;
  actor: Actor;
}

interface CallerSource {
  prisma: Database;
  scope: DataScope;
  session: { user: { id: string; email: string } };
  ip: string | undefined;
}

export function callerOf(ctx: CallerSource): Caller {
  return { prisma: ctx.prisma, scope: ctx.scope, actor: { id: ctx.session.user.id, email: ctx.session.user.email, ip: ctx.ip } };
}
