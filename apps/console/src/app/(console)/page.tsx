import type { Metadata } from "next";
import { AccessCard } from "@/components/overview/access-card";
import { GatewayEndpointCard } from "@/components/overview/gateway-endpoint-card";
import { PageHeader } from "@/components/ui/page-header";
import { env } from "@/env";
import { requireConsoleUser } from "@/server/session";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const user = await requireConsoleUser();
  const firstName = (user.name ?? user.email).split(/[\s@]/)[0];
  return (
    <>
      <PageHeader title="Overview" description={`Welcome back, ${firstName}.`} />
      <div className="grid gap-6 xl:grid-cols-2">
        <AccessCard user={user} />
        <GatewayEndpointCard gatewayUrl={env().GATEWAY_URL} />
      </div>
    </>
  );
}
