import { type CallContext, UpstreamError, type UpstreamRequest } from "@switchyard/providers";
import type { Dispatcher } from "undici";
import type { RuntimeDeployment } from "../config/runtime";
import type { UpstreamSignal } from "../pipeline/client-abort";
import type { UpstreamPools } from "./pools";
import { mapTransportError } from "./transport-errors";

export type UpstreamBody = Dispatcher.ResponseData["body"];

/** Upstream error bodies are for logs and mapping; nobody needs more than this. */
const maxErrorBodyBytes = 64 * 1024;

async function readCapped(body: UpstreamBody, limit: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of body) {
    const buffer = part as Buffer;
    parts.push(buffer);
    size += buffer.length;
    if (size >= limit) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(parts).toString("utf8").slice(0, limit);
}

function pathOf(url: string, origin: string): string {
  if (url.startsWith(origin)) return url.slice(origin.length) || "/";
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

/**
 * Sends one upstream request on the deployment's pool. Resolves with the body of a 2xx reply;
 * a non-2xx reply becomes the adapter's UpstreamError, a transport failure a mapped one.
 * `timeoutMs` bounds the wait for headers and every silence in the body.
 */
export async function sendUpstream(
  pools: UpstreamPools,
  deployment: RuntimeDeployment,
  upstream: UpstreamRequest,
  context: CallContext,
  signal: UpstreamSignal,
): Promise<UpstreamBody> {
  let response: Dispatcher.ResponseData;
  try {
    response = await pools.get(deployment.origin).request({
      path: pathOf(upstream.url, deployment.origin),
      method: upstream.method,
      headers: upstream.headers,
      body: upstream.body,
      signal,
      headersTimeout: deployment.timeoutMs,
      bodyTimeout: deployment.timeoutMs,
    });
  } catch (error) {
    throw mapTransportError(error, deployment, signal);
  }
  if (response.statusCode >= 200 && response.statusCode < 300) return response.body;
  let text: string;
  try {
    text = await readCapped(response.body, maxErrorBodyBytes);
  } catch (error) {
    throw mapTransportError(error, deployment, signal);
  }
  throw deployment.adapter.mapError({ status: response.statusCode, headers: response.headers, body: text }, context);
}

/** Reads a 2xx JSON body; a cut connection or timeout mid-body maps like any transport failure. */
export async function readJsonBody(body: UpstreamBody, deployment: RuntimeDeployment, signal: UpstreamSignal): Promise<unknown> {
  try {
    return await body.json();
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new UpstreamError({
        kind: "server",
        provider: deployment.adapter.name,
        deploymentId: deployment.id,
        message: "upstream sent invalid JSON",
      });
    }
    throw mapTransportError(error, deployment, signal);
  }
}
