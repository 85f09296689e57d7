import type { Metadata } from "next";
import Link from "next/link";
import { BrandMark } from "@/components/brand";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { buttonClasses } from "@/components/ui/button";

export const metadata: Metadata = { title: "Account not allowed" };

/** The control plane's refusal codes (POST /internal/sso-login answers 403 with one of these). */
const explanations: Record<string, string> = {
  signup_restricted: "Your organisation only lets invited people into Switchyard, and there is no invitation for this account.",
  user_deactivated: "An administrator has deactivated this account.",
  missing_claims: "Your identity provider did not send the details Switchyard needs (an email address).",
  control_plane_unreachable: "The Switchyard control plane did not answer, so your access could not be checked.",
};

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function NotAllowedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const code = firstValue(params.code) ?? "not_allowed";
  const message = firstValue(params.message);
  const explanation = explanations[code] ?? "Switchyard refused this sign-in.";

  return (
    <main className="flex min-h-screen items-center justify-center bg-zinc-50 px-4 py-12">
      <div className="w-full max-w-md">
        <div className="mb-6 flex justify-center">
          <BrandMark className="size-11" />
        </div>
        <div className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm">
          <h1 className="text-xl font-semibold tracking-tight text-zinc-900">Your account is not allowed</h1>
          <p className="mt-2 text-zinc-600">{explanation}</p>
          {message ? (
            <p className="mt-4 rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm text-zinc-700" data-testid="refusal-reason">
              {message}
            </p>
          ) : null}
          <p className="mt-4 text-xs text-zinc-500">
            Reason code <code className="rounded bg-zinc-100 px-1 py-px font-mono">{code}</code>. If you think this is a mistake, ask a
            Switchyard administrator to invite you or to map your SSO group to a role.
          </p>
          <div className="mt-6 flex flex-wrap gap-3">
            <SignOutButton variant="primary" size="md" />
            <Link href="/signin" className={buttonClasses("secondary", "md")}>
              Try another account
            </Link>
          </div>
        </div>
      </div>
    </main>
  );
}
