import type { ReactNode, ThHTMLAttributes } from "react";

/** A horizontally scrollable table: narrow windows scroll it instead of squeezing columns into unreadable slivers. */
export function Table({
  children,
  minWidth = "40rem",
  testId,
  label,
}: {
  children: ReactNode;
  minWidth?: string;
  testId?: string;
  label?: string;
}) {
  return (
    // relative: visually hidden (absolute) labels inside cells stay in the scroll box instead of widening the page.
    <div className="relative overflow-x-auto">
      <table className="w-full text-left text-sm" style={{ minWidth }} data-testid={testId} aria-label={label}>
        {children}
      </table>
    </div>
  );
}

export function TableHead({ children }: { children: ReactNode }) {
  return (
    <thead className="border-b border-zinc-200 bg-zinc-50/60 text-xs uppercase tracking-wide text-zinc-500">
      <tr>{children}</tr>
    </thead>
  );
}

export function Th({ children, className = "", ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th scope="col" className={`px-4 py-2.5 font-medium first:pl-5 last:pr-5 ${className}`} {...props}>
      {children}
    </th>
  );
}

/** A header read only by screen readers, for a column whose cells say what they are (row actions, details). */
export function HiddenTh({ children }: { children: ReactNode }) {
  return (
    <Th>
      <span className="sr-only">{children}</span>
    </Th>
  );
}

export function TableBody({ children }: { children: ReactNode }) {
  return <tbody className="divide-y divide-zinc-100">{children}</tbody>;
}

export function Td({ children, className = "" }: { children?: ReactNode; className?: string }) {
  return <td className={`px-4 py-3 align-top first:pl-5 last:pr-5 ${className}`}>{children}</td>;
}
