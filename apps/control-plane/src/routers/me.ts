import { can, permissions } from "@switchyard/schemas";
import { authedProcedure, router } from "../trpc";

export const meRouter = router({
  /** Who am I and what may I do: the console hides what the permission list lacks. */
  get: authedProcedure.query(({ ctx }) => ({
    user: ctx.session.user,
    teams: ctx.session.teams,
    permissions: permissions.filter((permission) => can(ctx.session.user.role, permission)),
    scope: ctx.scope.kind,
  })),
});
