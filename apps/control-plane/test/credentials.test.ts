import { unseal } from "@switchyard/schemas/sealed-secret";
import { afterAll, beforeAll, expect, test } from "vitest";
import { dataPlaneToken, masterKey, startControlPlane, type TestControlPlane } from "./helpers";

/**
 * Provider credentials leave the control plane only sealed: every API response,
 * audit row, published config and log line is scanned for the plaintext.
 */
const plaintext = "sk-live-PLAINTEXT-9f8e7d6c5b4a3210";
const replacement = "sk-live-REPLACED-0123456789abcdef";
let cp: TestControlPlane;
const responses: string[] = [];

beforeAll(async () => {
  cp = await startControlPlane({ label: "creds" });
});
afterAll(async () => {
  await cp?.close();
});

async function trpc(path: string, method: "GET" | "POST", input?: unknown) {
  const authorization = `Bearer ${await cp.assertionFor(cp.userId("ADMIN"))}`;
  const response =
    method === "POST"
      ? await cp.app.inject({
          method,
          url: `/trpc/${path}`,
          headers: { authorization, "content-type": "application/json" },
          payload: JSON.stringify(input ?? {}),
        })
      : await cp.app.inject({
          method,
          url: `/trpc/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
          headers: { authorization },
        });
  responses.push(response.body);
  expect(response.statusCode, response.body).toBe(200);
  return (JSON.parse(response.body) as { result: { data: unknown } }).result.data;
}

test("credentials are sealed at rest, in configs and in every response", async () => {
  const created = (await trpc("credentials.create", "POST", { name: "openai-prod", provider: "openai", apiKey: plaintext })) as {
    id: string;
    last4: string;
  };
  expect(created.last4).toBe(plaintext.slice(-4));
  await trpc("deployments.create", "POST", {
    slug: "gpt-sealed",
    modelName: "sealed-model",
    provider: "openai",
    upstreamModel: "gpt-4o-mini",
    apiBase: "http://127.0.0.1:9001/v1",
    credentialId: created.id,
    price: { inputMicrosPerMTok: 150_000, outputMicrosPerMTok: 600_000 },
  });
  await trpc("credentials.list", "GET");
  await trpc("deployments.list", "GET");
  await trpc("config.draft", "GET");
  await trpc("config.publish", "POST", { message: "with a sealed credential" });
  await trpc("config.show", "GET", { number: 1 });
  await trpc("credentials.replace", "POST", { credentialId: created.id, apiKey: replacement });
  await trpc("config.diff", "GET", { from: 1 });
  await trpc("config.publish", "POST", { message: "replaced" });
  await trpc("audit.list", "GET", {});

  const config = await cp.app.inject({ method: "GET", url: "/dataplane/config", headers: { authorization: `Bearer ${dataPlaneToken}` } });
  responses.push(config.body);
  const published = JSON.parse(config.body) as {
    config: {
      models: { name: string; deployments: { apiKeySealed?: { keyVersion: number; iv: string; tag: string; ciphertext: string } }[] }[];
    };
  };
  const sealed = published.config.models.find((model) => model.name === "sealed-model")?.deployments[0]?.apiKeySealed;
  expect(sealed?.keyVersion).toBe(1);
  // The gateway, holding the master key, opens it.
  expect(sealed && unseal(sealed, masterKey)).toBe(replacement);

  // A caller without credentials:read does not even see the sealed form.
  const lead = await cp.callerAs("TEAM_ADMIN");
  const leadView = JSON.stringify(await lead.config.show({ number: 2 }));
  expect(leadView).not.toContain("apiKeySealed");

  const row = await cp.prisma.providerCredential.findUniqueOrThrow({
    where: { id: created.id },
    omit: { ciphertext: false, iv: false, authTag: false },
  });
  const audit = await cp.prisma.auditLog.findMany({ where: { targetType: "credential" } });
  const versions = await cp.prisma.configVersion.findMany();
  const everything = [...responses, JSON.stringify(row), JSON.stringify(audit), JSON.stringify(versions), ...cp.logLines].join("\n");
  for (const secret of [plaintext, replacement]) expect(everything).not.toContain(secret);
  expect(cp.logLines.length).toBeGreaterThan(0);
  await trpc("credentials.delete", "POST", { credentialId: created.id });
  expect(cp.logLines.join("\n")).not.toContain(replacement);
});

test("without a master key, credentials are refused instead of stored in the clear", async () => {
  const { buildApp } = await import("../src/app");
  const { createContext } = await import("../src/context");
  const { createCaller } = await import("../src/router");
  const app = await buildApp({ prisma: cp.prisma, env: { ...cp.env, SWITCHYARD_MASTER_KEY: undefined, LOG_LEVEL: "silent" } });
  try {
    const caller = createCaller(
      await createContext(app.deps, { authorization: `Bearer ${await cp.assertionFor(cp.userId("ADMIN"))}`, ip: undefined }),
    );
    await expect(caller.credentials.create({ name: "nope", provider: "openai", apiKey: plaintext })).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
    });
  } finally {
    await app.close();
  }
});
