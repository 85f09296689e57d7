/**
 * Series colours for stacked charts: distinct in hue and close in weight, so no group looks
 * more important than its number. "Other" is always grey.
 */
const palette = ["#4f46e5", "#0d9488", "#d97706", "#db2777", "#0284c7", "#7c3aed", "#65a30d", "#dc2626"] as const;
export const otherColour = "#a1a1aa";

export function seriesColour(index: number): string {
  return palette[index % palette.length] ?? otherColour;
}

/** Single-measure charts (requests, tokens, burn-down). */
export const measureColours = {
  primary: "#4f46e5",
  secondary: "#a5b4fc",
  danger: "#dc2626",
  forecast: "#d97706",
  guide: "#a1a1aa",
} as const;
