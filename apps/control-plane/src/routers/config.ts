import { callerOf } from "../auth/caller";
import {
  diffVersions,
  diffVersionsInput,
  draftStatus,
  listVersions,
  listVersionsInput,
  publishCurrent,
  publishInput,
  rollbackInput,
  rollbackTo,
  showVersion,
  versionNumberInput,
} from "../services/config/config-versions";
import { configViewerOf } from "../services/config/viewer-filter";
import { router, scopedProcedure } from "../trpc";

export const configRouter = router({
  versions: scopedProcedure("config:read")
    .input(listVersionsInput)
    .query(({ ctx, input }) => listVersions(callerOf(ctx), input)),
  show: scopedProcedure("config:read")
    .input(versionNumberInput)
    .query(({ ctx, input }) => showVersion(callerOf(ctx), configViewerOf(ctx.session, ctx.scope), input)),
  /** Structured diff of two versions, or of a version and the current draft. */
  diff: scopedProcedure("config:read")
    .input(diffVersionsInput)
    .query(({ ctx, input }) => diffVersions(callerOf(ctx), configViewerOf(ctx.session, ctx.scope), input)),
  draft: scopedProcedure("config:read").query(({ ctx }) => draftStatus(callerOf(ctx), configViewerOf(ctx.session, ctx.scope))),
  publish: scopedProcedure("config:publish")
    .input(publishInput)
    .mutation(({ ctx, input }) => publishCurrent(ctx, callerOf(ctx), input)),
  rollback: scopedProcedure("config:publish")
    .input(rollbackInput)
    .mutation(({ ctx, input }) => rollbackTo(ctx, callerOf(ctx), input)),
});
