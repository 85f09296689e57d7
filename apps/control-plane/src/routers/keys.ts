import { callerOf } from "../auth/caller";
import { keyIdInput, revokeKey, updateKey, updateKeyInput } from "../services/keys/change-key";
import { createKey, createKeyInput } from "../services/keys/create-key";
import { listKeys, listKeysInput } from "../services/keys/list-keys";
import { rotateKey, rotateKeyInput } from "../services/keys/rotate-key";
import { configProcedure, router, scopedProcedure } from "../trpc";

export const keysRouter = router({
  list: scopedProcedure("keys:read")
    .input(listKeysInput)
    .query(({ ctx, input }) => listKeys(callerOf(ctx), input)),
  /** Returns the plaintext once; it is never stored or shown again. */
  create: configProcedure("keys:write")
    .input(createKeyInput)
    .mutation(({ ctx, input }) => createKey(callerOf(ctx), input)),
  update: configProcedure("keys:write")
    .input(updateKeyInput)
    .mutation(({ ctx, input }) => updateKey(callerOf(ctx), input)),
  revoke: configProcedure("keys:write")
    .input(keyIdInput)
    .mutation(({ ctx, input }) => revokeKey(callerOf(ctx), input)),
  rotate: configProcedure("keys:write")
    .input(rotateKeyInput)
    .mutation(({ ctx, input }) => rotateKey(callerOf(ctx), input)),
});
