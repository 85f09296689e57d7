import { Badge } from "@/components/ui/badge";
import { roleLabels } from "@/lib/roles";
import type { ConsoleUser } from "@/types/next-auth";
import { SignOutButton } from "./sign-out-button";

function initials(user: ConsoleUser): string {
  const source = user.name?.trim() || user.email;
  const parts = source.split(/[\s@.]+/).filter(Boolean);
  return parts
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? "")
    .join("");
}

export function UserMenu({ user }: { user: ConsoleUser }) {
  return (
    <div className="flex items-center gap-3" data-testid="user-menu">
      <div className="hidden text-right sm:block">
        <p className="font-medium leading-tight text-zinc-900" data-testid="user-name">
          {user.name ?? user.email}
        </p>
        <p className="text-xs leading-tight text-zinc-500" data-testid="user-email">
          {user.email}
        </p>
      </div>
      <span data-testid="user-role">
        <Badge>{roleLabels[user.role]}</Badge>
      </span>
      <span
        aria-hidden
        className="hidden size-8 items-center justify-center rounded-full bg-zinc-200 text-xs font-semibold text-zinc-700 sm:flex"
      >
        {initials(user)}
      </span>
      <SignOutButton />
    </div>
  );
}
