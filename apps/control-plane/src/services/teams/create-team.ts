import { z } from "zod";
import { writeAudit } from "../../audit/write-audit";
import type { Caller } from "../../auth/caller";
import { AppError } from "../../errors";
import { type TeamView, teamInclude, toTeamView } from "./team-view";

export const teamLimitsShape = {
  rpm: z.number().int().positive().nullable().optional(),
  tpm: z.number().int().positive().nullable().optional(),
  maxParallel: z.number().int().positive().nullable().optional(),
  allowedModels: z.array(z.string().min(1)).max(200).optional(),
  logPayloads: z.boolean().optional(),
};

export const createTeamInput = z
  .object({
    /** Published to gateways as the team id; cannot change later. */
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "lowercase letters, digits and '-'"),
    name: z.string().trim().min(1).max(120),
    ...teamLimitsShape,
  })
  .strict();

export async function createTeam(caller: Caller, input: z.infer<typeof createTeamInput>): Promise<TeamView> {
  const organizationId = caller.scope.organizationId;
  return caller.prisma.$transaction(async (tx) => {
    const clash = await tx.team.findUnique({ where: { organizationId_slug: { organizationId, slug: input.slug } }, select: { id: true } });
    if (clash) throw new AppError("conflict", `a team with slug ${input.slug} already exists`);
    const team = await tx.team.create({ data: { organizationId, ...input }, include: teamInclude });
    const view = toTeamView(team);
    await writeAudit(tx, caller.actor, { organizationId, action: "team-created", targetType: "team", targetId: team.id, after: view });
    return view;
  });
}
