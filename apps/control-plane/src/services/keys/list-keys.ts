import { z } from "zod";
import type { Caller } from "../../auth/caller";
import { keyWhere } from "../../auth/data-scope";
import { type KeyView, keyInclude, toKeyView } from "./key-view";

export const listKeysInput = z
  .object({
    teamId: z.string().min(1).optional(),
    ownerId: z.string().min(1).optional(),
    includeRevoked: z.boolean().default(false),
  })
  .strict()
  .default({ includeRevoked: false });

export async function listKeys(caller: Caller, input: z.infer<typeof listKeysInput>): Promise<KeyView[]> {
  const rows = await caller.prisma.virtualKey.findMany({
    where: {
      AND: [
        keyWhere(caller.scope),
        input.teamId ? { teamId: input.teamId } : {},
        input.ownerId ? { ownerId: input.ownerId } : {},
        input.includeRevoked ? {} : { revokedAt: null, OR: [{ graceUntil: null }, { graceUntil: { gt: new Date() } }] },
      ],
    },
    include: keyInclude,
    orderBy: { createdAt: "desc" },
  });
  return rows.map(toKeyView);
}
