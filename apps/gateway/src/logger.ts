import pino, { type Logger } from "pino";

/**
 * The gateway's logger: asynchronous writes (the hot path never waits on stdout) and, as a
 * second line of defence, redaction of anything shaped like a credential.
 */
export const redactedPaths = [
  "apiKey",
  "*.apiKey",
  "key",
  "*.key",
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  'headers["api-key"]',
  'headers["x-api-key"]',
];

export function createLogger(level: string, destination: pino.DestinationStream = pino.destination({ sync: false })): Logger {
  return pino({ level, redact: { paths: redactedPaths, censor: "[redacted]" }, base: { service: "gateway" } }, destination);
}
