"use client";

import { useQuery } from "@tanstack/react-query";
import { useModelNames } from "@/components/forms/limit-fields";
import { Checkbox, Field, Select, TextArea, TextInput } from "@/components/ui/field";
import { type FieldErrors, fieldError } from "@/lib/errors";
import {
  guardrailTypeDescriptions,
  guardrailTypeLabels,
  guardrailTypes,
  hasReplyStage,
  isGuardrailType,
  modeLabels,
  piiEntityOptions,
  stageLabels,
} from "@/lib/guardrails";
import { slugify } from "@/lib/slug";
import { useTRPC } from "@/lib/trpc";
import type { GuardrailFormValues } from "./guardrail-form-state";

function toggle(list: string[], value: string, on: boolean): string[] {
  return on ? [...list, value] : list.filter((item) => item !== value);
}

function CheckboxGroup({
  legend,
  options,
  value,
  onChange,
  empty,
  hint,
}: {
  legend: string;
  options: Array<{ value: string; label: string }>;
  value: string[];
  onChange: (value: string[]) => void;
  empty: string;
  hint: string;
}) {
  return (
    <fieldset className="min-w-0">
      <legend className="mb-1 text-sm font-medium text-zinc-800">{legend}</legend>
      {options.length === 0 ? (
        <p className="text-xs text-zinc-500">{empty}</p>
      ) : (
        <div className="flex flex-wrap gap-x-5 gap-y-2 rounded-md border border-zinc-200 px-3 py-2.5">
          {options.map((option) => (
            <Checkbox
              key={option.value}
              label={option.label}
              checked={value.includes(option.value)}
              onChange={(event) => onChange(toggle(value, option.value, event.target.checked))}
            />
          ))}
        </div>
      )}
      <p className="mt-1 text-xs text-zinc-500">{hint}</p>
    </fieldset>
  );
}

function TypeSettings({
  values,
  set,
  errors,
}: {
  values: GuardrailFormValues;
  set: (patch: Partial<GuardrailFormValues>) => void;
  errors: FieldErrors;
}) {
  const settingsError = fieldError(errors, "settings");
  switch (values.type) {
    case "pii":
      return (
        <>
          <CheckboxGroup
            legend="Entities"
            options={piiEntityOptions.map((option) => ({ ...option }))}
            value={values.entities}
            onChange={(entities) => set({ entities })}
            empty=""
            hint={settingsError ?? "None selected: every entity type."}
          />
          {values.mode === "mask" ? (
            <Checkbox
              label="Restore masked values in the reply"
              hint="The provider sees placeholders; your application gets the original values back."
              checked={values.restore}
              onChange={(event) => set({ restore: event.target.checked })}
            />
          ) : null}
        </>
      );
    case "blocklist":
      return (
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <Field label="Words and phrases" hint="One per line; whole words, any case." error={settingsError}>
            {(props) => (
              <TextArea
                {...props}
                rows={5}
                className="font-mono"
                value={values.words}
                onChange={(event) => set({ words: event.target.value })}
              />
            )}
          </Field>
          <Field label="Patterns" hint="Regular expressions, one per line; case-insensitive." optional>
            {(props) => (
              <TextArea
                {...props}
                rows={5}
                className="font-mono"
                value={values.patterns}
                placeholder={"project\\s+falcon"}
                onChange={(event) => set({ patterns: event.target.value })}
              />
            )}
          </Field>
        </div>
      );
    case "prompt-injection":
      return (
        <Field
          label="Threshold"
          hint="Score from 0 to 1 at which a request counts as an injection (default 0.7)."
          error={settingsError}
          optional
        >
          {(props) => (
            <TextInput
              {...props}
              type="number"
              step="0.05"
              min={0}
              max={1}
              className="w-32"
              placeholder="0.7"
              value={values.threshold}
              onChange={(event) => set({ threshold: event.target.value })}
            />
          )}
        </Field>
      );
    case "max-tokens":
      return (
        <Field label="Max tokens" hint="Requests without a cap get this one; larger asks are capped or refused." error={settingsError}>
          {(props) => (
            <TextInput
              {...props}
              type="number"
              min={1}
              className="w-40"
              placeholder="4096"
              value={values.maxTokens}
              onChange={(event) => set({ maxTokens: event.target.value })}
            />
          )}
        </Field>
      );
    case "tool-loop":
      return (
        <Field label="Max consecutive tool rounds" hint="Default 10." error={settingsError} optional>
          {(props) => (
            <TextInput
              {...props}
              type="number"
              min={1}
              className="w-32"
              placeholder="10"
              value={values.maxRounds}
              onChange={(event) => set({ maxRounds: event.target.value })}
            />
          )}
        </Field>
      );
  }
}

