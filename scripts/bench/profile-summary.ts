import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Summarises V8 CPU profiles (`node --cpu-prof`) by self time: the hottest functions and the
 * packages or source folders they live in. Open the .cpuprofile files themselves in Chrome
 * DevTools or speedscope for flame graphs.
 *
 * Usage: node --import tsx scripts/bench/profile-summary.ts <file-or-directory> [top]
 */

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly hitCount?: number;
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples?: readonly number[];
}

/** node_modules/.pnpm/<pkg>@<version>/node_modules/<pkg>/... → <pkg>; our sources → their folder. */
function placeOf(url: string): string {
  if (url === "") return "(native)";
  if (url.startsWith("node:")) return "node internals";
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pnpm?.[1]) return pnpm[1];
  const ours = /\/(apps|packages)\/([^/]+)\/src\/(?:([^/]+)\/)?/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}/${ours[3] && !ours[3].endsWith(".ts") ? ours[3] : ""}`;
  return url.replace(/^file:\/\//, "");
}

export function summarise(profile: CpuProfile, top = 25): string {
  const total = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0) || 1;
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let idle = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)") idle += hits;
    const name = `${functionName || "(anonymous)"} ${url ? `${url.split("/").slice(-2).join("/")}:${lineNumber + 1}` : ""}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
    const place = functionName.startsWith("(") ? functionName : placeOf(url);
    byPlace.set(place, (byPlace.get(place) ?? 0) + hits);
  }
  const busy = total - idle || 1;
  const list = (entries: Map<string, number>, count: number) =>
    [...entries]
      .filter(([name]) => name !== "(idle)")
      .sort((first, second) => second[1] - first[1])
      .slice(0, count)
      .map(([name, hits]) => `  ${((hits / busy) * 100).toFixed(1).padStart(5)} %  ${name}`);
  return [
    `busy ${(100 * (busy / total)).toFixed(0)} % of samples; shares below are of busy time`,
    "by package / folder:",
    ...list(byPlace, 15),
    "hottest functions (self time):",
    ...list(byFunction, top),
  ].join("\n");
}

export function summariseFiles(path: string, top = 25): string {
  const files = path.endsWith(".cpuprofile")
    ? [path]
    : readdirSync(path)
        .filter((name) => name.endsWith(".cpuprofile"))
        .map((name) => join(path, name));
  return files.map((file) => `== ${file}\n${summarise(JSON.parse(readFileSync(file, "utf8")) as CpuProfile, top)}`).join("\n\n");
}

if (process.argv[1]?.endsWith("profile-summary.ts")) {
  const target = process.argv[2];
  if (!target) {
    process.stderr.write("usage: profile-summary.ts <file.cpuprofile | directory> [top]\n");
    process.exit(2);
  }
  process.stdout.write(`${summariseFiles(target, Number(process.argv[3] ?? 25))}\n`);
}
