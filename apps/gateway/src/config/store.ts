import type { ProviderRegistry } from "@switchyard/providers";
import { gatewayConfigSchema } from "@switchyard/schemas";
import { formatIssues } from "./format-issues";
import { type ConfigMeta, compileConfig, type RuntimeConfig } from "./runtime";

export type ApplyResult = { ok: true; runtime: RuntimeConfig } | { ok: false; errors: string[] };

/**
 * Holds the active compiled config. Swapping is one reference assignment, so a request sees
 * either the old config or the new one, never a mix; in-flight requests keep the one they took.
 */
export class ConfigStore {
  private active: RuntimeConfig | undefined;
  private readonly listeners = new Set<(runtime: RuntimeConfig) => void>();

  constructor(
    private readonly registry: ProviderRegistry,
    private readonly masterKey: string | undefined,
  ) {}

  get current(): RuntimeConfig | undefined {
    return this.active;
  }

  /** Validate, compile, swap. A config with any problem is refused whole; the old one keeps running. */
  apply(raw: unknown, meta: ConfigMeta): ApplyResult {
    const parsed = gatewayConfigSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, errors: formatIssues(parsed.error.issues) };
    const compiled = compileConfig(parsed.data, { registry: this.registry, masterKey: this.masterKey, meta });
    if (!compiled.ok) return compiled;
    this.active = compiled.runtime;
    for (const listener of this.listeners) listener(compiled.runtime);
    return compiled;
  }

  onSwap(listener: (runtime: RuntimeConfig) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
