import { callerOf } from "../auth/caller";
import { createTeam, createTeamInput } from "../services/teams/create-team";
import { listTeams, listTeamsInput } from "../services/teams/list-teams";
import {
  addTeamMember,
  addTeamMemberInput,
  changeTeamMemberRole,
  changeTeamMemberRoleInput,
  removeTeamMember,
  removeTeamMemberInput,
} from "../services/teams/team-members";
import {
  archiveTeam,
  renameTeam,
  renameTeamInput,
  setTeamLimits,
  setTeamLimitsInput,
  teamIdInput,
  unarchiveTeam,
} from "../services/teams/update-team";
import { configProcedure, router, scopedProcedure } from "../trpc";

export const teamsRouter = router({
  list: scopedProcedure("teams:read")
    .input(listTeamsInput)
    .query(({ ctx, input }) => listTeams(callerOf(ctx), input)),
  create: configProcedure("teams:write")
    .input(createTeamInput)
    .mutation(({ ctx, input }) => createTeam(callerOf(ctx), input)),
  rename: configProcedure("teams:write")
    .input(renameTeamInput)
    .mutation(({ ctx, input }) => renameTeam(callerOf(ctx), input)),
  setLimits: configProcedure("teams:write")
    .input(setTeamLimitsInput)
    .mutation(({ ctx, input }) => setTeamLimits(callerOf(ctx), input)),
  archive: configProcedure("teams:write")
    .input(teamIdInput)
    .mutation(({ ctx, input }) => archiveTeam(callerOf(ctx), input)),
  unarchive: configProcedure("teams:write")
    .input(teamIdInput)
    .mutation(({ ctx, input }) => unarchiveTeam(callerOf(ctx), input)),
  addMember: scopedProcedure("members:write")
    .input(addTeamMemberInput)
    .mutation(({ ctx, input }) => addTeamMember(callerOf(ctx), input)),
  removeMember: scopedProcedure("members:write")
    .input(removeTeamMemberInput)
    .mutation(({ ctx, input }) => removeTeamMember(callerOf(ctx), input)),
  changeMemberRole: scopedProcedure("members:write")
    .input(changeTeamMemberRoleInput)
    .mutation(({ ctx, input }) => changeTeamMemberRole(callerOf(ctx), input)),
});
