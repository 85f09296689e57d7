"use client";

import { useQuery } from "@tanstack/react-query";
import { Checkbox, Field, TextInput } from "@/components/ui/field";
import { type FieldErrors, fieldError } from "@/lib/errors";
import { useTRPC } from "@/lib/trpc";

/** Rate limits and model allow-lists as typed in a form: text, so an empty box means "no limit". */
export interface LimitValues {
  rpm: string;
  tpm: string;
  maxParallel: string;
  allowedModels: string[];
}

export const emptyLimits: LimitValues = { rpm: "", tpm: "", maxParallel: "", allowedModels: [] };

export function limitsFrom(source: {
  rpm: number | null;
  tpm: number | null;
  maxParallel: number | null;
  allowedModels: string[];
}): LimitValues {
  const text = (value: number | null) => (value === null ? "" : String(value));
  return { rpm: text(source.rpm), tpm: text(source.tpm), maxParallel: text(source.maxParallel), allowedModels: source.allowedModels };
}

/**
 * Empty means no limit (null). Anything else goes to the control plane as typed, so a fraction or a
 * negative number comes back as the server's own field error instead of being silently fixed here.
 */
function numberOrNull(text: string): number | null {
  const trimmed = text.trim();
  return trimmed === "" ? null : Number(trimmed);
}

export function limitsPayload(values: LimitValues): {
  rpm: number | null;
  tpm: number | null;
  maxParallel: number | null;
  allowedModels: string[];
} {
  return {
    rpm: numberOrNull(values.rpm),
    tpm: numberOrNull(values.tpm),
    maxParallel: numberOrNull(values.maxParallel),
    allowedModels: values.allowedModels,
  };
}

/**
 * The limits as a create input: limits left empty are omitted (the server's default applies) rather
 * than sent as null, which create mutations refuse.
 */
export function limitsCreateInput(values: LimitValues): { rpm?: number; tpm?: number; maxParallel?: number; allowedModels: string[] } {
  const payload = limitsPayload(values);
  return {
    ...(payload.rpm === null ? {} : { rpm: payload.rpm }),
    ...(payload.tpm === null ? {} : { tpm: payload.tpm }),
    ...(payload.maxParallel === null ? {} : { maxParallel: payload.maxParallel }),
    allowedModels: payload.allowedModels,
  };
}

/** The model names clients may send, from the deployments every role can read. */
export function useModelNames(): { names: string[]; loading: boolean } {
  const trpc = useTRPC();
  const query = useQuery(trpc.deployments.list.queryOptions());
  const names = [...new Set((query.data ?? []).map((deployment) => deployment.modelName))].sort();
  return { names, loading: query.isPending };
}

export function ModelPicker({
  value,
  onChange,
  error,
  hint = "None selected: every model.",
}: {
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
  hint?: string;
}) {
  const { names, loading } = useModelNames();
  // Models that were allowed once but have no deployment left stay visible so they can be removed.
  const all = [...new Set([...names, ...value])].sort();
  return (
    <fieldset className="min-w-0">
      <legend className="mb-1 text-sm font-medium text-zinc-800">Allowed models</legend>
      {loading ? (
        <p className="text-xs text-zinc-500">Loading models…</p>
      ) : all.length === 0 ? (
        <p className="text-xs text-zinc-500">No models are configured yet.</p>
      ) : (
        <div className="flex flex-wrap gap-x-5 gap-y-2 rounded-md border border-zinc-200 px-3 py-2.5">
          {all.map((name) => (
            <Checkbox
              key={name}
              label={<span className="font-mono text-[13px]">{name}</span>}
              checked={value.includes(name)}
              onChange={(event) => onChange(event.target.checked ? [...value, name] : value.filter((model) => model !== name))}
            />
          ))}
        </div>
      )}
      {error ? <p className="mt-1 text-xs text-red-700">{error}</p> : <p className="mt-1 text-xs text-zinc-500">{hint}</p>}
    </fieldset>
  );
}

export function LimitFields({
  values,
  onChange,
  errors,
}: {
  values: LimitValues;
  onChange: (values: LimitValues) => void;
  errors: FieldErrors;
}) {
  const numberField = (key: "rpm" | "tpm" | "maxParallel", label: string, hint: string) => (
    <Field label={label} hint={hint} error={fieldError(errors, key)} optional>
      {(props) => (
        <TextInput
          {...props}
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          placeholder="No limit"
          value={values[key]}
          onChange={(event) => onChange({ ...values, [key]: event.target.value })}
        />
      )}
    </Field>
  );
  return (
    <div className="space-y-4">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        {numberField("rpm", "Requests / minute", "RPM")}
        {numberField("tpm", "Tokens / minute", "TPM")}
        {numberField("maxParallel", "Parallel requests", "In flight at once")}
      </div>
      <ModelPicker
        value={values.allowedModels}
        onChange={(allowedModels) => onChange({ ...values, allowedModels })}
        error={fieldError(errors, "allowedModels")}
      />
    </div>
  );
}

export function limitsSummary(source: { rpm: number | null; tpm: number | null; maxParallel: number | null }): string {
  const parts = [
    source.rpm === null ? null : `${source.rpm.toLocaleString("en-US")} rpm`,
    source.tpm === null ? null : `${source.tpm.toLocaleString("en-US")} tpm`,
    source.maxParallel === null ? null : `${source.maxParallel} parallel`,
  ].filter((part): part is string => part !== null);
  return parts.length === 0 ? "No limits" : parts.join(" · ");
}
