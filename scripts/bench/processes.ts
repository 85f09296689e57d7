import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { openSync, readFileSync } from "node:fs";

/**
 * Child processes of the benchmark: pinned to a core when taskset exists, talking to the parent
 * over Node's IPC channel (stdout stays free: a gateway logs there, into /dev/null).
 */

export function hasTaskset(): boolean {
  try {
    execFileSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Pins this process (the load generator) to `cpu`; false when that is not possible. */
export function pinSelf(cpu: number): boolean {
  return pin(process.pid, String(cpu));
}

/**
 * Sets a process's CPU affinity (`cpus` as taskset takes it: "1", "0-1"); `allThreads` for every
 * thread (taskset -a), e.g. of a process whose worker threads started pinned. False when that is
 * not possible.
 */
export function pin(pid: number, cpus: string, allThreads = false): boolean {
  try {
    execFileSync("taskset", [...(allThreads ? ["-a"] : []), "-cp", cpus, String(pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export interface Child {
  readonly pid: number;
  /** The first message the child sent (its port, etc.). */
  readonly ready: Record<string, unknown>;
  /** Further messages, in order. */
  nextMessage(timeoutMs?: number): Promise<Record<string, unknown>>;
  send(message: Record<string, unknown>): void;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  /** taskset -c CPU; undefined: not pinned. */
  readonly cpu?: number;
  readonly readyTimeoutMs?: number;
  /** Raise the soft open-files limit to this (never above the hard limit, which needs privileges). */
  readonly openFiles?: number;
  /** Send the child's stdout to /dev/null (a gateway's log lines). */
  readonly quiet?: boolean;
  /** Extra node flags. */
  readonly nodeFlags?: readonly string[];
  /** A command that runs node, e.g. valgrind and its flags (the child's pid is then its pid). */
  readonly wrapper?: readonly string[];
}

export async function spawnChild(script: string, argument: unknown, options: SpawnOptions = {}): Promise<Child> {
  // A bundle (.mjs, apps/gateway/scripts/build.ts) runs as is; TypeScript through tsx.
  const loader = script.endsWith(".mjs") ? [] : ["--import", "tsx"];
  const node = [...(options.wrapper ?? []), process.execPath, ...(options.nodeFlags ?? []), ...loader, script, JSON.stringify(argument)];
  const pinned = options.cpu === undefined ? node : ["taskset", "-c", String(options.cpu), ...node];
  let command = pinned[0] as string;
  let args = pinned.slice(1);
  const limits = openFileLimits();
  if (options.openFiles !== undefined && limits.soft < options.openFiles) {
    const soft = Math.min(options.openFiles, limits.hard);
    args = ["-c", `ulimit -Sn ${soft} && exec "$@"`, "sh", command, ...args];
    command = "sh";
  }
  const stdout = options.quiet ? openSync("/dev/null", "w") : "inherit";
  const child: ChildProcess = spawn(command, args, { stdio: ["ignore", stdout, "inherit", "ipc"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const queue: Array<Record<string, unknown>> = [];
  const waiters: Array<(message: Record<string, unknown>) => void> = [];
  child.on("message", (message: Record<string, unknown>) => {
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else queue.push(message);
  });
  const nextMessage = (timeoutMs = options.readyTimeoutMs ?? 30_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const queued = queue.shift();
      if (queued) {
        resolve(queued);
        return;
      }
      const timer = setTimeout(() => reject(new Error(`${script}: no message within ${timeoutMs} ms`)), timeoutMs);
      waiters.push((message) => {
        clearTimeout(timer);
        resolve(message);
      });
      void exited.then(() => reject(new Error(`${script} exited (code ${child.exitCode})`)));
    });
  const ready = await nextMessage();
  return {
    // taskset execs node, so the pid is node's either way.
    pid: child.pid ?? 0,
    ready,
    nextMessage,
    send: (message) => child.send(message),
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** CPU time (user + system) a process has used so far, in seconds (Linux /proc). */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start at ")"; utime and stime are the 14th and 15th fields.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Resident and peak resident memory of a process, in bytes (Linux /proc). */
export function memoryOf(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name: string) =>
      Number(/^(\w+):\s+(\d+) kB$/m.exec(status.split("\n").find((line) => line.startsWith(`${name}:`)) ?? "")?.[2] ?? 0) * 1024;
    return { rss: field("VmRSS"), peak: field("VmHWM") };
  } catch {
    return undefined;
  }
}

/** The soft and hard limits on open files of this process (children inherit them). */
export function openFileLimits(): { soft: number; hard: number } {
  try {
    const limits = readFileSync("/proc/self/limits", "utf8");
    const match = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(limits);
    const parse = (value: string | undefined) => (value === undefined || value === "unlimited" ? Number.POSITIVE_INFINITY : Number(value));
    return { soft: parse(match?.[1]), hard: parse(match?.[2]) };
  } catch {
    return { soft: Number.POSITIVE_INFINITY, hard: Number.POSITIVE_INFINITY };
  }
}
