import { afterAll, beforeAll, expect, test } from "vitest";
import { startControlPlane, type TestControlPlane } from "./helpers";

/** What the console sees over HTTP: status codes, the error shape and form field errors. */
let cp: TestControlPlane;
beforeAll(async () => {
  cp = await startControlPlane({ label: "http" });
});
afterAll(async () => {
  await cp?.close();
});

async function call(path: string, input: unknown, role: "ADMIN" | "VIEWER" | null = "ADMIN") {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (role) headers.authorization = `Bearer ${await cp.assertionFor(cp.userId(role))}`;
  return cp.app.inject({ method: "POST", url: `/trpc/${path}`, headers, payload: JSON.stringify(input) });
}

type ErrorBody = {
  error: { message: string; data: { code: string; httpStatus: number; zodError: { fieldErrors: Record<string, string[]> } | null } };
};

test("GET /healthz", async () => {
  const response = await cp.app.inject({ method: "GET", url: "/healthz" });
  expect(response.statusCode).toBe(200);
  expect(response.json()).toEqual({ status: "ok" });
});

test("invalid input comes back as flattened field errors for forms", async () => {
  const response = await call("teams.create", { slug: "Not A Slug!", name: "" });
  expect(response.statusCode).toBe(400);
  const body = response.json() as ErrorBody;
  expect(body.error.data.code).toBe("BAD_REQUEST");
  expect(Object.keys(body.error.data.zodError?.fieldErrors ?? {}).sort()).toEqual(["name", "slug"]);
});

test("service errors map to HTTP statuses in one place", async () => {
  const notFound = await call("teams.rename", { teamId: "missing", name: "x" });
  expect(notFound.statusCode).toBe(404);
  expect((notFound.json() as ErrorBody).error.data).toMatchObject({ code: "NOT_FOUND", zodError: null });
  const conflict = await call("teams.create", { slug: "research", name: "Research again" });
  expect(conflict.statusCode).toBe(409);
  const forbidden = await call("teams.create", { slug: "viewer-team", name: "No" }, "VIEWER");
  expect(forbidden.statusCode).toBe(403);
  const anonymous = await call("teams.create", { slug: "anon-team", name: "No" }, null);
  expect(anonymous.statusCode).toBe(401);
});

test("a batched query works through the Fastify adapter", async () => {
  const authorization = `Bearer ${await cp.assertionFor(cp.userId("VIEWER"))}`;
  const response = await cp.app.inject({ method: "GET", url: "/trpc/me.get,teams.list?batch=1&input=%7B%7D", headers: { authorization } });
  expect(response.statusCode).toBe(200);
  const [me, teams] = response.json() as [
    { result: { data: { user: { email: string }; permissions: string[] } } },
    { result: { data: unknown[] } },
  ];
  expect(me.result.data.user.email).toBe("viewer@example.com");
  expect(me.result.data.permissions).not.toContain("keys:write");
  expect(teams.result.data).toEqual([]);
});

test("the audit IP comes from X-Forwarded-For only when the peer is a trusted proxy (TRUST_PROXY)", async () => {
  const create = async (slug: string, remoteAddress: string) => {
    const response = await cp.app.inject({
      method: "POST",
      url: "/trpc/teams.create",
      remoteAddress,
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${await cp.assertionFor(cp.userId("ADMIN"))}`,
        "x-forwarded-for": "203.0.113.7",
      },
      payload: JSON.stringify({ slug, name: slug }),
    });
    expect(response.statusCode).toBe(200);
    const team = await cp.prisma.team.findFirstOrThrow({ where: { slug } });
    const audit = await cp.prisma.auditLog.findFirstOrThrow({ where: { action: "team-created", targetId: team.id } });
    return audit.ip;
  };
  // The console (or an ingress) on loopback or a private network: the browser's address is believed.
  expect(await create("proxied-loopback", "127.0.0.1")).toBe("203.0.113.7");
  expect(await create("proxied-private", "10.1.2.3")).toBe("203.0.113.7");
  // A public peer cannot choose the address written to the audit log.
  expect(await create("direct-public", "198.51.100.9")).toBe("198.51.100.9");
});
