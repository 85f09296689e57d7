import { randomUUID } from "node:crypto";
import type { SpendEvent, SpendIngestResult } from "@switchyard/schemas/spend-event";
import { type Database, Prisma } from "../../db";
import { upsertRollups } from "./rollup-upsert";

interface KeyRef {
  id: string;
  teamId: string | null;
  ownerId: string | null;
}

/** Maps what gateways report (key hashes, team slugs) onto database ids. */
async function resolveReferences(prisma: Database, organizationId: string, events: SpendEvent[]) {
  const hashes = [...new Set(events.flatMap((event) => (event.keyHash ? [event.keyHash] : [])))];
  const keyIds = [...new Set(events.flatMap((event) => (event.keyId ? [event.keyId] : [])))];
  const teamRefs = [...new Set(events.flatMap((event) => (event.teamId ? [event.teamId] : [])))];
  const [keys, teams] = await Promise.all([
    hashes.length + keyIds.length > 0
      ? prisma.virtualKey.findMany({
          where: { organizationId, OR: [{ keyHash: { in: hashes } }, { id: { in: keyIds } }] },
          select: { id: true, keyHash: true, teamId: true, ownerId: true },
        })
      : [],
    teamRefs.length > 0
      ? prisma.team.findMany({
          where: { organizationId, OR: [{ slug: { in: teamRefs } }, { id: { in: teamRefs } }] },
          select: { id: true, slug: true },
        })
      : [],
  ]);
  const keyByHash = new Map<string, KeyRef>(keys.map((key) => [key.keyHash, key]));
  const keyById = new Map<string, KeyRef>(keys.map((key) => [key.id, key]));
  const teamByRef = new Map<string, string>(teams.flatMap((team) => [[team.slug, team.id] as const, [team.id, team.id] as const]));
  return {
    key: (event: SpendEvent) =>
      (event.keyHash ? keyByHash.get(event.keyHash) : undefined) ?? (event.keyId ? keyById.get(event.keyId) : undefined),
    team: (reference: string | undefined) => (reference ? teamByRef.get(reference) : undefined),
  };
}

/**
 * Idempotent by requestId: one transaction inserts the raw logs with ON CONFLICT
 * DO NOTHING and folds only the rows it actually inserted into the daily and hourly
 * rollups (with their latency histograms), so a batch resent after a timeout changes nothing.
 */
export async function ingestSpend(prisma: Database, organizationId: string, events: SpendEvent[]): Promise<SpendIngestResult> {
  if (events.length === 0) return { accepted: 0, duplicates: 0 };
  const resolve = await resolveReferences(prisma, organizationId, events);
  const rows = events.map((event) => {
    const key = resolve.key(event);
    return {
      id: randomUUID(),
      organizationId,
      requestId: event.requestId,
      keyId: key?.id ?? event.keyId ?? null,
      teamId: resolve.team(event.teamId) ?? key?.teamId ?? null,
      userId: event.userId ?? key?.ownerId ?? null,
      model: event.model,
      deployment: event.deployment ?? null,
      provider: event.provider ?? null,
      promptTokens: event.promptTokens,
      completionTokens: event.completionTokens,
      cachedTokens: event.cachedTokens,
      cacheWriteTokens: event.cacheWriteTokens,
      costUsd: event.costUsd,
      latencyMs: event.latencyMs,
      timeToFirstTokenMs: event.ttftMs ?? null,
      status: event.status,
      errorCode: event.errorCode ?? null,
      cacheHit: event.cacheHit,
      guardrailActions: event.guardrailActions as Prisma.InputJsonValue,
      gatewayId: event.gatewayId ?? null,
      startedAt: new Date(event.timestamp),
    };
  });
  const inserted = await prisma.$transaction(async (tx) => {
    const created = await tx.spendLog.createManyAndReturn({ data: rows, skipDuplicates: true, select: { id: true } });
    if (created.length === 0) return 0;
    const ids = Prisma.join(created.map((row) => row.id));
    await upsertRollups(tx, "day", ids);
    await upsertRollups(tx, "hour", ids);
    await tx.$executeRaw`
      UPDATE virtual_keys AS key SET last_used_at = used.last
      FROM (SELECT key_id, MAX(started_at) AS last FROM spend_logs WHERE id IN (${ids}) AND key_id IS NOT NULL GROUP BY key_id) AS used
      WHERE key.id = used.key_id AND (key.last_used_at IS NULL OR key.last_used_at < used.last)`;
    return created.length;
  });
  return { accepted: inserted, duplicates: events.length - inserted };
}
