// The production shape (docker-compose.yml and the Dockerfiles) cannot be built
// here (no Docker engine), so check what a reviewer would: every service is
// there, images are pinned, containers run as non-root, secrets have no defaults.
// The gateway and the control plane share the root Dockerfile (build argument APP
// picks the final stage); the console has its own.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../lib/stack";

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
}

const compose = parse(readFileSync(join(repoRoot, "docker-compose.yml"), "utf8"), { merge: true }) as {
  services: Record<string, ComposeService>;
};

describe("docker-compose.yml", () => {
  it("runs PostgreSQL, Redis, the control plane, two gateways and the console", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["console", "control-plane", "gateway-1", "gateway-2", "postgres", "redis"]);
  });

  it("pins every image to an exact version", () => {
    for (const name of ["postgres", "redis"]) expect(compose.services[name]?.image).toMatch(/:\d+\.\d+(\.\d+)?-/);
  });

  it("builds each app from its Dockerfile and wires gateways to Redis and the control plane", () => {
    for (const [name, dockerfile, app] of [
      ["control-plane", "Dockerfile", "control-plane"],
      ["gateway-1", "Dockerfile", "gateway"],
      ["gateway-2", "Dockerfile", "gateway"],
      ["console", "apps/console/Dockerfile", undefined],
    ] as const) {
      expect(compose.services[name]?.build?.dockerfile).toBe(dockerfile);
      expect(compose.services[name]?.build?.args?.APP).toBe(app);
    }
    for (const name of ["gateway-1", "gateway-2"]) {
      const environment = compose.services[name]?.environment ?? {};
      expect(environment.REDIS_URL).toMatch(/^redis:\/\/redis:6379/);
      expect(environment.CONTROL_PLANE_URL).toBe("http://control-plane:4000");
      expect(compose.services[name]?.depends_on?.["control-plane"]?.condition).toBe("service_healthy");
    }
  });

  it("requires secrets from the environment instead of shipping defaults", () => {
    const text = readFileSync(join(repoRoot, "docker-compose.yml"), "utf8");
    for (const secret of [
      "SWITCHYARD_MASTER_KEY",
      "SWITCHYARD_CONSOLE_SECRET",
      "SWITCHYARD_DATAPLANE_TOKEN",
      "NEXTAUTH_SECRET",
      "POSTGRES_PASSWORD",
    ]) {
      expect(text).toContain(`\${${secret}:?`);
      expect(text).not.toMatch(new RegExp(`\\$\\{${secret}:-`));
    }
  });
});

interface Stage {
  readonly base: string;
  readonly name: string | undefined;
  readonly lines: string[];
}

function stagesOf(dockerfile: string): Stage[] {
  const stages: Stage[] = [];
  for (const line of dockerfile.split("\n")) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ base: from[1] ?? "", name: from[2], lines: [] });
    stages.at(-1)?.lines.push(line);
  }
  return stages;
}

/** The instructions one image is made of: its final stage (chosen by the APP build argument, if any) and the stages under it. */
function imageOf(stages: Stage[], app: string | undefined): { base: string; text: string } {
  const chain: Stage[] = [];
  let stage = stages.at(-1);
  while (stage) {
    chain.unshift(stage);
    const base = app === undefined ? stage.base : stage.base.replace(/^\$\{?APP\}?$/, app);
    const below: Stage | undefined = stages.slice(0, stages.indexOf(stage)).find((candidate) => candidate.name === base);
    if (!below) return { base, text: chain.flatMap((link) => link.lines).join("\n") };
    stage = below;
  }
  throw new Error("no FROM");
}

describe.each([
  ["gateway", "Dockerfile", "gateway"],
  ["control-plane", "Dockerfile", "control-plane"],
  ["console", "apps/console/Dockerfile", undefined],
])("the %s image (%s)", (_app, path, app) => {
  const dockerfile = readFileSync(join(repoRoot, path), "utf8");
  const stages = stagesOf(dockerfile);
  const image = imageOf(stages, app);

  it("is multi-stage with pinned base images", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    // Every FROM is a pinned image or an earlier stage (for the final stage, the one APP names).
    for (const [index, stage] of stages.entries()) {
      const base = app === undefined ? stage.base : stage.base.replace(/^\$\{?APP\}?$/, app);
      if (stages.slice(0, index).some((earlier) => earlier.name === base)) continue;
      expect(base).toMatch(/^node:\d+\.\d+\.\d+-bookworm-slim$/);
    }
    expect(image.base).toMatch(/^node:\d+\.\d+\.\d+-bookworm-slim$/);
  });

  it("runs as a non-root user with a health check", () => {
    expect(image.text).toMatch(/^USER node$/m);
    expect([...image.text.matchAll(/^USER\s+(\S+)/gm)].at(-1)?.[1]).toBe("node");
    expect(image.text).toMatch(/^HEALTHCHECK /m);
    expect(dockerfile).toContain("--frozen-lockfile");
  });
});
