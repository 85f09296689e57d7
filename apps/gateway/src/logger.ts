import pino, { type Logger } from "pino";

/**
 * The gateway's logger: asynchronous writes (the hot path never waits on stdout) and, as a
 * second line of defence, redaction of anything shaped like a credential.
 */
export const redactedPaths = [
  "apiKey",
  "*.apiKey",
  "apiKeySealed",
  "*.apiKeySealed",
  "key",
  "*.key",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "password",
  "*.password",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  'headers["api-key"]',
  '*.headers["api-key"]',
  'headers["x-api-key"]',
  '*.headers["x-api-key"]',
  "headers.cookie",
  "*.headers.cookie",
  // Fastify's request serializer (err.req, req) and undici errors carry headers one level deeper.
  "*.*.headers.authorization",
  '*.*.headers["x-api-key"]',
  '*.*.headers["api-key"]',
  "*.*.headers.cookie",
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  if (destination)
    return pino({ level, redact: { paths: redactedPaths, censor: "[redacted]" }, base: { service: "gateway" } }, destination);
  // Buffer up to 4 KiB per write syscall; a timer flushes quiet periods, exit paths call flush().
  const buffered = pino.destination({ sync: false, minLength: 4096 });
  const logger = pino({ level, redact: { paths: redactedPaths, censor: "[redacted]" }, base: { service: "gateway" } }, buffered);
  setInterval(() => buffered.flush(), 1000).unref();
  return logger;
}
