"use client";

import { can, type Role } from "@switchyard/schemas";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ListQueryState } from "@/components/ui/query-state";
import { HiddenTh, Table, TableBody, TableHead, Th } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc";
import { AuditEntryRow } from "./audit-entry-row";
import { AuditFilters, type AuditFilterValues, auditQueryOf, noAuditFilters } from "./audit-filters";

const pageSize = 50;

/** Who changed what, newest first. Pages follow the control plane's cursor; the cursors seen so far allow going back. */
export function AuditView({ role }: { role: Role }) {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<AuditFilterValues>(noAuditFilters);
  // cursors[n] opens page n; page 0 has none.
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const page = cursors.length - 1;
  const cursor = cursors[page];
  const query = useQuery(
    trpc.audit.list.queryOptions(
      { ...auditQueryOf(filters), limit: pageSize, ...(cursor ? { cursor } : {}) },
      { placeholderData: keepPreviousData },
    ),
  );
  const changeFilters = (next: AuditFilterValues) => {
    setFilters(next);
    setCursors([undefined]);
  };
  const nextCursor = query.data?.nextCursor ?? null;
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change to teams, keys, budgets, models, policies, users and configuration, with who made it and from where."
      />
      <Card>
        <AuditFilters value={filters} onChange={changeFilters} canListUsers={can(role, "users:read")} />
        <ListQueryState
          query={query}
          what="the audit log"
          rows={4}
          rowHeight="sm"
          empty={{ title: "No entries match", body: "Widen the date range or clear a filter." }}
          isEmpty={(data) => data.items.length === 0}
        >
          {(data) => (
            <div className={query.isPlaceholderData ? "opacity-60 transition-opacity" : undefined} aria-busy={query.isFetching}>
              <Table testId="audit-table" label="Audit log" minWidth="52rem">
                <TableHead>
                  <Th>Time (local)</Th>
                  <Th>Actor</Th>
                  <Th>Action</Th>
                  <Th>Target</Th>
                  <Th>IP</Th>
                  <HiddenTh>Details</HiddenTh>
                </TableHead>
                <TableBody>
                  {data.items.map((entry) => (
                    <AuditEntryRow key={entry.id} entry={entry} />
                  ))}
                </TableBody>
              </Table>
            </div>
          )}
        </ListQueryState>
        <nav aria-label="Audit pages" className="flex items-center justify-between gap-3 border-t border-zinc-100 px-5 py-3">
          <p className="text-sm text-zinc-500">
            Page {page + 1}
            {query.data ? ` · ${query.data.items.length} ${query.data.items.length === 1 ? "entry" : "entries"}` : ""}
          </p>
          <div className="flex gap-2">
            <Button variant="secondary" size="sm" disabled={page === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
              Newer
            </Button>
            <Button
              variant="secondary"
              size="sm"
              disabled={nextCursor === null || query.isPlaceholderData}
              onClick={() => nextCursor && setCursors([...cursors, nextCursor])}
            >
              Older
            </Button>
          </div>
        </nav>
      </Card>
    </>
  );
}
