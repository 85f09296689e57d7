// Credentials, deployments, policies, config versions, data planes, spend and audit.
import { expect } from "vitest";
import { Prisma } from "../../src/generated/client";
import { beyondDoublePrecision, type RoundTrip } from "./fixtures";

export const controlPlaneRoundTrips: RoundTrip[] = [
  {
    model: "ProviderCredential",
    async run(prisma, { organizationId }) {
      const secrets = { ciphertext: "Y2lwaGVy", iv: "aXY=", authTag: "dGFn" };
      const created = await prisma.providerCredential.create({
        data: { organizationId, name: "round-trip", provider: "openai", ...secrets, keyVersion: 1, last4: "abcd" },
      });
      // Secret columns stay out of results unless asked for.
      expect(created).not.toHaveProperty("ciphertext");
      const plain = await prisma.providerCredential.findUniqueOrThrow({ where: { id: created.id } });
      expect(plain).toMatchObject({ name: "round-trip", last4: "abcd", keyVersion: 1 });
      expect(Object.keys(plain)).not.toEqual(expect.arrayContaining(["ciphertext"]));
      expect(plain).not.toHaveProperty("iv");
      expect(plain).not.toHaveProperty("authTag");
      const sealed = await prisma.providerCredential.findUniqueOrThrow({
        where: { id: created.id },
        omit: { ciphertext: false, iv: false, authTag: false },
      });
      expect(sealed).toMatchObject(secrets);
      const updated = await prisma.providerCredential.update({
        where: { id: created.id },
        data: { ciphertext: "bmV3", keyVersion: 2 },
        omit: { ciphertext: false },
      });
      expect(updated).toMatchObject({ ciphertext: "bmV3", keyVersion: 2 });
      await prisma.providerCredential.delete({ where: { id: created.id } });
      expect(await prisma.providerCredential.findUnique({ where: { id: created.id } })).toBeNull();
    },
  },
  {
    model: "ModelDeployment",
    async run(prisma, { organizationId }) {
      const credential = await prisma.providerCredential.create({
        data: {
          organizationId,
          name: "deployment-credential",
          provider: "openai",
          ciphertext: "c",
          iv: "i",
          authTag: "t",
          keyVersion: 1,
          last4: "wxyz",
        },
      });
      const created = await prisma.modelDeployment.create({
        data: {
          organizationId,
          slug: "round-trip-1",
          modelName: "round-trip",
          provider: "openai",
          upstreamModel: "gpt-4o-mini",
          apiBase: "http://127.0.0.1:9001/v1",
          credentialId: credential.id,
          weight: 3,
          rpm: 600,
          tpm: 200_000,
          timeoutMs: 30_000,
          inputMicrosPerMTok: 150_000n,
          outputMicrosPerMTok: beyondDoublePrecision,
          cachedInputMicrosPerMTok: 75_000n,
          tags: ["fast", "cheap"],
          options: { headers: { "x-extra": "1" }, temperature: 0.2 },
        },
      });
      const where = { organizationId_slug: { organizationId, slug: "round-trip-1" } };
      const read = await prisma.modelDeployment.findUniqueOrThrow({ where, include: { credential: true } });
      expect(read).toMatchObject({
        id: created.id,
        weight: 3,
        inputMicrosPerMTok: 150_000n,
        outputMicrosPerMTok: beyondDoublePrecision,
        cacheWriteMicrosPerMTok: null,
      });
      expect(read.tags).toEqual(["fast", "cheap"]);
      expect(read.options).toEqual({ headers: { "x-extra": "1" }, temperature: 0.2 });
      expect(read.credential?.last4).toBe("wxyz");
      expect(read.credential).not.toHaveProperty("ciphertext");
      const updated = await prisma.modelDeployment.update({ where, data: { enabled: false, tags: { push: "beta" } } });
      expect(updated).toMatchObject({ enabled: false, tags: ["fast", "cheap", "beta"] });
      // Deleting the credential detaches, rather than deletes, its deployments.
      await prisma.providerCredential.delete({ where: { id: credential.id } });
      expect((await prisma.modelDeployment.findUniqueOrThrow({ where })).credentialId).toBeNull();
      await prisma.modelDeployment.delete({ where });
      expect(await prisma.modelDeployment.findUnique({ where })).toBeNull();
    },
  },
  {
    model: "RoutingPolicy",
    async run(prisma, { organizationId }) {
      await prisma.routingPolicy.create({
        data: {
          organizationId,
          modelName: "round-trip",
          strategy: "least-busy",
          fallbacks: ["demo-smart"],
          contextWindowFallbacks: ["big"],
          contentPolicyFallbacks: [],
        },
      });
      const where = { organizationId_modelName: { organizationId, modelName: "round-trip" } };
      expect(await prisma.routingPolicy.findUniqueOrThrow({ where })).toMatchObject({
        strategy: "least-busy",
        retries: 2,
        fallbacks: ["demo-smart"],
        contextWindowFallbacks: ["big"],
      });
      expect((await prisma.routingPolicy.update({ where, data: { retries: 0, fallbacks: { set: [] } } })).fallbacks).toEqual([]);
      await prisma.routingPolicy.delete({ where });
      expect(await prisma.routingPolicy.findUnique({ where })).toBeNull();
    },
  },
  {
    model: "GuardrailPolicy",
    async run(prisma, { organizationId }) {
      await prisma.guardrailPolicy.create({
        data: {
          organizationId,
          slug: "pii",
          name: "PII",
          type: "pii",
          mode: "mask",
          stage: "both",
          settings: { entities: ["email", "ssn"] },
          scope: { teams: ["research"] },
        },
      });
      const where = { organizationId_slug: { organizationId, slug: "pii" } };
      const read = await prisma.guardrailPolicy.findUniqueOrThrow({ where });
      expect(read).toMatchObject({ mode: "mask", stage: "both", enabled: true });
      expect(read.settings).toEqual({ entities: ["email", "ssn"] });
      expect(read.scope).toEqual({ teams: ["research"] });
      expect((await prisma.guardrailPolicy.update({ where, data: { enabled: false, scope: {} } })).scope).toEqual({});
      await prisma.guardrailPolicy.delete({ where });
      expect(await prisma.guardrailPolicy.findUnique({ where })).toBeNull();
    },
  },
  {
    model: "ConfigVersion",
    async run(prisma, { organizationId, userId }) {
      const snapshot = { version: 1, models: [{ name: "demo-fast", deployments: [{ id: "demo-fast-1", weight: 1 }] }], cache: null };
      await prisma.configVersion.create({
        data: {
          organizationId,
          number: 1,
          sha256: "a".repeat(64),
          snapshot,
          authorId: userId,
          authorEmail: "a@example.com",
          message: "first",
        },
      });
      const where = { organizationId_number: { organizationId, number: 1 } };
      const read = await prisma.configVersion.findUniqueOrThrow({ where });
      expect(read.snapshot).toEqual(snapshot);
      expect(read.publishedAt).toBeNull();
      const publishedAt = new Date("2026-04-01T00:00:00.000Z");
      expect((await prisma.configVersion.update({ where, data: { publishedAt } })).publishedAt).toEqual(publishedAt);
      await expect(
        prisma.configVersion.create({ data: { organizationId, number: 1, sha256: "b", snapshot: {}, message: "dup" } }),
      ).rejects.toThrow();
      await prisma.configVersion.delete({ where });
      expect(await prisma.configVersion.findUnique({ where })).toBeNull();
    },
  },
  {
    model: "DataPlane",
    async run(prisma, { organizationId }) {
      await prisma.dataPlane.create({
        data: { organizationId, instanceId: "gw-1", appliedVersion: 1, appliedSha256: "c".repeat(64), health: { redis: "ok" } },
      });
      const where = { organizationId_instanceId: { organizationId, instanceId: "gw-1" } };
      expect(await prisma.dataPlane.findUniqueOrThrow({ where })).toMatchObject({
        appliedVersion: 1,
        status: "ok",
        health: { redis: "ok" },
      });
      const lastSeenAt = new Date("2026-05-01T00:00:00.000Z");
      expect(await prisma.dataPlane.update({ where, data: { lastSeenAt, status: "degraded" } })).toMatchObject({
        lastSeenAt,
        status: "degraded",
      });
      await prisma.dataPlane.delete({ where });
      expect(await prisma.dataPlane.findUnique({ where })).toBeNull();
    },
  },
  {
    model: "SpendLog",
    async run(prisma, { organizationId, userId, teamId }) {
      const startedAt = new Date("2026-11-21T10:11:12.345Z");
      await prisma.spendLog.create({
        data: {
          organizationId,
          requestId: "req-1",
          keyId: "key-1",
          teamId,
          userId,
          model: "demo-fast",
          deployment: "demo-fast-1",
          provider: "openai-compatible",
          promptTokens: 12,
          completionTokens: 34,
          cachedTokens: 5,
          costUsd: "0.0000123456",
          latencyMs: 321,
          timeToFirstTokenMs: 45,
          status: 200,
          cacheHit: true,
          guardrailActions: [{ id: "pii", action: "mask" }],
          startedAt,
        },
      });
      const read = await prisma.spendLog.findUniqueOrThrow({ where: { requestId: "req-1" } });
      expect(read.costUsd.toFixed(10)).toBe("0.0000123456");
      expect(read).toMatchObject({ startedAt, cacheHit: true, timeToFirstTokenMs: 45, guardrailActions: [{ id: "pii", action: "mask" }] });
      // Ten integer and ten fractional digits: exactly what DECIMAL(20,10) holds.
      const updated = await prisma.spendLog.update({
        where: { requestId: "req-1" },
        data: { costUsd: "1234567890.0123456789", status: 502, errorCode: "upstream_error" },
      });
      expect(updated.costUsd.toFixed(10)).toBe("1234567890.0123456789");
      const sum = await prisma.spendLog.aggregate({ where: { organizationId }, _sum: { costUsd: true } });
      expect(sum._sum.costUsd?.toFixed(10)).toBe("1234567890.0123456789");
      await prisma.spendLog.delete({ where: { requestId: "req-1" } });
      expect(await prisma.spendLog.findUnique({ where: { requestId: "req-1" } })).toBeNull();
    },
  },
  {
    model: "SpendDailyRollup",
    async run(prisma, { organizationId, teamId }) {
      const day = new Date("2026-11-21T00:00:00.000Z");
      const key = { organizationId, day, teamId, keyId: "", userId: "", model: "demo-fast", provider: "openai-compatible" };
      await prisma.spendDailyRollup.create({ data: { ...key, requests: 1, promptTokens: 5_000_000_000n, costUsd: "12.3456789012" } });
      const where = { organizationId_day_teamId_keyId_userId_model_provider: key };
      const read = await prisma.spendDailyRollup.findUniqueOrThrow({ where });
      expect(read.day.toISOString()).toBe("2026-11-21T00:00:00.000Z");
      expect(read.promptTokens).toBe(5_000_000_000n);
      expect(read.costUsd.toFixed(10)).toBe("12.3456789012");
      const updated = await prisma.spendDailyRollup.update({
        where,
        data: { requests: { increment: 2 }, promptTokens: { increment: 1n }, costUsd: { increment: "0.0000000001" } },
      });
      expect(updated).toMatchObject({ requests: 3, promptTokens: 5_000_000_001n });
      expect(updated.costUsd.toFixed(10)).toBe("12.3456789013");
      await prisma.spendDailyRollup.delete({ where });
      expect(await prisma.spendDailyRollup.findUnique({ where })).toBeNull();
    },
  },
  {
    model: "SpendHourlyRollup",
    async run(prisma, { organizationId, teamId }) {
      const hour = new Date("2026-11-21T13:00:00.000Z");
      const key = { organizationId, hour, teamId, keyId: "", userId: "", model: "demo-fast", provider: "openai-compatible" };
      const histogram = [0, 2, 0, 5];
      await prisma.spendHourlyRollup.create({ data: { ...key, requests: 7, costUsd: "0.0000000001", latencyHistogram: histogram } });
      const where = { organizationId_hour_teamId_keyId_userId_model_provider: key };
      const read = await prisma.spendHourlyRollup.findUniqueOrThrow({ where });
      expect(read.hour.toISOString()).toBe("2026-11-21T13:00:00.000Z");
      expect(read.latencyHistogram).toEqual(histogram);
      const updated = await prisma.spendHourlyRollup.update({
        where,
        data: { requests: { increment: 1 }, latencyHistogram: [0, 2, 0, 6] },
      });
      expect(updated).toMatchObject({ requests: 8, latencyHistogram: [0, 2, 0, 6] });
      await prisma.spendHourlyRollup.delete({ where });
      expect(await prisma.spendHourlyRollup.findUnique({ where })).toBeNull();
    },
  },
  {
    model: "AuditLog",
    async run(prisma, { organizationId, userId }) {
      const created = await prisma.auditLog.create({
        data: {
          organizationId,
          actorId: userId,
          actorEmail: "a@example.com",
          action: "key.create",
          targetType: "virtual_key",
          targetId: "key-1",
          after: { name: "k", rpm: 60 },
          ip: "127.0.0.1",
        },
      });
      const read = await prisma.auditLog.findUniqueOrThrow({ where: { id: created.id }, include: { actor: true } });
      expect(read).toMatchObject({ before: null, after: { name: "k", rpm: 60 }, ip: "127.0.0.1", actor: { id: userId } });
      const updated = await prisma.auditLog.update({ where: { id: created.id }, data: { before: { name: "old" }, after: Prisma.DbNull } });
      expect(updated).toMatchObject({ before: { name: "old" }, after: null });
      await prisma.auditLog.delete({ where: { id: created.id } });
      expect(await prisma.auditLog.findUnique({ where: { id: created.id } })).toBeNull();
    },
  },
];
