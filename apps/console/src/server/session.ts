import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getServerSession } from "next-auth";
import type { ConsoleUser } from "@/types/next-auth";
import { authOptions } from "./auth-options";

/** The signed-in Switchyard user, or null (no session, expired, or from an older console build). */
export async function getConsoleUser(): Promise<ConsoleUser | null> {
  // Sessions exist only at request time; this also keeps `next build` from prerendering callers.
  await connection();
  const session = await getServerSession(authOptions());
  const user: Partial<ConsoleUser> | undefined = session?.user;
  if (!user?.id || !user.role || !user.email) return null;
  return { id: user.id, email: user.email, name: user.name ?? null, role: user.role, teams: user.teams ?? [] };
}

export async function requireConsoleUser(): Promise<ConsoleUser> {
  const user = await getConsoleUser();
  if (!user) redirect("/signin");
  return user;
}
