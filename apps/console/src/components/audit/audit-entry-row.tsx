"use client";

import { Fragment, useState } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Td } from "@/components/ui/table";
import { humanise, targetLabel } from "@/lib/audit";
import { formatDateTime } from "@/lib/format";

export interface AuditEntry {
  id: string;
  action: string;
  actorId: string | null;
  actorEmail: string | null;
  targetType: string;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
  ip: string | null;
  createdAt: string;
}

function toneOf(action: string): BadgeTone {
  if (/-(deleted|revoked|archived|deactivated|removed)$/.test(action)) return "danger";
  if (/-(created|invited|added|published)$/.test(action)) return "success";
  if (/rolled-back$/.test(action)) return "warning";
  return "info";
}

function JsonBlock({ title, value }: { title: string; value: unknown }) {
  return (
    <div className="min-w-0">
      <p className="mb-1 text-xs font-medium uppercase tracking-wide text-zinc-500">{title}</p>
      {value === null || value === undefined ? (
        <p className="text-xs text-zinc-400">—</p>
      ) : (
        <pre className="max-h-72 overflow-auto rounded-md border border-zinc-200 bg-white p-2.5 font-mono text-xs leading-relaxed text-zinc-800">
          {JSON.stringify(value, null, 2)}
        </pre>
      )}
    </div>
  );
}

/** One audit entry; its recorded before/after state opens underneath (secrets were redacted when written). */
export function AuditEntryRow({ entry }: { entry: AuditEntry }) {
  const [open, setOpen] = useState(false);
  const label = targetLabel(entry);
  const detailsId = `audit-${entry.id}`;
  return (
    <Fragment>
      <tr data-action={entry.action} className={open ? "bg-zinc-50/60" : undefined}>
        <Td className="whitespace-nowrap tabular-nums text-zinc-600">
          <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>
        </Td>
        <Td className="max-w-[14rem] truncate">{entry.actorEmail ?? <span className="text-zinc-500">System</span>}</Td>
        <Td>
          <Badge tone={toneOf(entry.action)}>{humanise(entry.action)}</Badge>
        </Td>
        <Td className="min-w-0">
          <span className="text-zinc-500">{humanise(entry.targetType)}</span>
          {label ? <span className="ml-1.5 font-medium">{label}</span> : null}
          {entry.targetId ? <p className="truncate font-mono text-[11px] text-zinc-400">{entry.targetId}</p> : null}
        </Td>
        <Td className="whitespace-nowrap font-mono text-xs text-zinc-500">{entry.ip ?? "—"}</Td>
        <Td className="text-right">
          <button
            type="button"
            className="rounded px-2 py-1 text-xs font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900"
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen(!open)}
          >
            {open ? "Hide" : "Details"}
          </button>
        </Td>
      </tr>
      {open ? (
        <tr id={detailsId} className="bg-zinc-50/60">
          <td colSpan={6} className="px-5 pb-4">
            <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
              <JsonBlock title="Before" value={entry.before} />
              <JsonBlock title="After" value={entry.after} />
            </div>
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}
