"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { Field, TextInput } from "@/components/ui/field";
import { fieldError, fieldErrorsOf } from "@/lib/errors";
import { useTRPC } from "@/lib/trpc";

interface TeamRef {
  id: string;
  name: string;
  slug: string;
  archivedAt: string | null;
}

/** Rename and archive: organisation-wide team management (teams:write), shown only to roles that have it. */
export function TeamActions({ team }: { team: TeamRef }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [renaming, setRenaming] = useState(false);
  const [archiving, setArchiving] = useState(false);
  const [name, setName] = useState(team.name);
  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.teams.pathFilter());
    await queryClient.invalidateQueries(trpc.config.pathFilter());
  };
  const rename = useMutation(
    trpc.teams.rename.mutationOptions({
      meta: { action: "rename the team" },
      onSuccess: async (updated) => {
        toast.success(`Renamed to ${updated.name}`);
        setRenaming(false);
        await refresh();
      },
    }),
  );
  const archive = useMutation(
    trpc.teams.archive.mutationOptions({
      meta: { action: "archive the team" },
      onSuccess: async () => {
        toast.success(`${team.name} archived`, { description: "Its keys stop working once the configuration is published." });
        setArchiving(false);
        await refresh();
      },
    }),
  );
  const unarchive = useMutation(
    trpc.teams.unarchive.mutationOptions({
      meta: { action: "restore the team" },
      onSuccess: async () => {
        toast.success(`${team.name} restored`);
        await refresh();
      },
    }),
  );
  return (
    <>
      <Button
        variant="secondary"
        onClick={() => {
          setName(team.name);
          rename.reset();
          setRenaming(true);
        }}
      >
        Rename
      </Button>
      {team.archivedAt ? (
        <Button variant="secondary" onClick={() => unarchive.mutate({ teamId: team.id })} disabled={unarchive.isPending}>
          {unarchive.isPending ? "Restoring…" : "Restore"}
        </Button>
      ) : (
        <Button variant="secondary" onClick={() => setArchiving(true)}>
          Archive
        </Button>
      )}
      <Dialog
        open={renaming}
        onClose={() => setRenaming(false)}
        title="Rename team"
        description={`The slug ${team.slug} stays the same, so gateways and reports are unaffected.`}
        size="sm"
        footer={
          <>
            <Button variant="secondary" onClick={() => setRenaming(false)} disabled={rename.isPending}>
              Cancel
            </Button>
            <Button type="submit" form="rename-team-form" disabled={rename.isPending}>
              {rename.isPending ? "Saving…" : "Save"}
            </Button>
          </>
        }
      >
        <form
          id="rename-team-form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            rename.mutate({ teamId: team.id, name });
          }}
        >
          <Field label="Name" error={fieldError(fieldErrorsOf(rename.error), "name")}>
            {(props) => <TextInput {...props} autoFocus value={name} onChange={(event) => setName(event.target.value)} />}
          </Field>
        </form>
      </Dialog>
      <ConfirmDialog
        open={archiving}
        onClose={() => setArchiving(false)}
        onConfirm={() => archive.mutate({ teamId: team.id })}
        pending={archive.isPending}
        title={`Archive ${team.name}?`}
        confirmLabel="Archive team"
        description={
          <p>
            Every key of this team stops working at the gateways with the next published configuration. Spend history and the audit log are
            kept, and you can restore the team later.
          </p>
        }
      />
    </>
  );
}
