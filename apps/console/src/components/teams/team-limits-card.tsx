"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { toast } from "sonner";
import { LimitFields, type LimitValues, limitsFrom, limitsPayload } from "@/components/forms/limit-fields";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Checkbox, FormError } from "@/components/ui/field";
import { fieldErrorsOf, formErrorsOf } from "@/lib/errors";
import { useTRPC } from "@/lib/trpc";

interface TeamLimits {
  id: string;
  rpm: number | null;
  tpm: number | null;
  maxParallel: number | null;
  allowedModels: string[];
  logPayloads: boolean;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-zinc-500">{label}</dt>
      <dd className="min-w-0 tabular-nums">{children}</dd>
    </>
  );
}

const noLimit = <span className="text-zinc-400">No limit</span>;

/** What every key on the team shares: rate limits across all of them, and which models they may call. */
export function TeamLimitsCard({ team, editable }: { team: TeamLimits; editable: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [values, setValues] = useState<LimitValues>(limitsFrom(team));
  const [logPayloads, setLogPayloads] = useState(team.logPayloads);
  const save = useMutation(
    trpc.teams.setLimits.mutationOptions({
      meta: { action: "save the team limits" },
      onSuccess: async () => {
        toast.success("Team limits saved");
        setEditing(false);
        await queryClient.invalidateQueries(trpc.teams.pathFilter());
        await queryClient.invalidateQueries(trpc.config.pathFilter());
      },
    }),
  );
  const open = () => {
    setValues(limitsFrom(team));
    setLogPayloads(team.logPayloads);
    save.reset();
    setEditing(true);
  };
  return (
    <Card>
      <CardHeader
        title="Limits"
        description="Shared by every key on the team."
        action={
          editable ? (
            <Button variant="secondary" size="sm" onClick={open}>
              Edit limits
            </Button>
          ) : null
        }
      />
      <CardBody>
        <dl className="grid grid-cols-[9rem_1fr] gap-x-4 gap-y-2.5" data-testid="team-limits">
          <Row label="Requests / min">{team.rpm === null ? noLimit : team.rpm.toLocaleString("en-US")}</Row>
          <Row label="Tokens / min">{team.tpm === null ? noLimit : team.tpm.toLocaleString("en-US")}</Row>
          <Row label="Parallel">{team.maxParallel === null ? noLimit : team.maxParallel}</Row>
          <Row label="Models">
            {team.allowedModels.length === 0 ? (
              <span className="text-zinc-600">All models</span>
            ) : (
              <span className="flex flex-wrap gap-1.5">
                {team.allowedModels.map((model) => (
                  <Badge key={model}>{model}</Badge>
                ))}
              </span>
            )}
          </Row>
          <Row label="Payload logging">{team.logPayloads ? "On" : "Off"}</Row>
        </dl>
      </CardBody>
      <Dialog
        open={editing}
        onClose={() => setEditing(false)}
        title="Team limits"
        description="Empty boxes mean no limit. Keys can have tighter limits of their own."
        size="lg"
        footer={
          <>
            <Button variant="secondary" onClick={() => setEditing(false)} disabled={save.isPending}>
              Cancel
            </Button>
            <Button type="submit" form="team-limits-form" disabled={save.isPending}>
              {save.isPending ? "Saving…" : "Save limits"}
            </Button>
          </>
        }
      >
        <form
          id="team-limits-form"
          noValidate
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate({ teamId: team.id, ...limitsPayload(values), logPayloads });
          }}
        >
          <FormError messages={formErrorsOf(save.error)} />
          <LimitFields values={values} onChange={setValues} errors={fieldErrorsOf(save.error)} />
          <Checkbox
            label="Log request and response bodies"
            hint="Off by default; prompts can contain personal data."
            checked={logPayloads}
            onChange={(event) => setLogPayloads(event.target.checked)}
          />
        </form>
      </Dialog>
    </Card>
  );
}
