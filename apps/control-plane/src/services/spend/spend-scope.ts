import { can } from "@switchyard/schemas";
import { z } from "zod";
import type { Caller } from "../../auth/caller";
import { rollupWhere } from "../../auth/data-scope";
import type { Session } from "../../auth/session";
import type { Prisma } from "../../db";

/** Spend readers with spend:read-all see the whole organisation; others see their data scope. */
export function spendWhere(caller: Caller, session: Session): Prisma.SpendDailyRollupWhereInput {
  if (can(session.user.role, "spend:read-all")) return { organizationId: caller.scope.organizationId };
  return rollupWhere(caller.scope);
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");

export const spendRangeShape = {
  /** Inclusive first day (UTC). */
  from: day,
  /** Inclusive last day (UTC). */
  to: day,
  teamId: z.string().min(1).optional(),
  keyId: z.string().min(1).optional(),
  userId: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
};

export const spendDimensions = ["team", "key", "user", "model", "provider"] as const;
export type SpendDimension = (typeof spendDimensions)[number];

export const dimensionColumn = { team: "teamId", key: "keyId", user: "userId", model: "model", provider: "provider" } as const;

export function rangeWhere(input: {
  from: string;
  to: string;
  teamId?: string;
  keyId?: string;
  userId?: string;
  model?: string;
}): Prisma.SpendDailyRollupWhereInput {
  return {
    day: { gte: new Date(`${input.from}T00:00:00Z`), lte: new Date(`${input.to}T00:00:00Z`) },
    ...(input.teamId ? { teamId: input.teamId } : {}),
    ...(input.keyId ? { keyId: input.keyId } : {}),
    ...(input.userId ? { userId: input.userId } : {}),
    ...(input.model ? { model: input.model } : {}),
  };
}

export function dayString(date: Date): string {
  return date.toISOString().slice(0, 10);
}
