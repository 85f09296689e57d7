// The production shape (docker-compose.yml and the Dockerfiles) cannot be built
// here (no Docker engine), so check what a reviewer would: every service is
// there, images are pinned, containers run as non-root, secrets have no defaults.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../lib/stack";

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
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

  it("builds each app from its own Dockerfile and wires gateways to Redis and the control plane", () => {
    for (const [name, dockerfile] of [
      ["control-plane", "apps/control-plane/Dockerfile"],
      ["gateway-1", "apps/gateway/Dockerfile"],
      ["gateway-2", "apps/gateway/Dockerfile"],
      ["console", "apps/console/Dockerfile"],
    ] as const) {
      expect(compose.services[name]?.build?.dockerfile).toBe(dockerfile);
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

describe.each(["gateway", "control-plane", "console"])("apps/%s/Dockerfile", (app) => {
  const dockerfile = readFileSync(join(repoRoot, "apps", app, "Dockerfile"), "utf8");

  it("is multi-stage with pinned base images", () => {
    const froms = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((match) => match[1]);
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const image of froms) expect(image).toMatch(/^node:\d+\.\d+\.\d+-bookworm-slim$/);
  });

  it("runs as a non-root user with a health check", () => {
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    expect(dockerfile).toContain("--frozen-lockfile");
  });
});
