/**
 * `${NAME}` and `${NAME:-default}` in config string values, resolved against the environment.
 * Done on parsed values, not raw text, so a secret containing YAML syntax cannot change the
 * document's structure. Unset variables without a default are reported, never left as text.
 */
const pattern = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface InterpolationResult {
  value: unknown;
  errors: string[];
}

export function interpolateEnvironment(value: unknown, environment: Readonly<Record<string, string | undefined>>): InterpolationResult {
  const errors: string[] = [];
  const visit = (node: unknown, path: string): unknown => {
    if (typeof node === "string") {
      if (!node.includes("${")) return node;
      return node.replace(pattern, (_match, name: string, fallback: string | undefined) => {
        const resolved = environment[name];
        if (resolved !== undefined && resolved !== "") return resolved;
        if (fallback !== undefined) return fallback;
        errors.push(`${path || "(root)"}: environment variable ${name} is not set`);
        return "";
      });
    }
    if (Array.isArray(node)) return node.map((item, index) => visit(item, `${path}[${index}]`));
    if (node && typeof node === "object" && !(node instanceof Date)) {
      const result: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) result[key] = visit(child, path ? `${path}.${key}` : key);
      return result;
    }
    return node;
  };
  return { value: visit(value, ""), errors };
}
