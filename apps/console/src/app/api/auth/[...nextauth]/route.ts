import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { authOptions } from "@/server/auth-options";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

// The options are built per request (memoised) so `next build` never reads the runtime environment.
function handler(request: NextRequest, context: RouteContext): Promise<Response> {
  return NextAuth(request, context, authOptions());
}

export { handler as GET, handler as POST };
