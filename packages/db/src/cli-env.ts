// Environment for the two CLIs (`pnpm db:migrate`, `pnpm db:seed`); the library itself
// never reads process.env, apps pass what they validated.
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { z } from "zod";
import { type OpenDatabaseOptions, pgliteDataDir } from "./client";

const cliEnvSchema = z.object({
  DATABASE_URL: z.string().trim().optional(),
  SWITCHYARD_DATA_DIR: z.string().trim().min(1).default(".switchyard"),
  SWITCHYARD_DEMO_KEY: z
    .string()
    .trim()
    .regex(/^sk-sy-[A-Za-z0-9_-]{8,}$/, "must look like sk-sy-<at least 8 characters>")
    .optional(),
  DEMO_PROVIDER_PORT: z.coerce.number().int().min(1).max(65535).default(4500),
  // pnpm runs package scripts in the package directory; INIT_CWD is where the user typed
  // `pnpm db:migrate`, which is what a relative SWITCHYARD_DATA_DIR means.
  INIT_CWD: z.string().min(1).optional(),
});

export type CliEnv = z.infer<typeof cliEnvSchema>;

export function readCliEnv(environment: NodeJS.ProcessEnv = process.env): CliEnv {
  const parsed = cliEnvSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("\n  ");
    throw new Error(`invalid environment:\n  ${problems}`);
  }
  return parsed.data;
}

export function databaseOptions(env: CliEnv): OpenDatabaseOptions {
  return env.DATABASE_URL !== undefined && env.DATABASE_URL !== ""
    ? { databaseUrl: env.DATABASE_URL }
    : { dataDir: pgliteDataDir(resolve(env.INIT_CWD ?? process.cwd(), env.SWITCHYARD_DATA_DIR)) };
}

export function generateDemoKey(): string {
  return `sk-sy-demo-${randomBytes(18).toString("base64url")}`;
}
