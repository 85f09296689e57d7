"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";

/**
 * An ordered list of model names (fallbacks are tried in order): add from the models that exist,
 * move up or down, remove. Plain buttons, so the keyboard does everything the mouse does.
 */
export function ModelListField({
  label,
  hint,
  value,
  onChange,
  options,
  error,
}: {
  label: string;
  hint?: string;
  value: string[];
  onChange: (value: string[]) => void;
  options: string[];
  error?: string;
}) {
  const selectId = useId();
  const hintId = useId();
  const [adding, setAdding] = useState("");
  const remaining = options.filter((option) => !value.includes(option));
  const move = (index: number, step: number) => {
    const next = [...value];
    const [item] = next.splice(index, 1);
    if (item === undefined) return;
    next.splice(index + step, 0, item);
    onChange(next);
  };
  return (
    <fieldset className="min-w-0" aria-describedby={hint || error ? hintId : undefined}>
      <legend className="mb-1 text-sm font-medium text-zinc-800">{label}</legend>
      {value.length > 0 ? (
        <ol className="mb-2 divide-y divide-zinc-100 rounded-md border border-zinc-200">
          {value.map((model, index) => (
            <li key={model} className="flex items-center gap-2 px-3 py-1.5 text-sm" data-fallback={model}>
              <span className="w-5 text-xs tabular-nums text-zinc-400">{index + 1}.</span>
              <span className="min-w-0 flex-1 truncate font-mono text-[13px]">{model}</span>
              <Button variant="ghost" size="xs" aria-label={`Move ${model} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                ↑
              </Button>
              <Button
                variant="ghost"
                size="xs"
                aria-label={`Move ${model} down`}
                disabled={index === value.length - 1}
                onClick={() => move(index, 1)}
              >
                ↓
              </Button>
              <Button
                variant="ghost"
                size="xs"
                aria-label={`Remove ${model}`}
                onClick={() => onChange(value.filter((item) => item !== model))}
              >
                ✕
              </Button>
            </li>
          ))}
        </ol>
      ) : null}
      <div className="flex gap-2">
        <label htmlFor={selectId} className="sr-only">
          Add to {label.toLowerCase()}
        </label>
        <Select id={selectId} value={adding} onChange={(event) => setAdding(event.target.value)} disabled={remaining.length === 0}>
          <option value="">{remaining.length === 0 ? "No other models" : "Choose a model…"}</option>
          {remaining.map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
        </Select>
        <Button
          variant="secondary"
          disabled={adding === ""}
          onClick={() => {
            onChange([...value, adding]);
            setAdding("");
          }}
        >
          Add
        </Button>
      </div>
      {error ? (
        <p id={hintId} className="mt-1 text-xs text-red-700" data-field-error>
          {error}
        </p>
      ) : hint ? (
        <p id={hintId} className="mt-1 text-xs text-zinc-500">
          {hint}
        </p>
      ) : null}
    </fieldset>
  );
}
