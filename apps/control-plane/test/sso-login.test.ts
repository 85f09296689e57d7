import { afterAll, beforeAll, expect, test } from "vitest";
import { signSsoAssertion, startControlPlane, type TestControlPlane } from "./helpers";

let cp: TestControlPlane;
beforeAll(async () => {
  cp = await startControlPlane({ label: "sso" });
  await cp.prisma.organization.update({
    where: { id: cp.seed.organizationId },
    data: { groupRoleMapping: { "sy-admins": "ADMIN", "sy-finance": "FINANCE" }, defaultRole: "VIEWER" },
  });
});
afterAll(async () => {
  await cp?.close();
});

async function login(token: string) {
  return cp.app.inject({ method: "POST", url: "/internal/sso-login", headers: { authorization: `Bearer ${token}` } });
}

test("first sign-in creates the user with the role mapped from IdP groups", async () => {
  const response = await login(
    await signSsoAssertion({ email: "New.Analyst@example.com", name: "Nia", subject: "sub-1", groups: ["staff", "sy-finance"] }),
  );
  expect(response.statusCode, response.body).toBe(200);
  const { user } = response.json() as { user: { id: string; email: string; role: string; teams: unknown[] } };
  expect(user).toMatchObject({ email: "new.analyst@example.com", name: "Nia", role: "FINANCE", teams: [] });
  const row = await cp.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
  expect(row).toMatchObject({ ssoSubject: "sub-1", ssoIssuer: "http://127.0.0.1:4400", status: "ACTIVE" });
  expect(await cp.prisma.auditLog.count({ where: { targetId: user.id, action: "user-signed-in" } })).toBe(1);

  const unmapped = await login(await signSsoAssertion({ email: "guest@example.com", subject: "sub-2", groups: ["staff"] }));
  expect((unmapped.json() as { user: { role: string } }).user.role).toBe("VIEWER");
});

test("existing users sign in with their teams and keep the role an admin gave them", async () => {
  const response = await login(await signSsoAssertion({ email: "lead@example.com", subject: "sub-lead", groups: ["sy-admins"] }));
  expect(response.statusCode).toBe(200);
  const { user } = response.json() as { user: { role: string; teams: { slug: string; role: string }[] } };
  expect(user.role).toBe("TEAM_ADMIN");
  expect(user.teams).toEqual([expect.objectContaining({ slug: "research", role: "TEAM_ADMIN" })]);
});

test("restricted sign-up refuses strangers but admits invited users", async () => {
  const admin = await cp.callerAs("ADMIN");
  await admin.organization.update({ restrictSignup: true });
  const refused = await login(await signSsoAssertion({ email: "stranger@example.com", subject: "sub-3" }));
  expect(refused.statusCode).toBe(403);
  expect(refused.json()).toMatchObject({ error: { code: "signup_restricted" } });
  expect(await cp.prisma.user.count({ where: { email: "stranger@example.com" } })).toBe(0);

  await admin.users.invite({ email: "invited@example.com", role: "MEMBER", teamIds: [cp.seed.teamIds.platform] });
  const admitted = await login(await signSsoAssertion({ email: "invited@example.com", subject: "sub-4", groups: ["sy-admins"] }));
  expect(admitted.statusCode).toBe(200);
  expect(admitted.json()).toMatchObject({ user: { role: "MEMBER", teams: [{ slug: "platform", role: "MEMBER" }] } });
  expect((await cp.prisma.user.findUniqueOrThrow({ where: { email: "invited@example.com" } })).status).toBe("ACTIVE");
});

test("deactivated users are refused", async () => {
  const admin = await cp.callerAs("ADMIN");
  await admin.users.deactivate({ userId: cp.userId("MEMBER") });
  const response = await login(await signSsoAssertion({ email: "member@example.com", subject: "sub-member" }));
  expect(response.statusCode).toBe(403);
  expect(response.json()).toMatchObject({ error: { code: "user_deactivated" } });
});

test("only a valid SSO assertion is accepted", async () => {
  const wrongSecret = await signSsoAssertion({ email: "x@example.com", subject: "sub-x" }, "not-the-secret");
  expect((await login(wrongSecret)).statusCode).toBe(401);
  // A session assertion (other audience) is not a sign-in assertion.
  expect((await login(await cp.assertionFor(cp.userId("ADMIN")))).statusCode).toBe(401);
  expect((await cp.app.inject({ method: "POST", url: "/internal/sso-login" })).statusCode).toBe(401);
});
