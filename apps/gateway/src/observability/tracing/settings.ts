/**
 * Whether and where to export traces, from the standard OpenTelemetry variables (read by env.ts).
 * Tracing is on only when an OTLP endpoint is set; with it off the SDK is never imported.
 */
export type OtlpProtocol = "http/json" | "http/protobuf";

export interface TracingSettings {
  /** The full URL spans are POSTed to (…/v1/traces). */
  readonly endpoint: string;
  readonly protocol: OtlpProtocol;
  readonly serviceName: string;
  /** Batch export delay (OTEL_BSP_SCHEDULE_DELAY also applies when unset). */
  readonly scheduledDelayMs?: number;
}

export interface TracingEnvironment {
  readonly OTEL_SDK_DISABLED?: boolean;
  readonly OTEL_TRACES_EXPORTER?: string;
  readonly OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  readonly OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;
  readonly OTEL_EXPORTER_OTLP_PROTOCOL?: string;
  readonly OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?: string;
  readonly OTEL_SERVICE_NAME?: string;
}

export const defaultServiceName = "switchyard-gateway";

/** Protocols we can export with; grpc would need another exporter and is refused at start. */
export function parseProtocol(value: string | undefined): OtlpProtocol {
  if (value === undefined || value === "http/protobuf") return "http/protobuf";
  if (value === "http/json") return "http/json";
  throw new Error(`OTLP protocol "${value}" is not supported by the gateway: use http/protobuf or http/json`);
}

/**
 * Per the OTLP exporter spec: the signal-specific endpoint is used as is; the generic one gets
 * `v1/traces` appended. Undefined (tracing off) when neither is set, the SDK is disabled, or
 * OTEL_TRACES_EXPORTER is `none`.
 */
export function tracingSettings(environment: TracingEnvironment): TracingSettings | undefined {
  if (environment.OTEL_SDK_DISABLED) return undefined;
  const exporters = environment.OTEL_TRACES_EXPORTER?.split(",").map((name) => name.trim());
  if (exporters && !exporters.includes("otlp")) return undefined;
  const specific = environment.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const generic = environment.OTEL_EXPORTER_OTLP_ENDPOINT;
  const endpoint = specific ?? (generic ? `${generic.endsWith("/") ? generic : `${generic}/`}v1/traces` : undefined);
  if (!endpoint) return undefined;
  return {
    endpoint,
    protocol: parseProtocol(environment.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? environment.OTEL_EXPORTER_OTLP_PROTOCOL),
    serviceName: environment.OTEL_SERVICE_NAME ?? defaultServiceName,
  };
}

/** Loads the OpenTelemetry SDK (only now) and starts exporting. */
export async function startTracing(settings: TracingSettings, instanceId: string): Promise<import("./types").GatewayTracing> {
  const { createOtelTracing } = await import("./otel");
  return createOtelTracing(settings, instanceId);
}
