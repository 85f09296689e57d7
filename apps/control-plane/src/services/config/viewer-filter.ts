import { can, type Role } from "@switchyard/schemas";
import type { DataScope } from "../../auth/data-scope";
import type { Session } from "../../auth/session";

/**
 * Every role may read config versions, but a config lists every team and key.
 * Callers scoped to teams or to themselves see only their teams and their share
 * of keys; sealed credentials are shown only to those who may read credentials.
 */
export interface ConfigViewer {
  role: Role;
  scope: DataScope;
  visibleTeamSlugs: string[];
}

export function configViewerOf(session: Session, scope: DataScope): ConfigViewer {
  const visibleTeamIds = scope.kind === "organization" ? [] : scope.teamIds;
  return {
    role: session.user.role,
    scope,
    visibleTeamSlugs: session.teams.filter((team) => visibleTeamIds.includes(team.id)).map((team) => team.slug),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function filterConfigForViewer(config: unknown, viewer: ConfigViewer): unknown {
  if (!isRecord(config)) return config;
  const result: Record<string, unknown> = { ...config };
  if (!can(viewer.role, "credentials:read") && Array.isArray(config.models)) {
    result.models = config.models.map((model) =>
      isRecord(model) && Array.isArray(model.deployments)
        ? {
            ...model,
            deployments: model.deployments.map((deployment) => (isRecord(deployment) ? omit(deployment, "apiKeySealed") : deployment)),
          }
        : model,
    );
  }
  if (viewer.scope.kind === "organization") return result;
  const { userId } = viewer.scope;
  const teamVisible = (slug: unknown) => typeof slug === "string" && viewer.visibleTeamSlugs.includes(slug);
  if (Array.isArray(config.teams)) result.teams = config.teams.filter((team) => isRecord(team) && teamVisible(team.id));
  if (Array.isArray(config.keys)) {
    result.keys = config.keys.filter(
      (key) => isRecord(key) && (key.user === userId || (viewer.scope.kind === "teams" && teamVisible(key.team))),
    );
  }
  if (Array.isArray(config.users)) result.users = config.users.filter((user) => isRecord(user) && user.id === userId);
  return result;
}

function omit(record: Record<string, unknown>, field: string): Record<string, unknown> {
  const { [field]: _dropped, ...rest } = record;
  return rest;
}
