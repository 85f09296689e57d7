import { type FSWatcher, watch } from "node:fs";
import { basename, dirname, resolve } from "node:path";

/**
 * Calls `onChange` after the file settles. Watches the directory, not the file: editors and
 * GitOps tools replace files by rename, which ends a watch on the old inode.
 */
export function watchFile(path: string, onChange: () => void, debounceMs = 200): () => void {
  const absolute = resolve(path);
  const name = basename(absolute);
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(dirname(absolute), { persistent: false }, (_event, changed) => {
    if (changed !== null && changed !== name) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  });
  watcher.on("error", () => {
    // A vanished directory ends watching; the running config stays.
  });
  return () => {
    if (timer) clearTimeout(timer);
    watcher.close();
  };
}
