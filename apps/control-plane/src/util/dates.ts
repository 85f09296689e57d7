/** API output dates are ISO strings: the tRPC link has no transformer, so Date would arrive as a string anyway. */
export function iso(date: Date): string;
export function iso(date: Date | null | undefined): string | null;
export function iso(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}
