import { can, type Permission } from "@switchyard/schemas";
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError, z } from "zod";
import { type DataScope, dataScopeOf } from "./auth/data-scope";
import type { Session } from "./auth/session";
import type { Context } from "./context";
import { asAppError, toTRPCError } from "./errors";
import { publishIfAutomatic } from "./services/config/auto-publish";

/** Every procedure declares its permission here so tests and docs can enumerate them. */
export interface ProcedureMeta {
  permission?: Permission;
  /** The mutation changes what data planes run: auto-publish may follow. */
  affectsConfig?: boolean;
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    errorFormatter({ shape, error }) {
      return {
        ...shape,
        data: {
          ...shape.data,
          // Field errors for forms: { formErrors: string[], fieldErrors: { field: string[] } }.
          zodError: error.code === "BAD_REQUEST" && error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
          reason:
            error.cause instanceof Error && "reason" in error.cause && typeof error.cause.reason === "string" ? error.cause.reason : null,
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** The one place service errors become tRPC errors. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const appError = asAppError(result.error.cause);
    if (appError) throw toTRPCError(appError);
  }
  return result;
});

export const publicProcedure = t.procedure.use(mapErrors);

export interface AuthedContext extends Context {
  session: Session;
  scope: DataScope;
}

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "sign in required" });
  const session: Session = ctx.session;
  return next({ ctx: { ...ctx, session, scope: dataScopeOf(session) } satisfies AuthedContext });
});

/** The permission check itself: one parameterised middleware, never an inline role comparison. */
export function requirePermission(permission: Permission) {
  return t.middleware(({ ctx, next }) => {
    if (!ctx.session || !can(ctx.session.user.role, permission)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `missing permission ${permission}` });
    }
    return next();
  });
}

export function scopedProcedure(permission: Permission) {
  return authedProcedure.meta({ permission }).use(requirePermission(permission));
}

/**
 * A mutation that changes what gateways run. After it commits, the organisation's
 * auto-publish setting decides whether a new config version goes out right away.
 */
export function configProcedure(permission: Permission) {
  return authedProcedure
    .meta({ permission, affectsConfig: true })
    .use(requirePermission(permission))
    .use(async ({ ctx, next, path }) => {
      const result = await next();
      if (result.ok)
        await publishIfAutomatic(ctx, { id: ctx.session.user.id, email: ctx.session.user.email }, `auto-publish after ${path}`);
      return result;
    });
}
