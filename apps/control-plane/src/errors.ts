import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";

/**
 * The control plane's one error vocabulary. Services throw AppError with a small
 * generic code; tRPC and HTTP routes translate it in exactly one place each
 * (toTRPCError below, and httpStatusOf for the plain Fastify routes).
 */
export const appErrorCodes = [
  "bad_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "precondition_failed",
  "unavailable",
  "internal",
] as const;
export type AppErrorCode = (typeof appErrorCodes)[number];

export class AppError extends Error {
  override readonly name = "AppError";
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Machine-readable detail for clients, e.g. "signup_restricted". */
    readonly reason?: string,
  ) {
    super(message);
  }
}

const trpcCodes: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  bad_request: "BAD_REQUEST",
  unauthorized: "UNAUTHORIZED",
  forbidden: "FORBIDDEN",
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  precondition_failed: "PRECONDITION_FAILED",
  unavailable: "SERVICE_UNAVAILABLE",
  internal: "INTERNAL_SERVER_ERROR",
};

const httpStatuses: Record<AppErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  unavailable: 503,
  internal: 500,
};

export function httpStatusOf(code: AppErrorCode): number {
  return httpStatuses[code];
}

/** Prisma's known request errors carry a `code` like P2002; we only need two of them. */
function prismaErrorCode(error: unknown): string | undefined {
  if (error && typeof error === "object" && "code" in error && typeof error.code === "string" && /^P\d{4}$/.test(error.code)) {
    return error.code;
  }
  return undefined;
}

/** Normalises anything a service may throw into an AppError (or undefined if it is unexpected). */
export function asAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const prismaCode = prismaErrorCode(error);
  if (prismaCode === "P2002") return new AppError("conflict", "a record with the same unique value already exists");
  if (prismaCode === "P2025") return new AppError("not_found", "record not found");
  return undefined;
}

export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: trpcCodes[error.code], message: error.message, cause: error });
}
