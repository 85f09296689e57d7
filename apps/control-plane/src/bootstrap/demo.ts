import { seedDemo } from "@switchyard/db";
import type { Deps } from "../context";
import { publishConfig } from "../services/config/publish";

/**
 * `pnpm start` passes SWITCHYARD_DEMO_KEY: seed the demo organisation (idempotent;
 * it refreshes the demo provider's address and key) and publish whatever changed,
 * so the gateway that starts next finds a config that points at today's ports.
 */
export async function seedAndPublishDemo(deps: Deps, demoKey: string): Promise<void> {
  const seed = await seedDemo(deps.prisma, { demoKey, demoProviderBase: deps.env.DEMO_PROVIDER_URL });
  const result = await publishConfig(
    deps,
    seed.organizationId,
    { id: null, email: null, ip: undefined },
    { message: "demo seed", skipIfUnchanged: true },
  );
  deps.log.info({ version: result.version.number, published: result.created }, "demo organisation ready");
}
