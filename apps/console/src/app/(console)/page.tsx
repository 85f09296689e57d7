import { can } from "@switchyard/schemas";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { AccessCard } from "@/components/overview/access-card";
import { BudgetsCard } from "@/components/overview/budgets-card";
import { GatewayEndpointCard } from "@/components/overview/gateway-endpoint-card";
import { GatewaysCard } from "@/components/overview/gateways-card";
import { SpendSummary } from "@/components/overview/spend-summary";
import { TopSpendersCard } from "@/components/overview/top-spenders-card";
import { PageHeader } from "@/components/ui/page-header";
import { env } from "@/env";
import { monthToDate } from "@/lib/format";
import { getCurrentUser } from "@/server/current-user";

export const metadata: Metadata = { title: "Overview" };

/** Each section is shown only to roles whose permissions cover the procedure behind it. */
export default async function OverviewPage() {
  const user = await getCurrentUser();
  const firstName = (user.name ?? user.email).split(/[\s@]/)[0];
  const period = monthToDate();
  const cards: Array<{ key: string; element: ReactElement }> = [];
  if (can(user.role, "spend:read")) cards.push({ key: "top-spenders", element: <TopSpendersCard period={period} /> });
  if (can(user.role, "budgets:read")) cards.push({ key: "budgets", element: <BudgetsCard /> });
  if (can(user.role, "dataplanes:read"))
    cards.push({ key: "gateways", element: <GatewaysCard showConfig={can(user.role, "config:read")} /> });
  cards.push({ key: "endpoint", element: <GatewayEndpointCard gatewayUrl={env().GATEWAY_URL} /> });
  cards.push({ key: "access", element: <AccessCard user={user} /> });

  return (
    <>
      <PageHeader title="Overview" description={`Welcome back, ${firstName}.`} />
      <div className="grid grid-cols-1 gap-6">
        {can(user.role, "spend:read") ? <SpendSummary period={period} /> : null}
        <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
          {cards.map((card, index) => (
            // An odd card out spans the row so the grid never ends in a half-empty line.
            <div key={card.key} className={`grid min-w-0 ${index === cards.length - 1 && cards.length % 2 === 1 ? "xl:col-span-2" : ""}`}>
              {card.element}
            </div>
          ))}
        </div>
      </div>
    </>
  );
}
