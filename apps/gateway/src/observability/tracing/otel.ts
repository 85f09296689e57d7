import {
  type Attributes,
  type Context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { genAIProviderName, upstreamAddress } from "./genai";
import type { TracingSettings } from "./settings";
import type {
  AttemptFailure,
  AttemptSpan,
  AttemptSpanStart,
  GatewayTracing,
  GenAIOperation,
  RequestSpan,
  RequestSpanEnd,
  RequestSpanStart,
  ResponseFacts,
} from "./types";

/**
 * The OpenTelemetry implementation of GatewayTracing, imported only when tracing is on. Spans are
 * parented explicitly (no global context manager, no global registration), so several gateways
 * in one process each export to their own collector. Attribute names follow the HTTP and GenAI
 * semantic conventions; switchyard.* carries what they have no name for.
 */

const propagator = new W3CTraceContextPropagator();

function operationOf(route: string): GenAIOperation | undefined {
  if (route === "/v1/chat/completions" || route === "/v1/messages") return "chat";
  if (route === "/v1/embeddings") return "embeddings";
  return undefined;
}

/** The GenAI response attributes both span kinds share. */
function responseAttributes(facts: ResponseFacts): Attributes {
  const attributes: Attributes = {};
  if (facts.responseModel) attributes["gen_ai.response.model"] = facts.responseModel;
  if (facts.usage) {
    attributes["gen_ai.usage.input_tokens"] = facts.usage.prompt_tokens;
    attributes["gen_ai.usage.output_tokens"] = facts.usage.completion_tokens;
  }
  if (facts.finishReasons && facts.finishReasons.length > 0) attributes["gen_ai.response.finish_reasons"] = [...facts.finishReasons];
  return attributes;
}

class OtelRequestSpan implements RequestSpan {
  constructor(
    readonly span: Span,
    readonly context: Context,
  ) {}

  end(facts: RequestSpanEnd): void {
    const attributes: Attributes = { ...responseAttributes(facts), "http.response.status_code": facts.status };
    if (facts.model) attributes["gen_ai.request.model"] = facts.model;
    if (facts.deployment) attributes["switchyard.deployment.id"] = facts.deployment;
    if (facts.provider) attributes["switchyard.provider"] = facts.provider;
    if (facts.attempts > 0) attributes["switchyard.attempts"] = facts.attempts;
    if (facts.retries > 0) attributes["switchyard.retries"] = facts.retries;
    if (facts.fallbacks > 0) attributes["switchyard.fallbacks"] = facts.fallbacks;
    if (facts.cacheHit) attributes["switchyard.cache_hit"] = true;
    if (facts.team) attributes["switchyard.team"] = facts.team;
    if (facts.overheadMs !== undefined) attributes["switchyard.overhead_ms"] = facts.overheadMs;
    if (facts.errorCode) attributes["error.type"] = facts.errorCode;
    if (facts.aborted) attributes["switchyard.client_aborted"] = true;
    this.span.setAttributes(attributes);
    // HTTP server convention: only 5xx marks the server span as failed; 4xx are the client's.
    if (facts.status >= 500) this.span.setStatus({ code: SpanStatusCode.ERROR, message: facts.errorCode });
    this.span.end();
  }
}

class OtelAttemptSpan implements AttemptSpan {
  readonly headers: Record<string, string> = {};

  constructor(
    private readonly span: Span,
    context: Context,
  ) {
    propagator.inject(trace.setSpan(context, span), this.headers, defaultTextMapSetter);
  }

  succeeded(facts: ResponseFacts): void {
    this.span.setAttributes({ ...responseAttributes(facts), "http.response.status_code": facts.status });
    this.span.end();
  }

  failed(failure: AttemptFailure): void {
    const attributes: Attributes = { "error.type": failure.kind };
    if (failure.status !== undefined) attributes["http.response.status_code"] = failure.status;
    this.span.setAttributes(attributes);
    this.span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
    this.span.end();
  }
}

class OtelTracing implements GatewayTracing {
  constructor(
    private readonly provider: BasicTracerProvider,
    private readonly tracer: Tracer,
  ) {}

  startRequest(start: RequestSpanStart): RequestSpan {
    // A client's traceparent makes this span its child; without one the request starts a trace.
    const parent = propagator.extract(ROOT_CONTEXT, start.headers, defaultTextMapGetter);
    const attributes: Attributes = {
      "http.request.method": start.method,
      "http.route": start.route,
      "url.path": start.route,
      "switchyard.request_id": start.requestId,
    };
    const operation = operationOf(start.route);
    if (operation) attributes["gen_ai.operation.name"] = operation;
    const span = this.tracer.startSpan(`${start.method} ${start.route}`, { kind: SpanKind.SERVER, attributes }, parent);
    return new OtelRequestSpan(span, trace.setSpan(parent, span));
  }

  startAttempt(start: AttemptSpanStart): AttemptSpan {
    const { deployment } = start;
    const provider = genAIProviderName(deployment.adapter.name);
    const { address, port } = upstreamAddress(deployment);
    const context = start.parent instanceof OtelRequestSpan ? start.parent.context : ROOT_CONTEXT;
    const span = this.tracer.startSpan(
      `${start.operation} ${deployment.config.model}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          "gen_ai.operation.name": start.operation,
          "gen_ai.provider.name": provider,
          "gen_ai.system": provider,
          "gen_ai.request.model": deployment.config.model,
          "server.address": address,
          "server.port": port,
          "switchyard.deployment.id": deployment.id,
          "switchyard.adapter": deployment.adapter.name,
          "switchyard.model": start.model,
          "switchyard.attempt": start.attempt,
          "switchyard.route_kind": start.routeKind,
          "switchyard.stream": start.stream,
        },
      },
      context,
    );
    return new OtelAttemptSpan(span, context);
  }

  flush(): Promise<void> {
    return this.provider.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.provider.shutdown();
  }
}

async function exporterFor(settings: TracingSettings): Promise<SpanExporter> {
  // Only the exporter the protocol needs is loaded (the protobuf one brings protobufjs).
  if (settings.protocol === "http/json") {
    const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-http");
    return new OTLPTraceExporter({ url: settings.endpoint });
  }
  const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-proto");
  return new OTLPTraceExporter({ url: settings.endpoint });
}

export async function createOtelTracing(settings: TracingSettings, instanceId: string): Promise<GatewayTracing> {
  // OTEL_RESOURCE_ATTRIBUTES (env detector) add to, and OTEL_SERVICE_NAME overrides, our defaults.
  const resource = defaultResource()
    .merge(resourceFromAttributes({ "service.name": settings.serviceName, "service.instance.id": instanceId }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new BasicTracerProvider({
    resource,
    spanProcessors: [
      new BatchSpanProcessor(
        await exporterFor(settings),
        settings.scheduledDelayMs === undefined ? {} : { scheduledDelayMillis: settings.scheduledDelayMs },
      ),
    ],
  });
  return new OtelTracing(provider, provider.getTracer("switchyard-gateway"));
}
