"use client";

import type { AppRouter } from "@switchyard/control-plane/router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, FormError, Select, TextInput } from "@/components/ui/field";
import { fieldError, fieldErrorsOf, formErrorsOf } from "@/lib/errors";
import { strategyDescriptions, strategyLabels } from "@/lib/providers";
import { useTRPC } from "@/lib/trpc";
import { ModelListField } from "./model-list-field";

export type RoutingPolicy = inferRouterOutputs<AppRouter>["routing"]["list"][number];
type Strategy = RoutingPolicy["strategy"];
const strategies = Object.keys(strategyLabels) as Strategy[];

/**
 * The organisation default (`modelName` null) or one model's routing: strategy, retries, cooldown
 * and fallbacks. A model without its own policy starts from the default's values.
 */
export function RoutingDialog({
  modelName,
  policy,
  inherited,
  models,
  onClose,
}: {
  modelName: string | null;
  /** The model's own policy, if it has one. */
  policy: RoutingPolicy | null;
  /** Where a new policy starts from: the organisation default. */
  inherited: RoutingPolicy | null;
  models: string[];
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const start = policy ?? inherited;
  const [strategy, setStrategy] = useState<Strategy>(start?.strategy ?? "weighted");
  const [retries, setRetries] = useState(String(start?.retries ?? 2));
  const [cooldownSeconds, setCooldownSeconds] = useState(String(start?.cooldownSeconds ?? 30));
  const [allowedFailures, setAllowedFailures] = useState(String(start?.allowedFailures ?? 3));
  const [fallbacks, setFallbacks] = useState<string[]>(policy?.fallbacks ?? []);
  const [contextWindowFallbacks, setContextWindowFallbacks] = useState<string[]>(policy?.contextWindowFallbacks ?? []);
  const [contentPolicyFallbacks, setContentPolicyFallbacks] = useState<string[]>(policy?.contentPolicyFallbacks ?? []);
  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.routing.pathFilter());
    await queryClient.invalidateQueries(trpc.config.pathFilter());
  };
  const upsert = useMutation(
    trpc.routing.upsert.mutationOptions({
      meta: { action: "save the routing policy" },
      onSuccess: async () => {
        toast.success(modelName ? `Routing for ${modelName} saved` : "Default routing saved");
        onClose();
        await refresh();
      },
    }),
  );
  const reset = useMutation(
    trpc.routing.delete.mutationOptions({
      meta: { action: "return the model to the default routing" },
      onSuccess: async () => {
        toast.success(`${modelName} uses the default routing`);
        onClose();
        await refresh();
      },
    }),
  );
  const pending = upsert.isPending || reset.isPending;
  const errors = fieldErrorsOf(upsert.error);
  const others = models.filter((model) => model !== modelName);
  const number = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));
  return (
    <Dialog
      open
      onClose={onClose}
      title={modelName ? `Routing for ${modelName}` : "Default routing"}
      description={
        modelName
          ? policy
            ? "This model's own routing policy."
            : "This model uses the organisation default; saving gives it a policy of its own."
          : "Applies to every model without a policy of its own."
      }
      size="lg"
      testId="routing-dialog"
      footer={
        <>
          {modelName && policy ? (
            <Button variant="ghost" className="mr-auto" onClick={() => reset.mutate({ modelName })} disabled={pending}>
              Use the default instead
            </Button>
          ) : null}
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" form="routing-form" disabled={pending}>
            {upsert.isPending ? "Saving…" : "Save routing"}
          </Button>
        </>
      }
    >
      <form
        id="routing-form"
        noValidate
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          upsert.mutate({
            modelName,
            strategy,
            retries: number(retries),
            cooldownSeconds: number(cooldownSeconds),
            allowedFailures: number(allowedFailures),
            fallbacks,
            contextWindowFallbacks,
            contentPolicyFallbacks,
          });
        }}
      >
        <FormError messages={formErrorsOf(upsert.error)} />
        <Field label="Strategy" hint={strategyDescriptions[strategy]} error={fieldError(errors, "strategy")}>
          {(props) => (
            <Select {...props} value={strategy} onChange={(event) => setStrategy(event.target.value as Strategy)} autoFocus>
              {strategies.map((value) => (
                <option key={value} value={value}>
                  {strategyLabels[value]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
          <Field label="Retries" hint="Other deployments tried after a failure." error={fieldError(errors, "retries")}>
            {(props) => <TextInput {...props} inputMode="numeric" value={retries} onChange={(event) => setRetries(event.target.value)} />}
          </Field>
          <Field label="Allowed failures" hint="Before a deployment cools down." error={fieldError(errors, "allowedFailures")}>
            {(props) => (
              <TextInput
                {...props}
                inputMode="numeric"
                value={allowedFailures}
                onChange={(event) => setAllowedFailures(event.target.value)}
              />
            )}
          </Field>
          <Field label="Cooldown (seconds)" hint="How long it is skipped." error={fieldError(errors, "cooldownSeconds")}>
            {(props) => (
              <TextInput
                {...props}
                inputMode="numeric"
                value={cooldownSeconds}
                onChange={(event) => setCooldownSeconds(event.target.value)}
              />
            )}
          </Field>
        </div>
        {modelName ? (
          <>
            <ModelListField
              label="Fallbacks"
              hint="Tried in order when every deployment of this model fails."
              value={fallbacks}
              onChange={setFallbacks}
              options={others}
              error={fieldError(errors, "fallbacks")}
            />
            <ModelListField
              label="Context-window fallbacks"
              hint="Used when the request is too long for this model."
              value={contextWindowFallbacks}
              onChange={setContextWindowFallbacks}
              options={others}
              error={fieldError(errors, "contextWindowFallbacks")}
            />
            <ModelListField
              label="Content-policy fallbacks"
              hint="Used when the provider refuses the content."
              value={contentPolicyFallbacks}
              onChange={setContentPolicyFallbacks}
              options={others}
              error={fieldError(errors, "contentPolicyFallbacks")}
            />
          </>
        ) : null}
      </form>
    </Dialog>
  );
}
