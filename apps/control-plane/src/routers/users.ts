import { callerOf } from "../auth/caller";
import { changeUserRole, changeUserRoleInput } from "../services/users/change-user-role";
import { inviteUser, inviteUserInput } from "../services/users/invite-user";
import { listUsers, listUsersInput } from "../services/users/list-users";
import { deactivateUser, reactivateUser, userIdInput } from "../services/users/set-user-status";
import { configProcedure, router, scopedProcedure } from "../trpc";

export const usersRouter = router({
  list: scopedProcedure("users:read")
    .input(listUsersInput)
    .query(({ ctx, input }) => listUsers(callerOf(ctx), input)),
  invite: scopedProcedure("users:write")
    .input(inviteUserInput)
    .mutation(({ ctx, input }) => inviteUser(callerOf(ctx), input)),
  changeRole: scopedProcedure("users:write")
    .input(changeUserRoleInput)
    .mutation(({ ctx, input }) => changeUserRole(callerOf(ctx), input)),
  // A deactivated user's keys leave the published config.
  deactivate: configProcedure("users:write")
    .input(userIdInput)
    .mutation(({ ctx, input }) => deactivateUser(callerOf(ctx), input)),
  reactivate: configProcedure("users:write")
    .input(userIdInput)
    .mutation(({ ctx, input }) => reactivateUser(callerOf(ctx), input)),
});
