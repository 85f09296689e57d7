"use client";

import { can } from "@switchyard/schemas";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { Button } from "@/components/ui/button";
import { Select, TextInput } from "@/components/ui/field";
import { Segmented } from "@/components/ui/segmented";
import type { Viewer } from "@/lib/access";
import type { SpendFilters } from "@/lib/spend-filters";
import { dayCount, maxHourDays, presetRange, type RangePreset, rangePresetLabels, rangePresets, rangeProblem } from "@/lib/spend-range";
import { useTRPC } from "@/lib/trpc";

function LabelledSelect({
  label,
  value,
  onChange,
  children,
  testId,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: React.ReactNode;
  testId?: string;
}) {
  const id = useId();
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-zinc-500">
        {label}
      </label>
      <Select id={id} className="w-full sm:w-44" value={value} onChange={(event) => onChange(event.target.value)} data-testid={testId}>
        {children}
      </Select>
    </div>
  );
}

/** Range, bucket and the equality filters; the lists hold only what this role may read. */
export function SpendFilterBar({
  viewer,
  filters,
  onChange,
}: {
  viewer: Viewer;
  filters: SpendFilters;
  onChange: (next: SpendFilters) => void;
}) {
  const trpc = useTRPC();
  const fromId = useId();
  const toId = useId();
  const teams = useQuery(trpc.teams.list.queryOptions({ includeArchived: true }, { enabled: can(viewer.role, "teams:read") }));
  const keys = useQuery(trpc.keys.list.queryOptions({ includeRevoked: true }, { enabled: can(viewer.role, "keys:read") }));
  const showUsers = can(viewer.role, "users:read");
  const users = useQuery(trpc.users.list.queryOptions({}, { enabled: showUsers }));
  const deployments = useQuery(trpc.deployments.list.queryOptions(undefined, { enabled: can(viewer.role, "models:read") }));
  const models = [...new Set((deployments.data ?? []).map((deployment) => deployment.modelName))].sort();
  if (filters.model && !models.includes(filters.model)) models.push(filters.model);

  const set = (patch: Partial<SpendFilters>) => onChange({ ...filters, ...patch });
  const choosePreset = (preset: RangePreset) => {
    if (preset === "custom") return set({ preset });
    // Hours suit a day; longer ranges start daily (a month of hours is 744 slivers) and may switch.
    set({ preset, range: presetRange(preset), bucket: preset === "today" ? "hour" : "day" });
  };
  const problem = rangeProblem(filters.range, filters.bucket);
  const hourDisabled = dayCount(filters.range) > maxHourDays;
  const filtered = Boolean(filters.teamId || filters.keyId || filters.userId || filters.model);

  return (
    <div className="space-y-3 border-b border-zinc-100 px-5 py-4" data-testid="spend-filters">
      <div className="flex flex-wrap items-end gap-x-4 gap-y-3">
        <LabelledSelect label="Range" value={filters.preset} onChange={(value) => choosePreset(value as RangePreset)} testId="range-preset">
          {rangePresets.map((preset) => (
            <option key={preset} value={preset}>
              {rangePresetLabels[preset]}
            </option>
          ))}
        </LabelledSelect>
        {filters.preset === "custom" ? (
          <>
            <div className="flex flex-col gap-1">
              <label htmlFor={fromId} className="text-xs font-medium text-zinc-500">
                From (UTC)
              </label>
              <TextInput
                id={fromId}
                type="date"
                className="w-40"
                value={filters.range.from}
                max={filters.range.to}
                aria-invalid={problem !== undefined}
                onChange={(event) => set({ range: { ...filters.range, from: event.target.value } })}
              />
            </div>
            <div className="flex flex-col gap-1">
              <label htmlFor={toId} className="text-xs font-medium text-zinc-500">
                To (UTC, included)
              </label>
              <TextInput
                id={toId}
                type="date"
                className="w-40"
                value={filters.range.to}
                min={filters.range.from}
                aria-invalid={problem !== undefined}
                onChange={(event) => set({ range: { ...filters.range, to: event.target.value } })}
              />
            </div>
          </>
        ) : null}
        <div className="pb-1">
          <Segmented
            label="Buckets"
            value={filters.bucket}
            onChange={(bucket) => set({ bucket })}
            options={[
              {
                value: "hour",
                label: "Hourly",
                disabled: hourDisabled,
                title: hourDisabled ? `Hourly buckets cover at most ${maxHourDays} days` : undefined,
              },
              { value: "day", label: "Daily" },
            ]}
          />
        </div>
      </div>
      <div className="grid grid-cols-1 gap-3 sm:flex sm:flex-wrap sm:items-end sm:gap-x-4">
        <LabelledSelect label="Team" value={filters.teamId} onChange={(teamId) => set({ teamId })} testId="filter-team">
          <option value="">All teams</option>
          {(teams.data ?? []).map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </LabelledSelect>
        <LabelledSelect label="Key" value={filters.keyId} onChange={(keyId) => set({ keyId })} testId="filter-key">
          <option value="">All keys</option>
          {(keys.data ?? []).map((key) => (
            <option key={key.id} value={key.id}>
              {key.name} ({key.prefix}…)
            </option>
          ))}
        </LabelledSelect>
        {showUsers ? (
          <LabelledSelect label="User" value={filters.userId} onChange={(userId) => set({ userId })} testId="filter-user">
            <option value="">All users</option>
            {(users.data ?? []).map((user) => (
              <option key={user.id} value={user.id}>
                {user.email}
              </option>
            ))}
          </LabelledSelect>
        ) : null}
        <LabelledSelect label="Model" value={filters.model} onChange={(model) => set({ model })} testId="filter-model">
          <option value="">All models</option>
          {models.map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
        </LabelledSelect>
        {filtered ? (
          <Button variant="ghost" size="sm" className="mb-0.5" onClick={() => set({ teamId: "", keyId: "", userId: "", model: "" })}>
            Clear filters
          </Button>
        ) : null}
      </div>
      {problem ? (
        <p role="alert" className="text-sm text-red-700">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
