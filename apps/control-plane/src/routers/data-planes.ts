import { callerOf } from "../auth/caller";
import { listDataPlanes } from "../services/data-planes/data-planes";
import { router, scopedProcedure } from "../trpc";

export const dataPlanesRouter = router({
  /** Every gateway that reported in, the version it runs and when it was last seen. */
  list: scopedProcedure("dataplanes:read").query(({ ctx }) => listDataPlanes(callerOf(ctx))),
});
