import type { OpenAIErrorBody } from "@switchyard/schemas";

/**
 * An error the gateway itself answers with (auth, validation, limits, not found), rendered in
 * OpenAI's envelope. Upstream failures are `UpstreamError`s from @switchyard/providers.
 */
export class GatewayError extends Error {
  override readonly name = "GatewayError";
  readonly status: number;
  readonly type: string;
  readonly code: string | null;
  readonly param: string | null;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    message: string,
    options: { type?: string; code?: string | null; param?: string | null; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = status;
    this.type = options.type ?? defaultType(status);
    this.code = options.code ?? null;
    this.param = options.param ?? null;
    this.headers = options.headers ?? {};
  }

  toBody(): OpenAIErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

function defaultType(status: number): string {
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "invalid_request_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500) return "api_error";
  return "invalid_request_error";
}

export const errors = {
  missingKey: () =>
    new GatewayError(401, "You didn't provide an API key. Send it as 'Authorization: Bearer <key>'.", { code: "missing_api_key" }),
  invalidKey: () => new GatewayError(401, "Incorrect API key provided.", { code: "invalid_api_key" }),
  expiredKey: () => new GatewayError(401, "This API key has expired.", { code: "expired_api_key" }),
  unknownModel: (model: string) =>
    new GatewayError(404, `The model \`${model}\` does not exist or you do not have access to it.`, {
      code: "model_not_found",
      param: "model",
    }),
  modelNotAllowed: (model: string) =>
    new GatewayError(403, `This API key is not allowed to use the model \`${model}\`.`, { code: "model_not_allowed", param: "model" }),
  notReady: () => new GatewayError(503, "The gateway has not loaded a configuration yet.", { code: "not_ready" }),
  bodyTooLarge: (limit: number) =>
    new GatewayError(413, `Request body is larger than the ${limit} bytes this gateway accepts.`, { code: "request_too_large" }),
  invalidJson: () =>
    new GatewayError(400, "We could not parse the JSON body of your request. The API expects a JSON payload.", { code: "invalid_json" }),
  invalidRequest: (message: string, param: string | null) => new GatewayError(400, message, { param, code: "invalid_request" }),
  wrongMode: (model: string, mode: string) =>
    new GatewayError(400, `The model \`${model}\` does not support ${mode}.`, { code: "unsupported_model", param: "model" }),
};
