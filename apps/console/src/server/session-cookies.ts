/**
 * next-auth v4 keeps the JWT session in `next-auth.session-token` (`__Secure-` prefixed on
 * https, split into `.0`, `.1`, … when large). Expiring them ends the console session.
 */
const sessionCookie = /^(__Secure-)?next-auth\.session-token(\.\d+)?$/;

export function expireSessionCookies(request: Request, headers: Headers): void {
  const names = (request.headers.get("cookie") ?? "")
    .split(";")
    .map((pair) => pair.split("=")[0]?.trim() ?? "")
    .filter((name) => sessionCookie.test(name));
  for (const name of names) {
    const secure = name.startsWith("__Secure-") ? "; Secure" : "";
    headers.append("set-cookie", `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`);
  }
}
