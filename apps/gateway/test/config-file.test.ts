import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeOpenAI, startFakeOpenAI } from "@switchyard/testkit/fake-openai";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startGateway } from "../src/server";
import { captureLogs, upstreamKey, virtualKey } from "./helpers";

let upstream: FakeOpenAI;
let directory: string;

beforeAll(async () => {
  upstream = await startFakeOpenAI({ apiKey: upstreamKey });
  directory = await mkdtemp(join(tmpdir(), "switchyard-gateway-config-"));
});
afterAll(async () => {
  await upstream.close();
  await rm(directory, { recursive: true, force: true });
});

function yamlConfig(models: string[]): string {
  const entries = models
    .map(
      (name) => `  - name: ${name}
    deployments:
      - id: ${name}-1
        provider: openai-compatible
        model: demo-fast
        apiBase: \${FAKE_BASE}
        apiKey: \${FAKE_KEY}
        timeoutMs: 5000`,
    )
    .join("\n");
  return `version: 1
models:
${entries}
keys:
  - key: ${virtualKey}
    name: file-key
`;
}

/** `${NAME}` as written in config files (built, so it is not mistaken for a template literal). */
const envRef = (name: string) => `\${${name}}`;

const environment = () => ({ FAKE_BASE: upstream.url, FAKE_KEY: upstreamKey });

describe("standalone --config mode", () => {
  it("loads YAML with $-brace ENV references, serves it, reloads on change and keeps the old config on a bad reload", async () => {
    const path = join(directory, "gateway.yaml");
    await writeFile(path, yamlConfig(["alpha"]));
    const { capture, logger } = captureLogs();
    const gateway = await startGateway({ port: 0, configFile: path, environment: environment(), logger });
    try {
      const client = new OpenAI({ apiKey: virtualKey, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
      const reply = await client.chat.completions.create({ model: "alpha", messages: [{ role: "user", content: "from a file" }] });
      expect(reply.choices[0]?.message.content).toContain("from a file");
      expect(upstream.requests.at(-1)?.headers.authorization).toBe(`Bearer ${upstreamKey}`);

      await writeFile(path, yamlConfig(["alpha", "beta"]));
      await vi.waitFor(
        async () => {
          const ids: string[] = [];
          for await (const model of client.models.list()) ids.push(model.id);
          expect(ids.sort()).toEqual(["alpha", "beta"]);
        },
        { timeout: 5_000, interval: 100 },
      );

      await writeFile(path, "version: 1\nmodels:\n  - name: broken\n    deployments: []\n");
      await vi.waitFor(() => expect(capture.text()).toContain("config reload refused"), { timeout: 5_000, interval: 50 });
      expect(capture.text()).toContain("models[0].deployments");
      const ids: string[] = [];
      for await (const model of client.models.list()) ids.push(model.id);
      expect(ids.sort()).toEqual(["alpha", "beta"]);
      expect(capture.text()).not.toContain(upstreamKey);
    } finally {
      await gateway.close();
    }
  });

  it("loads JSON files too", async () => {
    const path = join(directory, "gateway.json");
    const config = {
      version: 1,
      models: [
        {
          name: "json-model",
          deployments: [{ id: "j1", provider: "openai", model: "demo-fast", apiBase: envRef("FAKE_BASE"), apiKey: envRef("FAKE_KEY") }],
        },
      ],
      keys: [{ key: virtualKey }],
    };
    await writeFile(path, JSON.stringify(config));
    const gateway = await startGateway({ port: 0, configFile: path, environment: environment(), logger: false });
    try {
      const client = new OpenAI({ apiKey: virtualKey, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
      const model = await client.models.retrieve("json-model");
      expect(model.id).toBe("json-model");
    } finally {
      await gateway.close();
    }
  });

  it("refuses a bad file at boot with every problem listed", async () => {
    const path = join(directory, "bad.yaml");
    await writeFile(
      path,
      `version: 1
models:
  - name: a
    deployments:
      - id: a-1
        provider: nope
        model: m
  - name: b
    deployments:
      - id: b-1
        provider: openai
        model: m
        apiBase: not-a-url
        weight: -1
keys:
  - name: keyless
`,
    );
    const failure = await startGateway({ port: 0, configFile: path, environment: environment(), logger: false }).catch(
      (error: Error) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toContain("models[0].deployments[0].provider");
    expect(message).toContain("models[1].deployments[0].apiBase");
    expect(message).toContain("models[1].deployments[0].weight");
    expect(message).toContain("keys[0]");
  });

  it("names unset environment variables", async () => {
    const path = join(directory, "env.yaml");
    await writeFile(path, yamlConfig(["alpha"]).replace(envRef("FAKE_KEY"), envRef("MISSING_PROVIDER_KEY")));
    const failure = await startGateway({ port: 0, configFile: path, environment: environment(), logger: false }).catch(
      (error: Error) => error,
    );
    expect((failure as Error).message).toContain("models[0].deployments[0].apiKey: environment variable MISSING_PROVIDER_KEY is not set");
  });
});
