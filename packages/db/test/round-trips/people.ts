// Organisations, identities, teams, keys and budgets.
import { createHash } from "node:crypto";
import { expect } from "vitest";
import { beyondDoublePrecision, type RoundTrip } from "./fixtures";

export const peopleRoundTrips: RoundTrip[] = [
  {
    model: "Organization",
    async run(prisma) {
      const created = await prisma.organization.create({
        data: {
          name: "Round Trip",
          slug: "round-trip",
          restrictSignup: true,
          defaultRole: "VIEWER",
          groupRoleMapping: { "sy-admins": "ADMIN" },
        },
      });
      const read = await prisma.organization.findUniqueOrThrow({ where: { slug: "round-trip" } });
      expect(read).toMatchObject({ id: created.id, restrictSignup: true, autoPublish: false, defaultRole: "VIEWER" });
      expect(read.groupRoleMapping).toEqual({ "sy-admins": "ADMIN" });
      const updated = await prisma.organization.update({ where: { id: created.id }, data: { autoPublish: true, groupRoleMapping: {} } });
      expect(updated.autoPublish).toBe(true);
      expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
      await prisma.organization.delete({ where: { id: created.id } });
      expect(await prisma.organization.findUnique({ where: { id: created.id } })).toBeNull();
    },
  },
  {
    model: "User",
    async run(prisma, { organizationId }) {
      const verified = new Date("2026-01-02T03:04:05.678Z");
      const created = await prisma.user.create({
        data: {
          organizationId,
          email: "round-trip@example.com",
          name: "Round Trip",
          emailVerified: verified,
          ssoIssuer: "http://127.0.0.1:4400",
          ssoSubject: "subject-1",
          role: "FINANCE",
          status: "INVITED",
        },
      });
      const read = await prisma.user.findUniqueOrThrow({
        where: { ssoIssuer_ssoSubject: { ssoIssuer: "http://127.0.0.1:4400", ssoSubject: "subject-1" } },
      });
      expect(read).toMatchObject({ id: created.id, role: "FINANCE", status: "INVITED", emailVerified: verified });
      const loggedIn = new Date("2026-02-03T04:05:06.789Z");
      const updated = await prisma.user.update({ where: { id: created.id }, data: { status: "DEACTIVATED", lastLoginAt: loggedIn } });
      expect(updated).toMatchObject({ status: "DEACTIVATED", lastLoginAt: loggedIn });
      await prisma.user.delete({ where: { id: created.id } });
      expect(await prisma.user.findUnique({ where: { email: "round-trip@example.com" } })).toBeNull();
    },
  },
  {
    model: "Account",
    async run(prisma, { userId }) {
      const created = await prisma.account.create({
        data: { userId, type: "oidc", provider: "dev-idp", providerAccountId: "sub-1", expiresAt: 2_000_000_000, idToken: "id.token.sig" },
      });
      const where = { provider_providerAccountId: { provider: "dev-idp", providerAccountId: "sub-1" } };
      expect(await prisma.account.findUniqueOrThrow({ where })).toMatchObject({ id: created.id, expiresAt: 2_000_000_000 });
      expect((await prisma.account.update({ where, data: { accessToken: "access" } })).accessToken).toBe("access");
      await prisma.account.delete({ where });
      expect(await prisma.account.findUnique({ where })).toBeNull();
    },
  },
  {
    model: "Session",
    async run(prisma, { userId }) {
      const expires = new Date("2027-01-01T00:00:00.000Z");
      await prisma.session.create({ data: { sessionToken: "session-1", userId, expires } });
      expect((await prisma.session.findUniqueOrThrow({ where: { sessionToken: "session-1" } })).expires).toEqual(expires);
      const later = new Date("2027-02-01T00:00:00.000Z");
      expect((await prisma.session.update({ where: { sessionToken: "session-1" }, data: { expires: later } })).expires).toEqual(later);
      await prisma.session.delete({ where: { sessionToken: "session-1" } });
      expect(await prisma.session.findUnique({ where: { sessionToken: "session-1" } })).toBeNull();
    },
  },
  {
    model: "VerificationToken",
    async run(prisma) {
      const expires = new Date("2027-01-01T00:00:00.000Z");
      await prisma.verificationToken.create({ data: { identifier: "someone@example.com", token: "token-1", expires } });
      const where = { identifier_token: { identifier: "someone@example.com", token: "token-1" } };
      expect(await prisma.verificationToken.findUniqueOrThrow({ where })).toEqual({
        identifier: "someone@example.com",
        token: "token-1",
        expires,
      });
      await prisma.verificationToken.update({ where, data: { expires: new Date("2027-01-02T00:00:00.000Z") } });
      await prisma.verificationToken.delete({ where: { token: "token-1" } });
      expect(await prisma.verificationToken.findUnique({ where })).toBeNull();
    },
  },
  {
    model: "Team",
    async run(prisma, { organizationId }) {
      const created = await prisma.team.create({
        data: {
          organizationId,
          slug: "round-trip",
          name: "Round Trip",
          rpm: 100,
          tpm: 50_000,
          maxParallel: 4,
          allowedModels: ["demo-fast", "demo-smart"],
          logPayloads: true,
        },
      });
      const where = { organizationId_slug: { organizationId, slug: "round-trip" } };
      expect(await prisma.team.findUniqueOrThrow({ where })).toMatchObject({
        id: created.id,
        allowedModels: ["demo-fast", "demo-smart"],
        maxParallel: 4,
      });
      const archivedAt = new Date("2026-03-01T00:00:00.000Z");
      const updated = await prisma.team.update({ where, data: { allowedModels: [], archivedAt } });
      expect(updated).toMatchObject({ allowedModels: [], archivedAt });
      await prisma.team.delete({ where });
      expect(await prisma.team.findUnique({ where })).toBeNull();
    },
  },
  {
    model: "TeamMembership",
    async run(prisma, { teamId, userId }) {
      await prisma.teamMembership.create({ data: { teamId, userId, role: "TEAM_ADMIN" } });
      const where = { teamId_userId: { teamId, userId } };
      const read = await prisma.teamMembership.findUniqueOrThrow({ where, include: { team: true, user: true } });
      expect(read).toMatchObject({ role: "TEAM_ADMIN", team: { id: teamId }, user: { id: userId } });
      expect((await prisma.teamMembership.update({ where, data: { role: "MEMBER" } })).role).toBe("MEMBER");
      await prisma.teamMembership.delete({ where });
      expect(await prisma.teamMembership.findUnique({ where })).toBeNull();
    },
  },
  {
    model: "VirtualKey",
    async run(prisma, { organizationId, userId, teamId }) {
      const hash = (plaintext: string) => createHash("sha256").update(plaintext).digest("hex");
      const expiresAt = new Date("2027-01-01T00:00:00.000Z");
      const original = await prisma.virtualKey.create({
        data: {
          organizationId,
          name: "round-trip",
          keyHash: hash("sk-sy-round-trip-1"),
          prefix: "sk-sy-roun",
          ownerId: userId,
          createdById: userId,
          teamId,
          allowedModels: ["demo-fast"],
          rpm: 60,
          tpm: 100_000,
          maxParallel: 2,
          expiresAt,
          metadata: { purpose: "ci", labels: ["a", "b"], nested: { depth: 2 } },
        },
      });
      const graceUntil = new Date("2026-12-01T00:00:00.000Z");
      const rotated = await prisma.virtualKey.create({
        data: {
          organizationId,
          name: "round-trip",
          keyHash: hash("sk-sy-round-trip-2"),
          prefix: "sk-sy-roun",
          rotatedFromId: original.id,
          graceUntil,
        },
      });
      const read = await prisma.virtualKey.findUniqueOrThrow({
        where: { keyHash: hash("sk-sy-round-trip-1") },
        include: { rotatedTo: true },
      });
      expect(read).toMatchObject({ id: original.id, allowedModels: ["demo-fast"], expiresAt, ownerId: userId, teamId });
      expect(read.metadata).toEqual({ purpose: "ci", labels: ["a", "b"], nested: { depth: 2 } });
      expect(read.rotatedTo).toMatchObject({ id: rotated.id, graceUntil });
      const revokedAt = new Date("2026-06-01T00:00:00.000Z");
      const updated = await prisma.virtualKey.update({ where: { id: original.id }, data: { revokedAt, lastUsedAt: revokedAt } });
      expect(updated).toMatchObject({ revokedAt, lastUsedAt: revokedAt });
      // Rotation lineage survives the old key's deletion as a dangling-free NULL.
      await prisma.virtualKey.delete({ where: { id: original.id } });
      expect((await prisma.virtualKey.findUniqueOrThrow({ where: { id: rotated.id } })).rotatedFromId).toBeNull();
      await prisma.virtualKey.delete({ where: { id: rotated.id } });
      expect(await prisma.virtualKey.count({ where: { name: "round-trip" } })).toBe(0);
    },
  },
  {
    model: "Budget",
    async run(prisma, { organizationId, teamId }) {
      const resetAt = new Date("2026-12-01T00:00:00.000Z");
      const created = await prisma.budget.create({
        data: {
          organizationId,
          scope: "TEAM",
          teamId,
          amountMicros: beyondDoublePrecision,
          period: "MONTH",
          softThreshold: "0.8500",
          resetAt,
        },
      });
      const read = await prisma.budget.findUniqueOrThrow({ where: { id: created.id } });
      expect(read.amountMicros).toBe(beyondDoublePrecision);
      expect(read.softThreshold?.toFixed(4)).toBe("0.8500");
      expect(read).toMatchObject({ scope: "TEAM", period: "MONTH", resetAt });
      const updated = await prisma.budget.update({
        where: { id: created.id },
        data: { amountMicros: { increment: 1n }, softThreshold: null },
      });
      expect(updated.amountMicros).toBe(beyondDoublePrecision + 1n);
      expect(updated.softThreshold).toBeNull();
      await prisma.budget.delete({ where: { id: created.id } });
      expect(await prisma.budget.findUnique({ where: { id: created.id } })).toBeNull();
    },
  },
];
