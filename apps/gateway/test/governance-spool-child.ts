/**
 * Started by governance-spool.test.ts as a separate process: a gateway whose spend events go to
 * a control plane that is not there, so they stay in the disk spool, until the test kills it
 * with SIGKILL. Prints its URL on stdout. Args: dataDir upstreamUrl unreachableControlPlaneUrl key.
 */
import { startGateway } from "../src/server";

const [dataDir, upstreamUrl, controlPlaneUrl, key] = process.argv.slice(2);
if (!dataDir || !upstreamUrl || !controlPlaneUrl || !key) throw new Error("usage: dataDir upstreamUrl controlPlaneUrl key");
const gateway = await startGateway({
  port: 0,
  logger: false,
  config: {
    version: 1,
    models: [{ name: "demo-fast", deployments: [{ id: "fast-1", provider: "openai", model: "demo-fast", apiBase: upstreamUrl }] }],
    teams: [{ id: "research" }],
    keys: [{ key, team: "research" }],
  },
  governance: { spend: { kind: "control-plane", url: controlPlaneUrl, token: "unused", dataDir, sendIntervalMs: 50 } },
});
process.stdout.write(`${gateway.url}\n`);
