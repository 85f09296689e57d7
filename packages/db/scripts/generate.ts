// Prisma 7's `generate` insists on a schema-engine binary path even though the
// Rust-free client never uses it; no npm package ships the native engine and its
// download host is unreachable, so point it at any existing file.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const engine = process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? (existsSync("/bin/false") ? "/bin/false" : process.execPath);
const result = spawnSync("pnpm", ["exec", "prisma", "generate"], {
  cwd: packageDir,
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: engine, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
});
process.exit(result.status ?? 1);
