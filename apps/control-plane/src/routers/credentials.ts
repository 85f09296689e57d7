import { callerOf } from "../auth/caller";
import { sealerFromEnv } from "../services/credentials/credential-view";
import {
  createCredential,
  createCredentialInput,
  credentialIdInput,
  deleteCredential,
  listCredentials,
  replaceCredential,
  replaceCredentialInput,
} from "../services/credentials/manage-credentials";
import { configProcedure, router, scopedProcedure } from "../trpc";

export const credentialsRouter = router({
  /** id, name, provider and last 4 characters only. */
  list: scopedProcedure("credentials:read").query(({ ctx }) => listCredentials(callerOf(ctx))),
  create: configProcedure("credentials:write")
    .input(createCredentialInput)
    .mutation(({ ctx, input }) => createCredential(callerOf(ctx), sealerFromEnv(ctx.env), input)),
  replace: configProcedure("credentials:write")
    .input(replaceCredentialInput)
    .mutation(({ ctx, input }) => replaceCredential(callerOf(ctx), sealerFromEnv(ctx.env), input)),
  delete: configProcedure("credentials:write")
    .input(credentialIdInput)
    .mutation(({ ctx, input }) => deleteCredential(callerOf(ctx), input)),
});
