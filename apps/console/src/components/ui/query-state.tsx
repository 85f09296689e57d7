"use client";

import type { ReactNode } from "react";
import { EmptyState, Skeleton } from "./state";

interface QueryLike<T> {
  data: T | undefined;
  error: { message: string } | null;
  isPending: boolean;
}

/** Loading, failure, then data: every control-plane read on a page goes through the same three states. */
export function QueryState<T>({
  query,
  what,
  children,
  loading,
}: {
  query: QueryLike<T>;
  what: string;
  children: (data: T) => ReactNode;
  loading?: ReactNode;
}) {
  if (query.error) {
    return (
      <EmptyState tone="error" title={`Could not load ${what}`}>
        {query.error.message}
      </EmptyState>
    );
  }
  if (query.isPending || query.data === undefined) {
    return (
      <div role="status" aria-busy="true">
        <span className="sr-only">Loading {what}…</span>
        {loading ?? <Skeleton className="h-20 w-full" />}
      </div>
    );
  }
  return <>{children(query.data)}</>;
}
