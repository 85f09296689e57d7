"use client";

import { useQuery } from "@tanstack/react-query";
import { type Ref, useId } from "react";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Select } from "@/components/ui/field";
import { QueryState } from "@/components/ui/query-state";
import { Skeleton } from "@/components/ui/state";
import { useTRPC } from "@/lib/trpc";
import { ConfigDiff } from "./config-diff";

export interface Comparison {
  from: number;
  /** null: the current, unpublished state. */
  to: number | null;
}

/** Any two versions (or a version and the draft), diffed by the control plane. */
export function VersionCompare({
  versions,
  comparison,
  onChange,
  ref,
}: {
  versions: readonly number[];
  comparison: Comparison;
  onChange: (comparison: Comparison) => void;
  ref?: Ref<HTMLElement>;
}) {
  const trpc = useTRPC();
  const fromId = useId();
  const toId = useId();
  const diff = useQuery(trpc.config.diff.queryOptions({ from: comparison.from, ...(comparison.to === null ? {} : { to: comparison.to }) }));
  const toLabel = comparison.to === null ? "the draft" : `version ${comparison.to}`;
  return (
    <section ref={ref} tabIndex={-1} aria-label="Compare versions" className="scroll-mt-20 focus:outline-none">
      <Card>
        <CardHeader title="Compare" description="The structured difference between two versions, path by path." />
        <div className="flex flex-wrap items-end gap-4 border-b border-zinc-100 px-5 py-3">
          <div className="flex flex-col gap-1">
            <label htmlFor={fromId} className="text-xs font-medium text-zinc-500">
              From
            </label>
            <Select
              id={fromId}
              className="w-40"
              value={String(comparison.from)}
              onChange={(event) => onChange({ ...comparison, from: Number(event.target.value) })}
              data-testid="compare-from"
            >
              {versions.map((number) => (
                <option key={number} value={number}>
                  Version {number}
                </option>
              ))}
            </Select>
          </div>
          <span aria-hidden className="pb-2 text-zinc-400">
            →
          </span>
          <div className="flex flex-col gap-1">
            <label htmlFor={toId} className="text-xs font-medium text-zinc-500">
              To
            </label>
            <Select
              id={toId}
              className="w-40"
              value={comparison.to === null ? "draft" : String(comparison.to)}
              onChange={(event) => onChange({ ...comparison, to: event.target.value === "draft" ? null : Number(event.target.value) })}
              data-testid="compare-to"
            >
              <option value="draft">Current draft</option>
              {versions.map((number) => (
                <option key={number} value={number}>
                  Version {number}
                </option>
              ))}
            </Select>
          </div>
          <p className="pb-2 text-sm text-zinc-500" aria-live="polite">
            {diff.data
              ? `${diff.data.changes.length === 1 ? "1 change" : `${diff.data.changes.length} changes`} from version ${comparison.from} to ${toLabel}`
              : null}
          </p>
        </div>
        <CardBody>
          <QueryState query={diff} what="the differences" loading={<Skeleton className="h-24 w-full" />}>
            {(result) => <ConfigDiff changes={result.changes} empty={`Version ${comparison.from} and ${toLabel} are identical.`} />}
          </QueryState>
        </CardBody>
      </Card>
    </section>
  );
}
