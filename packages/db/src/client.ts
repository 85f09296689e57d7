import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { ITXClientDenyList } from "@prisma/client/runtime/client";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "./generated/client";
import { migrate } from "./migrate";
import { pgConnection, pgliteConnection } from "./sql-connection";

/**
 * Sealed provider secrets stay out of every query unless one asks for them explicitly:
 * `prisma.providerCredential.findMany({ omit: { ciphertext: false, iv: false, authTag: false } })`.
 */
export const secretColumnsOmitted = {
  providerCredential: { ciphertext: true, iv: true, authTag: true },
} as const;

/** The client `openDatabase` returns: a PrismaClient with the secret columns omitted. */
export type DatabaseClient = PrismaClient<never, typeof secretColumnsOmitted>;
/** What an interactive `prisma.$transaction(async (tx) => ...)` hands its callback. */
export type DatabaseTransaction = Omit<DatabaseClient, ITXClientDenyList>;

export type DatabaseKind = "postgres" | "pglite";

export interface Database {
  prisma: DatabaseClient;
  kind: DatabaseKind;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; unset means embedded PGlite at `dataDir`. */
  databaseUrl?: string;
  /** PGlite's data directory; default `.switchyard/pglite` under the process cwd. */
  dataDir?: string;
  /** Apply pending migrations before returning; default true. */
  migrate?: boolean;
}

/** Where PGlite keeps its files inside SWITCHYARD_DATA_DIR, so every caller agrees. */
export function pgliteDataDir(switchyardDataDir: string): string {
  return join(resolve(switchyardDataDir), "pglite");
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const shouldMigrate = options.migrate ?? true;
  if (options.databaseUrl !== undefined && options.databaseUrl !== "") {
    return openPostgres(options.databaseUrl, shouldMigrate);
  }
  return openPglite(options.dataDir ?? pgliteDataDir(".switchyard"), shouldMigrate);
}

async function openPostgres(databaseUrl: string, shouldMigrate: boolean): Promise<Database> {
  const pool = new pg.Pool({ connectionString: databaseUrl });
  try {
    if (shouldMigrate) {
      const client = await pool.connect();
      try {
        await migrate(pgConnection(client));
      } finally {
        client.release();
      }
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool), omit: secretColumnsOmitted });
  return {
    prisma,
    kind: "postgres",
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string, shouldMigrate: boolean): Promise<Database> {
  const directory = resolve(dataDir);
  mkdirSync(directory, { recursive: true });
  const database = await PGlite.create(directory);
  try {
    if (shouldMigrate) await migrate(pgliteConnection(database));
  } catch (error) {
    await database.close();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(database), omit: secretColumnsOmitted });
  return {
    prisma,
    kind: "pglite",
    async close() {
      await prisma.$disconnect();
      await database.close();
    },
  };
}
