import { screenshot } from "./console-helpers";
import { demoPassword, demoUsers, expect, navItems, signInAs, submitIdpLogin, test } from "./fixtures";

/** What each demo role may see, from the permission table in packages/schemas/src/roles.ts. */
const everyone = ["Overview", "Teams", "Keys", "Spend", "Models & routing", "Guardrails", "Config versions"];
const expectedNavigation = {
  admin: [...everyone, "Audit log", "Users"],
  finance: [...everyone, "Audit log"],
  lead: everyone,
  member: everyone,
} as const;

for (const [name, user] of Object.entries(demoUsers) as Array<[keyof typeof demoUsers, (typeof demoUsers)[keyof typeof demoUsers]]>) {
  test(`${name} signs in through the dev IdP and sees only their navigation`, async ({ page }, testInfo) => {
    await signInAs(page, user.email);

    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await expect(page.getByTestId("user-role")).toHaveText(user.role);
    expect(await navItems(page)).toEqual(expectedNavigation[name]);
    // Every Overview section this role sees loads from the control plane through the console's tRPC proxy.
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    await expect(page.getByText("Could not load")).toHaveCount(0);
    await testInfo.attach(`overview-${name}`, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
    await screenshot(page, `overview-${name}`);
  });
}

test("sign-out ends the session", async ({ page }) => {
  await signInAs(page, demoUsers.member.email);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("button", { name: "Sign in with SSO" })).toBeVisible();

  // The console pages need the session that was just cleared.
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
});

test("a wrong password shows the IdP's error and keeps the user out", async ({ page }, testInfo) => {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Sign in with SSO" }).click();
  await submitIdpLogin(page, demoUsers.admin.email, "not-the-password");

  await expect(page.getByRole("alert")).toHaveText("Incorrect email or password.");
  expect(page.url()).toContain("/interaction/");
  expect(new URL(page.url()).origin).not.toBe(new URL(process.env.E2E_CONSOLE_URL ?? "").origin);
  await expect(page.getByLabel("Email")).toHaveValue(demoUsers.admin.email);
  await testInfo.attach("idp-wrong-password", { body: await page.screenshot(), contentType: "image/png" });

  // The same form then accepts the right password.
  await page.getByLabel("Password").fill(demoPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("user-email")).toHaveText(demoUsers.admin.email);
});

test("the sign-in page is what an unauthenticated visitor gets", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("heading", { name: "Sign in to Switchyard" })).toBeVisible();
  await testInfo.attach("sign-in", { body: await page.screenshot(), contentType: "image/png" });
  await screenshot(page, "sign-in");
});
