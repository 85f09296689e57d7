import type { AppRouter } from "@switchyard/control-plane/router";
import type { inferRouterOutputs } from "@trpc/server";

type Outputs = inferRouterOutputs<AppRouter>;

/** A key as `keys.list` returns it: never the hash, never the plaintext. */
export type KeyRow = Outputs["keys"]["list"][number];

/** What creating or rotating returns: the plaintext, shown exactly once. */
export interface IssuedKey {
  key: KeyRow;
  plaintext: string;
  /** Set on rotation: the key being replaced and until when it still works. */
  previous?: KeyRow;
}
