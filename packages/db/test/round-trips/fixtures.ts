import type { DatabaseClient } from "../../src/client";
import type { Prisma } from "../../src/generated/client";

export interface Fixtures {
  organizationId: string;
  userId: string;
  teamId: string;
}

export interface RoundTrip {
  model: Prisma.ModelName;
  run(prisma: DatabaseClient, fixtures: Fixtures): Promise<void>;
}

/** 2^53 + 1: a driver that goes through JS numbers would round it. */
export const beyondDoublePrecision = 9_007_199_254_740_993n;

export async function createFixtures(prisma: DatabaseClient, label: string): Promise<Fixtures> {
  const organization = await prisma.organization.create({ data: { name: `Fixture ${label}`, slug: `fixture-${label}` } });
  const user = await prisma.user.create({ data: { organizationId: organization.id, email: `fixture-${label}@example.com` } });
  const team = await prisma.team.create({ data: { organizationId: organization.id, slug: `fixture-${label}`, name: "Fixture" } });
  return { organizationId: organization.id, userId: user.id, teamId: team.id };
}
