"use client";

import { can, type Role } from "@switchyard/schemas";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, TextArea } from "@/components/ui/field";
import { fieldError, fieldErrorsOf } from "@/lib/errors";
import { useTRPC } from "@/lib/trpc";

const changeKinds = { added: "+", removed: "−", changed: "~" } as const;

/**
 * Changes to teams, keys and policies reach gateways only as a published config version. When the
 * organisation does not auto-publish, this bar says there is a draft and lets publishers ship it
 * without leaving the page; everyone else learns why their change is not live yet.
 */
export function PublishBar({ role }: { role: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const draft = useQuery(trpc.config.draft.queryOptions(undefined, { refetchInterval: 30_000 }));
  const organization = useQuery(trpc.organization.get.queryOptions());
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState("");
  const publish = useMutation(
    trpc.config.publish.mutationOptions({
      meta: { action: "publish the configuration" },
      onSuccess: async (result) => {
        toast.success(`Published version ${result.version.number}`, { description: "Gateways pick it up within seconds." });
        setOpen(false);
        setMessage("");
        await queryClient.invalidateQueries(trpc.config.pathFilter());
      },
    }),
  );
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
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Publish configuration"
        description="Creates a new immutable version; every gateway applies it within seconds."
        footer={
          <>
            <Button variant="secondary" onClick={() => setOpen(false)} disabled={publish.isPending}>
              Cancel
            </Button>
            <Button type="submit" form="publish-form" disabled={publish.isPending}>
              {publish.isPending ? "Publishing…" : "Publish"}
            </Button>
          </>
        }
      >
        <form
          id="publish-form"
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            publish.mutate({ message: message.trim() || "Published from the console" });
          }}
        >
          <Field label="Message" hint="Shown in the version history." error={fieldError(fieldErrorsOf(publish.error), "message")}>
            {(props) => (
              <TextArea
                {...props}
                rows={2}
                value={message}
                placeholder="Published from the console"
                onChange={(event) => setMessage(event.target.value)}
                autoFocus
              />
            )}
          </Field>
          <div>
            <p className="mb-1.5 text-sm font-medium text-zinc-800">Changes</p>
            <ul className="max-h-56 space-y-1 overflow-y-auto rounded-md border border-zinc-200 bg-zinc-50 p-2 font-mono text-xs">
              {changes.map((change) => (
                <li key={`${change.kind}:${change.path}`} className="flex gap-2">
                  <span
                    aria-hidden
                    className={change.kind === "removed" ? "text-red-700" : change.kind === "added" ? "text-emerald-700" : "text-amber-700"}
                  >
                    {changeKinds[change.kind]}
                  </span>
                  <span className="sr-only">{change.kind}</span>
                  <span className="break-all">{change.path}</span>
                </li>
              ))}
            </ul>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
