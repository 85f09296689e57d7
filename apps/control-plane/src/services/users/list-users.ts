import { z } from "zod";
import type { Caller } from "../../auth/caller";
import { userWhere } from "../../auth/data-scope";
import { toUserView, type UserView, userInclude } from "./user-view";

export const listUsersInput = z
  .object({
    status: z.enum(["INVITED", "ACTIVE", "DEACTIVATED"]).optional(),
    search: z.string().trim().max(200).optional(),
  })
  .strict()
  .default({});

export async function listUsers(caller: Caller, input: z.infer<typeof listUsersInput>): Promise<UserView[]> {
  const rows = await caller.prisma.user.findMany({
    where: {
      AND: [
        userWhere(caller.scope),
        input.status ? { status: input.status } : {},
        input.search
          ? { OR: [{ email: { contains: input.search, mode: "insensitive" } }, { name: { contains: input.search, mode: "insensitive" } }] }
          : {},
      ],
    },
    include: userInclude,
    orderBy: { email: "asc" },
  });
  return rows.map(toUserView);
}
