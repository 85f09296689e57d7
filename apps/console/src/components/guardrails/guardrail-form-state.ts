import { type GuardrailScope, type GuardrailType, hasReplyStage } from "@/lib/guardrails";

export type Mode = "mask" | "block";
export type Stage = "pre" | "post" | "both";

/** A guardrail as its form holds it: lists as text where people type them one per line. */
export interface GuardrailFormValues {
  name: string;
  slug: string;
  type: GuardrailType;
  mode: Mode;
  stage: Stage;
  entities: string[];
  restore: boolean;
  words: string;
  patterns: string;
  threshold: string;
  maxTokens: string;
  maxRounds: string;
  scopeTeams: string[];
  scopeModels: string[];
  scopeKeys: string;
  enabled: boolean;
}

export const newGuardrail: GuardrailFormValues = {
  name: "",
  slug: "",
  type: "pii",
  mode: "mask",
  stage: "pre",
  entities: [],
  restore: false,
  words: "",
  patterns: "",
  threshold: "",
  maxTokens: "",
  maxRounds: "",
  scopeTeams: [],
  scopeModels: [],
  scopeKeys: "",
  enabled: true,
};

interface SavedGuardrail {
  slug: string;
  name: string;
  type: GuardrailType;
  mode: string;
  stage: string;
  enabled: boolean;
  settings: {
    entities?: string[];
    words?: string[];
    patterns?: string[];
    threshold?: number;
    maxTokens?: number;
    maxRounds?: number;
    restore?: boolean;
  };
  scope: GuardrailScope;
}

export function formValuesOf(saved: SavedGuardrail): GuardrailFormValues {
  const text = (value: number | undefined) => (value === undefined ? "" : String(value));
  return {
    name: saved.name,
    slug: saved.slug,
    type: saved.type,
    mode: saved.mode === "mask" ? "mask" : "block",
    stage: saved.stage === "post" ? "post" : saved.stage === "both" ? "both" : "pre",
    entities: saved.settings.entities ?? [],
    restore: saved.settings.restore ?? false,
    words: (saved.settings.words ?? []).join("\n"),
    patterns: (saved.settings.patterns ?? []).join("\n"),
    threshold: text(saved.settings.threshold),
    maxTokens: text(saved.settings.maxTokens),
    maxRounds: text(saved.settings.maxRounds),
    scopeTeams: saved.scope.teams ?? [],
    scopeModels: saved.scope.models ?? [],
    scopeKeys: (saved.scope.keys ?? []).join(", "),
    enabled: saved.enabled,
  };
}

function lines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** Typed numbers go to the server as typed, so its validation names what is wrong with them. */
function numberOrUndefined(text: string): number | undefined {
  return text.trim() === "" ? undefined : Number(text);
}

/** Only the settings the type uses; other types' leftovers from switching the type are dropped. */
export function settingsOf(values: GuardrailFormValues) {
  switch (values.type) {
    case "pii":
      return {
        ...(values.entities.length > 0 ? { entities: values.entities } : {}),
        ...(values.mode === "mask" && values.restore ? { restore: true } : {}),
      };
    case "blocklist":
      return { words: lines(values.words), patterns: lines(values.patterns) };
    case "prompt-injection": {
      const threshold = numberOrUndefined(values.threshold);
      return threshold === undefined ? {} : { threshold };
    }
    case "max-tokens": {
      const maxTokens = numberOrUndefined(values.maxTokens);
      return maxTokens === undefined ? {} : { maxTokens };
    }
    case "tool-loop": {
      const maxRounds = numberOrUndefined(values.maxRounds);
      return maxRounds === undefined ? {} : { maxRounds };
    }
  }
}

/**
 * Empty lists are left out: in a published config an empty list would match nothing, while the
 * form's "nothing selected" means "everything".
 */
export function scopeOf(values: GuardrailFormValues): GuardrailScope {
  const keys = values.scopeKeys
    .split(/[,\n]/)
    .map((key) => key.trim())
    .filter((key) => key !== "");
  return {
    ...(values.scopeTeams.length > 0 ? { teams: values.scopeTeams } : {}),
    ...(values.scopeModels.length > 0 ? { models: values.scopeModels } : {}),
    ...(keys.length > 0 ? { keys } : {}),
  };
}

export function stageOf(values: GuardrailFormValues): Stage {
  return hasReplyStage(values.type) ? values.stage : "pre";
}

export function modeOf(values: GuardrailFormValues): Mode {
  return values.type === "tool-loop" ? "block" : values.mode;
}
