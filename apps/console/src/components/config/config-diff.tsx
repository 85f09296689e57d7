import { Badge, type BadgeTone } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/state";

/** One entry of the control plane's structured diff (services/config/diff.ts). */
export interface ConfigChange {
  path: string;
  kind: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
}

const kinds: Record<ConfigChange["kind"], { label: string; tone: BadgeTone }> = {
  added: { label: "Added", tone: "success" },
  removed: { label: "Removed", tone: "danger" },
  changed: { label: "Changed", tone: "warning" },
};

/**
 * "models[demo-fast].deployments[demo-fast-1].weight" → ["models", "demo-fast", "deployments",
 * "demo-fast-1", "weight"]: identities in brackets become their own crumbs.
 */
export function pathSegments(path: string): string[] {
  if (path === "") return ["(whole configuration)"];
  return path
    .replace(/\[([^\]]*)\]/g, ".\u0000$1")
    .split(".")
    .filter((segment) => segment !== "")
    .map((segment) => segment.replace("\u0000", ""));
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== "object" || isSealed(value);
}

function isSealed(value: unknown): boolean {
  return typeof value === "object" && value !== null && "ciphertext" in value;
}

function Value({ value, tone }: { value: unknown; tone: "before" | "after" }) {
  const colours = tone === "before" ? "bg-red-50 text-red-900 ring-red-100" : "bg-emerald-50 text-emerald-900 ring-emerald-100";
  if (isSealed(value)) return <span className={`rounded px-1.5 py-0.5 ring-1 ring-inset ${colours}`}>sealed secret</span>;
  if (typeof value === "object" && value !== null) {
    return (
      <pre className={`max-h-64 overflow-auto whitespace-pre-wrap break-all rounded px-2 py-1.5 ring-1 ring-inset ${colours}`}>
        {JSON.stringify(value, null, 2)}
      </pre>
    );
  }
  return (
    <span className={`break-all rounded px-1.5 py-0.5 ring-1 ring-inset ${colours}`} data-value={tone}>
      {JSON.stringify(value)}
    </span>
  );
}

function Path({ path }: { path: string }) {
  const segments = pathSegments(path);
  return (
    <span className="flex min-w-0 flex-wrap items-center gap-x-1 font-mono text-[13px]" title={path}>
      {segments.map((segment, index) => (
        <span key={`${index}:${segment}`} className="flex items-center gap-x-1">
          {index > 0 ? (
            <span aria-hidden className="text-zinc-300">
              ›
            </span>
          ) : null}
          <span className={index === segments.length - 1 ? "font-semibold text-zinc-900" : "text-zinc-600"}>{segment}</span>
        </span>
      ))}
    </span>
  );
}

/** The diff, one row per changed path: what kind of change, where, and the value before and after. */
export function ConfigDiff({ changes, empty = "No differences." }: { changes: readonly ConfigChange[]; empty?: string }) {
  if (changes.length === 0) return <EmptyState title={empty} />;
  return (
    <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200" data-testid="config-diff">
      {changes.map((change) => (
        <li
          key={`${change.kind}:${change.path}`}
          className="space-y-1.5 px-4 py-3 text-sm"
          data-diff-path={change.path}
          data-diff-kind={change.kind}
        >
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={kinds[change.kind].tone}>{kinds[change.kind].label}</Badge>
            <Path path={change.path} />
          </div>
          {change.kind === "changed" && isScalar(change.before) && isScalar(change.after) ? (
            <p className="flex flex-wrap items-center gap-2 font-mono text-xs">
              <Value value={change.before} tone="before" />
              <span aria-hidden className="text-zinc-400">
                →
              </span>
              <span className="sr-only">changed to</span>
              <Value value={change.after} tone="after" />
            </p>
          ) : (
            <div className="grid grid-cols-1 gap-2 font-mono text-xs md:grid-cols-2">
              {change.kind !== "added" ? (
                <div className="min-w-0">
                  <p className="mb-1 font-sans text-xs text-zinc-500">Before</p>
                  <Value value={change.before} tone="before" />
                </div>
              ) : null}
              {change.kind !== "removed" ? (
                <div className="min-w-0">
                  <p className="mb-1 font-sans text-xs text-zinc-500">{change.kind === "added" ? "Value" : "After"}</p>
                  <Value value={change.after} tone="after" />
                </div>
              ) : null}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
