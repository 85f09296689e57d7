import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { BrandMark } from "@/components/brand";
import { env } from "@/env";
import { getConsoleUser } from "@/server/session";
import { SignInButton } from "./sign-in-button";

export const metadata: Metadata = { title: "Sign in" };

/** next-auth's error codes, worded for the person who just tried to sign in. */
const errorMessages: Record<string, string> = {
  OAuthSignin: "We could not start the sign-in with your identity provider. Check the console's OIDC settings.",
  OAuthCallback: "Your identity provider's answer could not be verified. Please try again.",
  Callback: "The sign-in could not be completed. Please try again.",
  AccessDenied: "Your account is not allowed to use this console.",
  SessionRequired: "Please sign in to continue.",
  SessionEnded: "Your session ended or your access changed. Sign in again.",
  Configuration: "The console's sign-in is misconfigured. Ask your administrator to check the server logs.",
};

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Only same-site paths: an absolute URL here would make the sign-in an open redirect. */
function safeCallback(value: string | undefined): string {
  return value?.startsWith("/") && !value.startsWith("//") ? value : "/";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallback(firstValue(params.callbackUrl));
  const errorCode = firstValue(params.error);
  // With an error, stay here even if a session cookie exists: the control plane may have just refused it.
  if (!errorCode && (await getConsoleUser())) redirect(callbackUrl);
  const error = errorCode ? (errorMessages[errorCode] ?? "The sign-in failed. Please try again.") : undefined;

  return (
    <main className="flex min-h-screen items-center justify-center bg-zinc-50 px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center text-center">
          <BrandMark className="size-11" />
          <h1 className="mt-5 text-2xl font-semibold tracking-tight text-zinc-900">Sign in to Switchyard</h1>
          <p className="mt-1.5 text-zinc-500">The control plane for your LLM gateway.</p>
        </div>
        <div className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm">
          {error ? (
            <p role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2.5 text-sm text-red-800">
              {error}
            </p>
          ) : null}
          <SignInButton providerName={env().OIDC_PROVIDER_NAME} callbackUrl={callbackUrl} />
          <p className="mt-4 text-center text-xs leading-relaxed text-zinc-500">
            You will be redirected to your organisation&apos;s identity provider. Access and roles come from your SSO groups.
          </p>
        </div>
      </div>
    </main>
  );
}
