-- Hand-written: Prisma's schema language cannot declare expression or partial indexes, and its
-- diff ignores them (so the schema-drift check neither asks for nor drops them).

-- One budget per target. NULLs are distinct in a plain unique index, so the optional target
-- columns are folded to '' (never a real id). Earlier duplicates are removed first, keeping the
-- most recently updated, so the index can be built on existing data.
DELETE FROM "budgets" AS "older"
USING "budgets" AS "newer"
WHERE "older"."organization_id" = "newer"."organization_id"
  AND "older"."scope" = "newer"."scope"
  AND COALESCE("older"."team_id", '') = COALESCE("newer"."team_id", '')
  AND COALESCE("older"."user_id", '') = COALESCE("newer"."user_id", '')
  AND COALESCE("older"."key_id", '') = COALESCE("newer"."key_id", '')
  AND ("older"."updated_at", "older"."id") < ("newer"."updated_at", "newer"."id");

CREATE UNIQUE INDEX "budgets_target_key" ON "budgets" (
  "organization_id", "scope", COALESCE("team_id", ''), COALESCE("user_id", ''), COALESCE("key_id", '')
);

-- One organisation default routing policy (model_name NULL); per-model uniqueness is the
-- existing routing_policies_organization_id_model_name_key.
DELETE FROM "routing_policies" AS "older"
USING "routing_policies" AS "newer"
WHERE "older"."organization_id" = "newer"."organization_id"
  AND "older"."model_name" IS NULL AND "newer"."model_name" IS NULL
  AND ("older"."updated_at", "older"."id") < ("newer"."updated_at", "newer"."id");

CREATE UNIQUE INDEX "routing_policies_default_key" ON "routing_policies" ("organization_id") WHERE "model_name" IS NULL;
