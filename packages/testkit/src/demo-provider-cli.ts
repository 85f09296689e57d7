// The bundled demo provider for `pnpm start`: the fake OpenAI server on DEMO_PROVIDER_PORT.
import { startFakeOpenAI } from "./fake-openai";

const port = Number(process.env.DEMO_PROVIDER_PORT ?? 4500);
const host = process.env.DEMO_PROVIDER_HOST ?? "127.0.0.1";
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`DEMO_PROVIDER_PORT must be a port number, got "${process.env.DEMO_PROVIDER_PORT}"`);
  process.exit(1);
}

const provider = await startFakeOpenAI({ port, host, models: ["demo-fast", "demo-smart", "demo-embed"] });
console.log(`demo provider (OpenAI-compatible) listening on ${provider.url}`);

let stopping = false;
// The demo keeps no request log in memory forever.
const trim = setInterval(() => provider.reset(), 60_000);
trim.unref();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    provider.close().then(() => process.exit(0));
  });
}
