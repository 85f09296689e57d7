"use client";

import { can, type Role } from "@switchyard/schemas";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc";
import { PublishDialog } from "./publish-dialog";

/**
 * Changes to teams, keys and policies reach gateways only as a published config version. When the
 * organisation does not auto-publish, this bar says there is a draft and lets publishers ship it
 * without leaving the page; everyone else learns why their change is not live yet.
 */
export function PublishBar({ role }: { role: Role }) {
  const trpc = useTRPC();
  const draft = useQuery(trpc.config.draft.queryOptions(undefined, { refetchInterval: 30_000 }));
  const organization = useQuery(trpc.organization.get.queryOptions());
  const [open, setOpen] = useState(false);
  if (!draft.data?.hasDraft || organization.data?.autoPublish) return null;
  const mayPublish = can(role, "config:publish");
  const changes = draft.data.changes;
  const published = draft.data.published;
  return (
    <div
      className="mb-6 flex flex-wrap items-center gap-x-4 gap-y-2 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-amber-900"
      data-testid="publish-bar"
      role="status"
    >
      <svg aria-hidden viewBox="0 0 20 20" className="size-5 shrink-0 text-amber-600" fill="none" stroke="currentColor" strokeWidth="1.5">
        <path d="M10 3l8 14H2zM10 8v4M10 14.5v.5" />
      </svg>
      <p className="min-w-0 flex-1">
        <span className="font-medium">{changes.length === 1 ? "1 unpublished change" : `${changes.length} unpublished changes`}.</span>{" "}
        {published ? `Gateways still run version ${published.number}. ` : "No version has been published yet. "}
        {mayPublish ? null : "An administrator must publish before the change reaches gateways."}
      </p>
      {mayPublish ? (
        <Button size="sm" onClick={() => setOpen(true)}>
          Publish…
        </Button>
      ) : null}
      {open ? (
        <PublishDialog changes={changes} onClose={() => setOpen(false)} defaultMessage="Published from the console" submitLabel="Publish" />
      ) : null}
    </div>
  );
}
