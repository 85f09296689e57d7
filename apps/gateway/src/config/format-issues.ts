import type { z } from "zod";

/** `models[0].deployments[1].apiBase`: the path style OpenAI uses for `param`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let result = "";
  for (const segment of path) {
    if (typeof segment === "number") result += `[${segment}]`;
    else result += result === "" ? String(segment) : `.${String(segment)}`;
  }
  return result;
}

/** Every problem, one line each, so a bad config file is fixed in one pass. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${formatPath(issue.path) || "(root)"}: ${issue.message}`);
}
