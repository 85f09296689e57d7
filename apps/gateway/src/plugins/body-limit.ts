import { Transform, type TransformCallback } from "node:stream";
import type { FastifyInstance } from "fastify";
import fastifyPlugin from "fastify-plugin";
import { errors } from "../errors";

export const defaultMaxBodyBytes = 10 * 1024 * 1024;

/** Counts bytes of a body without content-length (chunked) and fails past the limit. */
class LimitStream extends Transform {
  private seen = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) callback(errors.bodyTooLarge(this.limit));
    else callback(null, chunk);
  }
}

/**
 * The body limit comes from the active config (limits.maxBodyBytes), which can change on reload,
 * so it is enforced here rather than by Fastify's static bodyLimit (set very high in app.ts).
 */
async function bodyLimit(app: FastifyInstance): Promise<void> {
  app.addHook("preParsing", (request, _reply, payload, done) => {
    const limit = app.gateway.store.current?.maxBodyBytes ?? defaultMaxBodyBytes;
    const declared = request.headers["content-length"];
    if (declared === undefined) done(null, payload.pipe(new LimitStream(limit)));
    else if (Number(declared) > limit) done(errors.bodyTooLarge(limit));
    else done(null, payload);
  });
}

export const bodyLimitPlugin = fastifyPlugin(bodyLimit, { name: "switchyard-body-limit", fastify: "5.x" });
