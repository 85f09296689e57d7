import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { type PublishedConfig, publishedConfigSchema } from "@switchyard/schemas";

/**
 * The last config applied from the control plane, as published (provider keys still sealed,
 * virtual keys as hashes), so a gateway can start when the control plane is down.
 */
export function lastKnownGoodPath(dataDir: string): string {
  return join(dataDir, "gateway-lkg.json");
}

export async function saveLastKnownGood(dataDir: string, published: PublishedConfig): Promise<void> {
  const path = lastKnownGoodPath(dataDir);
  await mkdir(dirname(path), { recursive: true });
  // Write then rename: a crash mid-write never leaves a torn file behind.
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(published), { mode: 0o600 });
  await rename(temporary, path);
}

export async function loadLastKnownGood(dataDir: string): Promise<PublishedConfig | undefined> {
  let text: string;
  try {
    text = await readFile(lastKnownGoodPath(dataDir), "utf8");
  } catch {
    return undefined;
  }
  try {
    const parsed = publishedConfigSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
