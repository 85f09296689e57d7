import type { PiiVault, ScopeSubject } from "@switchyard/guardrails";
import type { ChatCompletionRequest, GuardrailConfig } from "@switchyard/schemas";
import { GatewayError } from "../../errors";

export type GuardrailStage = "pre" | "post";

/** What a guardrail did, for the spend event and metrics (never the matched text itself). */
export interface GuardrailActionRecord {
  readonly id: string;
  readonly type: GuardrailConfig["type"];
  readonly action: "masked" | "blocked" | "flagged" | "capped" | "restored";
  readonly stage: GuardrailStage;
  readonly [detail: string]: unknown;
}

/** Per-request guardrail state: actions so far and the PII vault shared by pre and post stages. */
export interface GuardrailRun {
  readonly actions: GuardrailActionRecord[];
  readonly vault: PiiVault;
  record(action: GuardrailActionRecord): void;
}

/** A reply-side text filter (stage post, and placeholder restore). */
export interface ReplyTextFilter {
  /** Spans this filter acts on, so a stream never emits half of one. */
  spans(text: string, run: GuardrailRun): Array<readonly [number, number]>;
  /** Filters settled reply text; throws GuardrailViolation to refuse it. */
  apply(text: string, run: GuardrailRun): string;
  /** The longest text this filter must see whole (e.g. the longest blocklist phrase). */
  readonly holdChars: number;
}

export interface CompiledGuardrail {
  readonly config: GuardrailConfig;
  applies(scope: ScopeSubject): boolean;
  /** Stage pre: may rewrite the request (mask, cap) or throw GuardrailViolation. */
  pre?(body: ChatCompletionRequest, run: GuardrailRun): ChatCompletionRequest;
  post?: ReplyTextFilter;
  /** Puts request values this guardrail masked back into the reply (pii with restore: true). */
  restore?: ReplyTextFilter;
}

export class GuardrailViolation extends GatewayError {
  constructor(
    readonly guardrailId: string,
    message: string,
  ) {
    super(400, message, { code: "guardrail_violation", param: "messages" });
  }
}
