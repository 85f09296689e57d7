import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { interpolationSource, readEnvironment } from "./env";
import { resolveSpendSink } from "./governance/spend/sinks";
import { createLogger } from "./logger";
import { startTracing, tracingSettings } from "./observability/tracing/settings";
import { closeOnSignals, startGateway } from "./server";

const usage = `Usage:
  gateway --config FILE [--port N] [--host H]            standalone: YAML/JSON GatewayConfig, reloaded on change
  gateway --control-plane URL [--token T] [--port N]       pull configs from the control plane
Environment: GATEWAY_PORT, GATEWAY_HOST, CONTROL_PLANE_URL, SWITCHYARD_DATAPLANE_TOKEN, SWITCHYARD_MASTER_KEY,
             REDIS_URL, REDIS_PREFIX, SWITCHYARD_DATA_DIR (last-known-good config, spend spool), LOG_LEVEL,
             SWITCHYARD_SPEND_SINK (control-plane | stdout | none | jsonl[:PATH]; default: control plane, or DATA_DIR/spend.jsonl standalone),
             OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (traces on; off when unset), OTEL_EXPORTER_OTLP_PROTOCOL
             (http/protobuf | http/json), OTEL_SERVICE_NAME`;

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: "string", short: "c" },
      port: { type: "string", short: "p" },
      host: { type: "string" },
      "control-plane": { type: "string" },
      token: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const environment = readEnvironment();
  const port = values.port !== undefined ? Number(values.port) : environment.GATEWAY_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) fail(`--port must be a port number, got "${values.port}"`);
  const controlPlaneUrl = values["control-plane"] ?? environment.CONTROL_PLANE_URL;
  if (values.config && values["control-plane"]) fail("use either --config or --control-plane, not both");
  if (!values.config && !controlPlaneUrl) fail("no config source: give --config FILE or --control-plane URL");
  const token = values.token ?? environment.SWITCHYARD_DATAPLANE_TOKEN;
  if (!values.config && !token) fail("control-plane mode needs --token or SWITCHYARD_DATAPLANE_TOKEN");

  const logger = createLogger(environment.LOG_LEVEL);
  if (!environment.REDIS_URL) logger.info("REDIS_URL unset: single-instance in-memory counters");
  try {
    const controlPlane = !values.config && controlPlaneUrl && token ? { url: controlPlaneUrl, token } : undefined;
    const spend = resolveSpendSink(environment.SWITCHYARD_SPEND_SINK, environment.SWITCHYARD_DATA_DIR, controlPlane);
    const instanceId = environment.GATEWAY_INSTANCE_ID ?? `gateway-${randomUUID().slice(0, 8)}`;
    const traces = tracingSettings(environment);
    const tracing = traces ? await startTracing(traces, instanceId) : undefined;
    if (traces) logger.info({ endpoint: traces.endpoint, protocol: traces.protocol }, "exporting traces (OTLP)");
    const gateway = await startGateway({
      port,
      host: values.host ?? environment.GATEWAY_HOST,
      configFile: values.config,
      controlPlane: controlPlane ? { ...controlPlane, dataDir: environment.SWITCHYARD_DATA_DIR } : undefined,
      masterKey: environment.SWITCHYARD_MASTER_KEY,
      logger,
      environment: interpolationSource(),
      instanceId,
      redisUrl: environment.REDIS_URL,
      redisPrefix: environment.REDIS_PREFIX,
      governance: { spend },
      tracing,
    });
    logger.info({ url: gateway.url }, "gateway listening");
    closeOnSignals(gateway, (code) => {
      logger.flush();
      process.exit(code);
    });
  } catch (error) {
    logger.fatal((error as Error).message);
    logger.flush();
    console.error((error as Error).message);
    process.exit(1);
  }
}

void main();
