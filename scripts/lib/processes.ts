import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";

/** Starts child processes in their own process groups and stops them all together. */
export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string | undefined>;
}

export interface Supervisor {
  start(spec: ProcessSpec): ChildProcess;
  stopAll(): Promise<void>;
  /** Resolves when any child exits on its own (a crash), with its name and code. */
  readonly crashed: Promise<{ name: string; code: number | null }>;
}

const colors = [36, 35, 33, 32, 34, 31];

export function createSupervisor(options: { logDir?: string; quiet?: boolean }): Supervisor {
  const children = new Map<string, ChildProcess>();
  const logs: WriteStream[] = [];
  let stopping = false;
  let reportCrash: (value: { name: string; code: number | null }) => void = () => {};
  const crashed = new Promise<{ name: string; code: number | null }>((resolve) => {
    reportCrash = resolve;
  });

  function pipe(name: string, color: number, child: ChildProcess): void {
    const log = options.logDir ? createWriteStream(join(options.logDir, `${name}.log`), { flags: "a" }) : undefined;
    if (log) logs.push(log);
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on("line", (line) => {
        log?.write(`${line}\n`);
        if (!options.quiet) process.stdout.write(`\x1b[${color}m${name.padEnd(14)}\x1b[0m ${line}\n`);
      });
    }
  }

  return {
    crashed,
    start(spec) {
      const child = spawn(spec.command, spec.args, {
        cwd: spec.cwd,
        env: Object.fromEntries(Object.entries(spec.env).filter((entry): entry is [string, string] => entry[1] !== undefined)),
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      children.set(spec.name, child);
      pipe(spec.name, colors[children.size % colors.length] ?? 36, child);
      child.on("exit", (code) => {
        children.delete(spec.name);
        if (!stopping) reportCrash({ name: spec.name, code });
      });
      return child;
    },
    async stopAll() {
      stopping = true;
      const exits = [...children.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => signalGroup(child, "SIGKILL"), 8000);
            child.once("exit", () => {
              clearTimeout(timer);
              resolve();
            });
            signalGroup(child, "SIGTERM");
          }),
      );
      await Promise.all(exits);
      for (const log of logs) log.end();
    },
  };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

export async function waitForHttp(
  url: string,
  options: { timeoutMs: number; crashed?: Promise<unknown>; name: string; okOnly?: boolean },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let crash: unknown;
  void options.crashed?.then((value) => {
    crash = value;
  });
  while (Date.now() < deadline) {
    if (crash) throw new Error(`a process exited while waiting for ${options.name}: ${JSON.stringify(crash)} (see its log lines above)`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (options.okOnly ? response.ok : response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${options.name} did not answer ${url} within ${options.timeoutMs} ms`);
}
