// The demo organisation `pnpm start` runs with. Safe on every start: rows are created when
// missing and otherwise left as the user edited them, except the two things that follow
// the environment (the demo provider's address and the demo key's hash).
import type { DatabaseClient, DatabaseTransaction } from "./client";
import type { Role, TeamRole } from "./generated/enums";
import { sha256Hex } from "./migrate";

export interface DemoSeedOptions {
  /** Plaintext of the research team's virtual key (`sk-sy-...`); only its hash is stored. */
  demoKey: string;
  /** OpenAI-style base URL of the bundled demo provider, e.g. http://127.0.0.1:4500/v1. */
  demoProviderBase: string;
}

export interface DemoSeedResult {
  organizationId: string;
  teamIds: { platform: string; research: string };
  userIds: Record<string, string>;
  deploymentIds: { demoFast: string; demoSmart: string };
  virtualKeyId: string;
}

export interface DemoAccount {
  email: string;
  name: string;
  role: Role;
  /** Membership in the research team, if any. */
  researchRole?: TeamRole;
}

/** Sign-in accounts; the dev IdP gives each the password `switchyard`. */
export const demoAccounts: readonly DemoAccount[] = [
  { email: "admin@example.com", name: "Ada Admin", role: "ADMIN" },
  { email: "finance@example.com", name: "Fran Finance", role: "FINANCE" },
  { email: "lead@example.com", name: "Lee Lead", role: "TEAM_ADMIN", researchRole: "TEAM_ADMIN" },
  { email: "member@example.com", name: "Max Member", role: "MEMBER", researchRole: "MEMBER" },
];

const demoKeyName = "research-demo";
const microsPerUsd = 1_000_000n;
const thirtyDaysMs = 30 * 24 * 60 * 60 * 1000;

export async function seedDemo(prisma: DatabaseClient, options: DemoSeedOptions): Promise<DemoSeedResult> {
  if (!options.demoKey.startsWith("sk-sy-")) throw new Error("seedDemo: demoKey must start with sk-sy-");
  return prisma.$transaction(async (tx) => {
    const organization = await tx.organization.upsert({
      where: { slug: "demo" },
      create: { name: "Demo", slug: "demo" },
      update: {},
    });
    const organizationId = organization.id;
    const platform = await upsertTeam(tx, organizationId, "platform", "Platform");
    const research = await upsertTeam(tx, organizationId, "research", "Research");

    const userIds: Record<string, string> = {};
    for (const account of demoAccounts) {
      const user = await tx.user.upsert({
        where: { email: account.email },
        create: { organizationId, email: account.email, name: account.name, role: account.role, status: "ACTIVE" },
        update: {},
      });
      userIds[account.email] = user.id;
      if (account.researchRole !== undefined) {
        await tx.teamMembership.upsert({
          where: { teamId_userId: { teamId: research.id, userId: user.id } },
          create: { teamId: research.id, userId: user.id, role: account.researchRole },
          update: {},
        });
      }
    }

    const demoFast = await upsertDemoDeployment(tx, organizationId, options.demoProviderBase, {
      slug: "demo-fast-1",
      modelName: "demo-fast",
      inputMicrosPerMTok: 150_000n,
      outputMicrosPerMTok: 600_000n,
    });
    const demoSmart = await upsertDemoDeployment(tx, organizationId, options.demoProviderBase, {
      slug: "demo-smart-1",
      modelName: "demo-smart",
      inputMicrosPerMTok: 2_500_000n,
      outputMicrosPerMTok: 10_000_000n,
    });

    // modelName is NULL for the default policy, and PostgreSQL unique keys treat NULLs as
    // distinct, so upsert cannot find it: look it up instead.
    const defaultPolicy = await tx.routingPolicy.findFirst({ where: { organizationId, modelName: null } });
    if (defaultPolicy === null) await tx.routingPolicy.create({ data: { organizationId, modelName: null } });

    const researchBudget = await tx.budget.findFirst({ where: { organizationId, scope: "TEAM", teamId: research.id } });
    if (researchBudget === null) {
      await tx.budget.create({
        data: {
          organizationId,
          scope: "TEAM",
          teamId: research.id,
          amountMicros: 100n * microsPerUsd,
          period: "THIRTY_DAYS",
          softThreshold: "0.8",
          resetAt: new Date(Date.now() + thirtyDaysMs),
        },
      });
    }

    const virtualKeyId = await upsertDemoKey(tx, organizationId, research.id, userIds, options.demoKey);
    return {
      organizationId,
      teamIds: { platform: platform.id, research: research.id },
      userIds,
      deploymentIds: { demoFast: demoFast.id, demoSmart: demoSmart.id },
      virtualKeyId,
    };
  });
}

function upsertTeam(tx: DatabaseTransaction, organizationId: string, slug: string, name: string) {
  return tx.team.upsert({
    where: { organizationId_slug: { organizationId, slug } },
    create: { organizationId, slug, name },
    update: {},
  });
}

interface DemoDeployment {
  slug: string;
  modelName: string;
  inputMicrosPerMTok: bigint;
  outputMicrosPerMTok: bigint;
}

function upsertDemoDeployment(tx: DatabaseTransaction, organizationId: string, apiBase: string, deployment: DemoDeployment) {
  return tx.modelDeployment.upsert({
    where: { organizationId_slug: { organizationId, slug: deployment.slug } },
    create: {
      organizationId,
      slug: deployment.slug,
      modelName: deployment.modelName,
      provider: "openai-compatible",
      upstreamModel: deployment.modelName,
      apiBase,
      inputMicrosPerMTok: deployment.inputMicrosPerMTok,
      outputMicrosPerMTok: deployment.outputMicrosPerMTok,
      tags: ["demo"],
      contextWindow: 32_768,
    },
    // The demo provider's port can change between starts.
    update: { apiBase },
  });
}

async function upsertDemoKey(
  tx: DatabaseTransaction,
  organizationId: string,
  teamId: string,
  userIds: Record<string, string>,
  demoKey: string,
): Promise<string> {
  const keyHash = sha256Hex(demoKey);
  const prefix = demoKey.slice(0, 10);
  const sameHash = await tx.virtualKey.findUnique({ where: { keyHash } });
  if (sameHash !== null) return sameHash.id;
  const sameName = await tx.virtualKey.findFirst({ where: { organizationId, name: demoKeyName }, orderBy: { createdAt: "asc" } });
  if (sameName !== null) {
    // SWITCHYARD_DEMO_KEY changed: the printed key must be the one that works.
    await tx.virtualKey.update({ where: { id: sameName.id }, data: { keyHash, prefix } });
    return sameName.id;
  }
  const created = await tx.virtualKey.create({
    data: {
      organizationId,
      name: demoKeyName,
      keyHash,
      prefix,
      teamId,
      ownerId: userIds["lead@example.com"] ?? null,
      createdById: userIds["admin@example.com"] ?? null,
    },
  });
  return created.id;
}