/** Every field of a guardrail. Type and id are fixed once created: gateways and spend events refer to the id. */
export function GuardrailFields({
  values,
  onChange,
  errors,
  creating,
}: {
  values: GuardrailFormValues;
  onChange: (values: GuardrailFormValues) => void;
  errors: FieldErrors;
  creating: boolean;
}) {
  const trpc = useTRPC();
  const teams = useQuery(trpc.teams.list.queryOptions({ includeArchived: false }));
  const { names: models } = useModelNames();
  const set = (patch: Partial<GuardrailFormValues>) => onChange({ ...values, ...patch });
  const labels = modeLabels[values.type];
  return (
    <div className="space-y-4">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field label="Name" error={fieldError(errors, "name")}>
          {(props) => (
            <TextInput
              {...props}
              autoFocus
              value={values.name}
              placeholder="Mask personal data"
              onChange={(event) => {
                const name = event.target.value;
                // The id follows the name until someone edits it by hand.
                set({ name, ...(creating && values.slug === slugify(values.name) ? { slug: slugify(name) } : {}) });
              }}
            />
          )}
        </Field>
        <Field
          label="Id"
          hint={creating ? "Shown to API clients in error messages; cannot change later." : "Cannot change."}
          error={fieldError(errors, "slug")}
        >
          {(props) => (
            <TextInput
              {...props}
              className="font-mono"
              disabled={!creating}
              value={values.slug}
              placeholder="mask-pii"
              onChange={(event) => set({ slug: event.target.value })}
            />
          )}
        </Field>
      </div>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field label="Type" hint={guardrailTypeDescriptions[values.type]} error={fieldError(errors, "type")}>
          {(props) => (
            <Select
              {...props}
              disabled={!creating}
              value={values.type}
              onChange={(event) => {
                const type = event.target.value;
                if (isGuardrailType(type)) set({ type, mode: modeLabels[type].mask ? values.mode : "block" });
              }}
            >
              {guardrailTypes.map((type) => (
                <option key={type} value={type}>
                  {guardrailTypeLabels[type]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="When it matches" error={fieldError(errors, "mode")}>
          {(props) => (
            <Select
              {...props}
              value={labels.mask ? values.mode : "block"}
              disabled={labels.mask === null}
              onChange={(event) => set({ mode: event.target.value === "mask" ? "mask" : "block" })}
            >
              {labels.mask ? <option value="mask">{labels.mask}</option> : null}
              <option value="block">{labels.block}</option>
            </Select>
          )}
        </Field>
      </div>
      {hasReplyStage(values.type) ? (
        <Field label="Checks" error={fieldError(errors, "stage")}>
          {(props) => (
            <Select
              {...props}
              className="sm:w-64"
              value={values.stage}
              onChange={(event) => set({ stage: event.target.value === "post" ? "post" : event.target.value === "both" ? "both" : "pre" })}
            >
              {(["pre", "post", "both"] as const).map((stage) => (
                <option key={stage} value={stage}>
                  {stageLabels[stage]}
                </option>
              ))}
            </Select>
          )}
        </Field>
      ) : null}
      <TypeSettings values={values} set={set} errors={errors} />
      <div className="space-y-4 rounded-md border border-zinc-200 bg-zinc-50/60 p-4">
        <p className="text-sm font-medium text-zinc-800">Scope</p>
        <CheckboxGroup
          legend="Teams"
          options={(teams.data ?? []).map((team) => ({ value: team.slug, label: team.name }))}
          value={values.scopeTeams}
          onChange={(scopeTeams) => set({ scopeTeams })}
          empty="No teams yet."
          hint="None selected: every team, and keys without a team."
        />
        <CheckboxGroup
          legend="Models"
          options={models.map((model) => ({ value: model, label: model }))}
          value={values.scopeModels}
          onChange={(scopeModels) => set({ scopeModels })}
          empty="No models yet."
          hint="None selected: every model."
        />
        <Field label="Keys" hint="Key names or ids, comma separated. Empty: every key." error={fieldError(errors, "scope")} optional>
          {(props) => (
            <TextInput
              {...props}
              value={values.scopeKeys}
              placeholder="support-bot, batch-jobs"
              onChange={(event) => set({ scopeKeys: event.target.value })}
            />
          )}
        </Field>
      </div>
      <Checkbox
        label="Enabled"
        hint="Disabled guardrails stay here but leave the published configuration."
        checked={values.enabled}
        onChange={(event) => set({ enabled: event.target.checked })}
      />
    </div>
  );
}
