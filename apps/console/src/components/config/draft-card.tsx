"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { QueryState } from "@/components/ui/query-state";
import { Skeleton } from "@/components/ui/state";
import { useTRPC } from "@/lib/trpc";
import { ConfigDiff } from "./config-diff";
import { PublishDialog } from "./publish-dialog";

/** What the current state would publish, compared with the live version, and the button that publishes it. */
export function DraftCard({ mayPublish, autoPublish }: { mayPublish: boolean; autoPublish: boolean }) {
  const trpc = useTRPC();
  const draft = useQuery(trpc.config.draft.queryOptions(undefined, { refetchInterval: 15_000 }));
  const [publishing, setPublishing] = useState(false);
  const [expanded, setExpanded] = useState(true);
  const data = draft.data;
  return (
    <Card>
      <CardHeader
        title="Draft"
        description={
          autoPublish
            ? "This organisation publishes every change automatically."
            : "Changes to models, routing, teams, keys and guardrails wait here until someone publishes them."
        }
        action={
          data?.hasDraft && mayPublish ? (
            <Button onClick={() => setPublishing(true)} data-testid="publish-draft">
              Publish…
            </Button>
          ) : null
        }
      />
      <CardBody>
        <QueryState query={draft} what="the draft" loading={<Skeleton className="h-12 w-full" />}>
          {(status) =>
            status.hasDraft ? (
              <div className="space-y-3" data-testid="draft-status" data-has-draft="true">
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone="warning">Unpublished</Badge>
                  <span className="font-medium">{status.changes.length === 1 ? "1 change" : `${status.changes.length} changes`}</span>
                  <span className="text-zinc-500">
                    {status.published ? `since version ${status.published.number}` : "no version published yet"}
                    {mayPublish ? "" : ". An administrator must publish before gateways run it."}
                  </span>
                  <Button variant="ghost" size="xs" className="ml-auto" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
                    {expanded ? "Hide changes" : "Show changes"}
                  </Button>
                </div>
                {status.warnings.length > 0 ? (
                  <ul className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900">
                    {status.warnings.map((warning) => (
                      <li key={warning}>{warning}</li>
                    ))}
                  </ul>
                ) : null}
                {expanded ? <ConfigDiff changes={status.changes} /> : null}
              </div>
            ) : (
              <p className="flex flex-wrap items-center gap-2 text-zinc-600" data-testid="draft-status" data-has-draft="false">
                <Badge tone="success">Up to date</Badge>
                {status.published
                  ? `Version ${status.published.number} matches the current configuration.`
                  : "Nothing has been configured yet."}
              </p>
            )
          }
        </QueryState>
      </CardBody>
      {publishing && data ? <PublishDialog changes={data.changes} onClose={() => setPublishing(false)} /> : null}
    </Card>
  );
}
