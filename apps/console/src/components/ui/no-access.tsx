import { EmptyState } from "./state";

/** A page the role may not open: say so plainly (the control plane would refuse every call anyway). */
export function NoAccess({ what, permission }: { what: string; permission: string }) {
  return (
    <EmptyState title={`You do not have access to ${what}`}>
      It needs the <code className="font-mono">{permission}</code> permission. Ask an administrator if you need it.
    </EmptyState>
  );
}
