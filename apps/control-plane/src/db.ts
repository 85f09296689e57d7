// The control plane uses the client @switchyard/db's openDatabase() returns: sealed
// credential columns are omitted unless a query selects them (only the config compiler does).
import type { DatabaseClient, DatabaseTransaction } from "@switchyard/db";

export type Database = DatabaseClient;
export type Transaction = DatabaseTransaction;
/** Values too (join, Decimal) for the few raw queries. */
export { Prisma } from "@switchyard/db";
