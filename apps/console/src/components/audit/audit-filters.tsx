"use client";

import { useQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Field, Select, TextInput } from "@/components/ui/field";
import { auditActionsByTarget, auditTargetTypes, humanise } from "@/lib/audit";
import { useTRPC } from "@/lib/trpc";

export interface AuditFilterValues {
  actorId: string;
  action: string;
  targetType: string;
  /** UTC days, inclusive. */
  from: string;
  to: string;
}

export const noAuditFilters: AuditFilterValues = { actorId: "", action: "", targetType: "", from: "", to: "" };

const dayMs = 24 * 3600 * 1000;

/** The list input: days become an instant range [from 00:00, day after `to` 00:00) in UTC. */
export function auditQueryOf(filters: AuditFilterValues) {
  return {
    ...(filters.actorId ? { actorId: filters.actorId } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.targetType ? { targetType: filters.targetType } : {}),
    ...(filters.from ? { from: `${filters.from}T00:00:00.000Z` } : {}),
    ...(filters.to ? { to: new Date(Date.parse(`${filters.to}T00:00:00.000Z`) + dayMs).toISOString() } : {}),
  };
}

export function AuditFilters({
  value,
  onChange,
  canListUsers,
}: {
  value: AuditFilterValues;
  onChange: (value: AuditFilterValues) => void;
  canListUsers: boolean;
}) {
  const trpc = useTRPC();
  const users = useQuery(trpc.users.list.queryOptions({}, { enabled: canListUsers }));
  const actions = value.targetType ? (auditActionsByTarget[value.targetType] ?? []) : Object.values(auditActionsByTarget).flat();
  const active = Object.values(value).some((field) => field !== "");
  return (
    <div
      className="grid grid-cols-1 items-end gap-3 border-b border-zinc-100 px-5 py-4 sm:grid-cols-2 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto]"
      data-testid="audit-filters"
    >
      <Field label="Actor">
        {(props) => (
          <Select {...props} value={value.actorId} onChange={(event) => onChange({ ...value, actorId: event.target.value })}>
            <option value="">Anyone</option>
            {(users.data ?? []).map((user) => (
              <option key={user.id} value={user.id}>
                {user.email}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Target type">
        {(props) => (
          <Select
            {...props}
            value={value.targetType}
            onChange={(event) => {
              const targetType = event.target.value;
              // An action of another target type would match nothing.
              const action =
                targetType && value.action && !(auditActionsByTarget[targetType] ?? []).includes(value.action) ? "" : value.action;
              onChange({ ...value, targetType, action });
            }}
          >
            <option value="">Any</option>
            {auditTargetTypes.map((type) => (
              <option key={type} value={type}>
                {humanise(type)}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Action">
        {(props) => (
          <Select {...props} value={value.action} onChange={(event) => onChange({ ...value, action: event.target.value })}>
            <option value="">Any</option>
            {actions.map((action) => (
              <option key={action} value={action}>
                {humanise(action)}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="From (UTC)">
        {(props) => (
          <TextInput
            {...props}
            type="date"
            value={value.from}
            max={value.to || undefined}
            onChange={(event) => onChange({ ...value, from: event.target.value })}
          />
        )}
      </Field>
      <Field label="To (UTC)">
        {(props) => (
          <TextInput
            {...props}
            type="date"
            value={value.to}
            min={value.from || undefined}
            onChange={(event) => onChange({ ...value, to: event.target.value })}
          />
        )}
      </Field>
      <Button variant="ghost" onClick={() => onChange(noAuditFilters)} disabled={!active}>
        Clear
      </Button>
    </div>
  );
}
