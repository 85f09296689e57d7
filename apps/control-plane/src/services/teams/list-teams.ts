import { z } from "zod";
import type { Caller } from "../../auth/caller";
import { teamWhere } from "../../auth/data-scope";
import { type TeamView, teamInclude, toTeamView } from "./team-view";

export const listTeamsInput = z
  .object({ includeArchived: z.boolean().default(false) })
  .strict()
  .default({ includeArchived: false });

export async function listTeams(caller: Caller, input: z.infer<typeof listTeamsInput>): Promise<TeamView[]> {
  const rows = await caller.prisma.team.findMany({
    where: { AND: [teamWhere(caller.scope), input.includeArchived ? {} : { archivedAt: null }] },
    include: teamInclude,
    orderBy: { slug: "asc" },
  });
  return rows.map(toTeamView);
}
