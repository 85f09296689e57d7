import type { StreamFraming, UpstreamStreamEvent } from "../spec";
import { AwsEventStreamDecoder } from "./aws-eventstream";
import { NdjsonDecoder } from "./ndjson";
import { SseDecoder } from "./sse";

/** Bytes in, framed events out; stateful, one per upstream stream. */
export interface FrameDecoder {
  push(bytes: Uint8Array): UpstreamStreamEvent[];
  end(): UpstreamStreamEvent[];
}

export function createFrameDecoder(framing: StreamFraming): FrameDecoder {
  switch (framing) {
    case "sse":
      return new SseDecoder();
    case "ndjson":
      return new NdjsonDecoder();
    case "aws-eventstream":
      return new AwsEventStreamDecoder();
  }
}

export { AwsEventStreamDecoder, NdjsonDecoder, SseDecoder };
