// Fails when prisma/schema.prisma was edited without adding a migration (or a migration
// was edited by hand): Prisma 6's WASM engine replays prisma/migrations into an in-memory
// PGlite shadow database and diffs the result against the schema.
import { describe, expect, it } from "vitest";
import { diffSql, isEmptyDiff, prisma6Schema } from "../scripts/new-migration";

describe("prisma/migrations vs prisma/schema.prisma", () => {
  it("adapts the Prisma 7 schema for the Prisma 6 CLI", () => {
    const adapted = prisma6Schema(
      'generator client {\n  provider = "prisma-client"\n  output   = "x"\n}\n\ndatasource db {\n  provider = "postgresql"\n}\n\nmodel A {\n  id Int @id\n}\n',
    );
    expect(adapted).not.toContain("generator");
    expect(adapted).toContain('provider = "postgresql"\n  url      = env("DATABASE_URL")');
    expect(adapted).toContain("model A {");
  });

  it("the committed migrations build exactly the schema", { timeout: 180_000 }, () => {
    const sql = diffSql();
    expect(isEmptyDiff(sql), `run \`pnpm --filter @switchyard/db migration:new <name>\`; pending changes:\n${sql}`).toBe(true);
  });
});
