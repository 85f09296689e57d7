"use client";

import { useEffect, useState } from "react";

/**
 * False during server rendering and until React has hydrated. Buttons whose only behaviour is
 * a click handler stay disabled until then, so an early click is never silently dropped.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
