import { Badge } from "@/components/ui/badge";
import { formatRelative } from "@/lib/format";
import type { KeyRow } from "./key-types";

export function KeyStatusBadge({ keyRow }: { keyRow: KeyRow }) {
  switch (keyRow.status) {
    case "active":
      return <Badge tone="success">Active</Badge>;
    case "grace":
      return (
        <span title={keyRow.graceUntil ?? undefined}>
          <Badge tone="warning">Retiring {keyRow.graceUntil ? formatRelative(keyRow.graceUntil) : ""}</Badge>
        </span>
      );
    case "expired":
      return <Badge>Expired</Badge>;
    case "revoked":
      return <Badge tone="danger">Revoked</Badge>;
  }
}
