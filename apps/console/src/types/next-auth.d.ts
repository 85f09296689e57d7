import type { Role } from "@switchyard/schemas";
import "next-auth";
import "next-auth/jwt";

/** The identity the console keeps in its JWT session after the control plane accepted the sign-in. */
export interface ConsoleTeam {
  id: string;
  slug: string;
  name: string;
  role: string;
}

export interface ConsoleUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  teams: ConsoleTeam[];
}

declare module "next-auth" {
  interface User {
    switchyard?: ConsoleUser;
    /** Set when the control plane refused this identity; the sign-in is then stopped. */
    refusal?: { code: string; message: string };
  }

  interface Session {
    user: ConsoleUser;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    switchyard?: ConsoleUser;
  }
}
