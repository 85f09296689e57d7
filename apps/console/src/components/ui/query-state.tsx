"use client";

import type { ReactNode } from "react";
import { EmptyState, Skeleton } from "./state";

export interface QueryLike<T> {
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

const skeletonHeights = { sm: "h-9", md: "h-10", lg: "h-12" } as const;
const skeletonKeys = ["a", "b", "c", "d", "e", "f"];

function isEmptyList(data: unknown): boolean {
  return Array.isArray(data) && data.length === 0;
}

/**
 * The list pages' shape on top of QueryState: skeleton rows while loading, a padded empty state when
 * nothing came back, else the list itself. `isEmpty` is for data that wraps its list (a page of items).
 */
export function ListQueryState<T>({
  query,
  what,
  rows = 2,
  rowHeight = "lg",
  empty,
  isEmpty = isEmptyList,
  children,
}: {
  query: QueryLike<T>;
  what: string;
  rows?: number;
  rowHeight?: keyof typeof skeletonHeights;
  empty: { title: string; body: ReactNode };
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  return (
    <QueryState
      query={query}
      what={what}
      loading={
        <div className="space-y-2 p-5">
          {skeletonKeys.slice(0, rows).map((key) => (
            <Skeleton key={key} className={`${skeletonHeights[rowHeight]} w-full`} />
          ))}
        </div>
      }
    >
      {(data) =>
        isEmpty(data) ? (
          <div className="p-5">
            <EmptyState title={empty.title}>{empty.body}</EmptyState>
          </div>
        ) : (
          children(data)
        )
      }
    </QueryState>
  );
}
