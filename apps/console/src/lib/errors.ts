import { TRPCClientError } from "@trpc/client";
import { z } from "zod";

/** Field name → messages, as the control plane's zod validation reports them (`error.data.zodError`). */
export type FieldErrors = Record<string, string[] | undefined>;

const errorDataSchema = z.object({
  code: z.string().optional(),
  httpStatus: z.number().optional(),
  reason: z.string().nullish(),
  zodError: z.object({ formErrors: z.array(z.string()), fieldErrors: z.record(z.string(), z.array(z.string()).optional()) }).nullish(),
});

type ErrorData = z.infer<typeof errorDataSchema>;

function dataOf(error: unknown): ErrorData | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const parsed = errorDataSchema.safeParse(error.data);
  return parsed.success ? parsed.data : undefined;
}

/** Per-field messages from a failed mutation, empty when the failure was not a validation error. */
export function fieldErrorsOf(error: unknown): FieldErrors {
  return dataOf(error)?.zodError?.fieldErrors ?? {};
}

/** Validation messages about the whole input rather than one field (zod refinements at the top level). */
export function formErrorsOf(error: unknown): string[] {
  return dataOf(error)?.zodError?.formErrors ?? [];
}

/** zod's default wording is written for developers; these say the same to the person at the form. */
const friendlier: Array<[RegExp, (match: RegExpExecArray) => string]> = [
  [/^Invalid input: expected int, received number$/, () => "Must be a whole number."],
  [/^Too small: expected number to be >0$/, () => "Must be greater than 0."],
  [/^Too small: expected number to be >=(\S+)$/, (match) => `Must be at least ${match[1]}.`],
  [/^Too big: expected number to be <=(\S+)$/, (match) => `Must be at most ${match[1]}.`],
  [/^Too small: expected string to have >=1 characters?$/, () => "Required."],
  [/^Invalid email address$/, () => "Enter a valid email address."],
];

export function friendlyMessage(message: string): string {
  for (const [pattern, rewrite] of friendlier) {
    const match = pattern.exec(message);
    if (match) return rewrite(match);
  }
  return message;
}

/** The first message for one field, for the `error` prop of a form field. */
export function fieldError(errors: FieldErrors, field: string): string | undefined {
  const message = errors[field]?.[0];
  return message === undefined ? undefined : friendlyMessage(message);
}

export function httpStatusOf(error: unknown): number | undefined {
  return dataOf(error)?.httpStatus;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") return trimmed;
  const capitalised = trimmed[0]?.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

const statusMessages: Record<number, string> = {
  403: "You do not have permission to do that.",
  404: "It no longer exists, or it is outside what you may see.",
  502: "The Switchyard control plane is unreachable.",
};

/**
 * What went wrong, in words for a toast. A validation failure's own message is a JSON dump of
 * zod issues, so it becomes a list of the fields that need attention instead.
 */
export function describeError(error: unknown): string {
  const data = dataOf(error);
  const zodError = data?.zodError;
  if (zodError) {
    const fields = Object.entries(zodError.fieldErrors)
      .filter(([, messages]) => messages && messages.length > 0)
      .map(([field, messages]) => `${field}: ${friendlyMessage(messages?.[0] ?? "")}`);
    const parts = [...zodError.formErrors, ...fields].map((part) => part.replace(/\.$/, ""));
    return parts.length > 0 ? `Check the form: ${parts.join("; ")}.` : "Check the form for invalid values.";
  }
  if (error instanceof Error && error.message && !error.message.startsWith("[")) {
    const permission = /^missing permission (\S+)$/.exec(error.message)?.[1];
    if (permission) return `You do not have permission to do that (${permission}).`;
    return sentence(error.message);
  }
  const status = data?.httpStatus;
  return (status !== undefined ? statusMessages[status] : undefined) ?? "The request failed. Try again.";
}
