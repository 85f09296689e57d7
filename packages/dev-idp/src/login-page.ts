import type { DevAccount } from "./accounts";

export interface LoginPageOptions {
  uid: string;
  clientName: string;
  email?: string;
  error?: string;
  /** Shown as a hint: this IdP exists only for development and demos. */
  accounts: readonly DevAccount[];
}

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => escapes[character] ?? character);
}

const styles = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f4f4f5;
  font:15px/1.5 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#18181b}
main{width:100%;max-width:380px;padding:24px}
.card{background:#fff;border:1px solid #e4e4e7;border-radius:12px;padding:28px;box-shadow:0 1px 2px rgb(0 0 0/.04)}
.brand{display:flex;align-items:center;gap:8px;font-weight:600;margin-bottom:20px}
.brand span{font-size:12px;font-weight:500;color:#71717a;border:1px solid #e4e4e7;border-radius:999px;padding:1px 8px}
h1{font-size:20px;margin:0 0 4px}
p.lead{margin:0 0 20px;color:#52525b;font-size:14px}
label{display:block;font-size:13px;font-weight:500;margin:14px 0 6px}
input{width:100%;padding:9px 11px;border:1px solid #d4d4d8;border-radius:8px;font:inherit}
input:focus{outline:2px solid #18181b;outline-offset:1px;border-color:#18181b}
button{width:100%;margin-top:20px;padding:10px;border:0;border-radius:8px;background:#18181b;color:#fff;font:inherit;font-weight:600;cursor:pointer}
button:hover{background:#27272a}
button:focus-visible{outline:2px solid #18181b;outline-offset:2px}
.error{margin:0 0 4px;padding:10px 12px;border-radius:8px;background:#fef2f2;border:1px solid #fecaca;color:#991b1b;font-size:14px}
.hint{margin-top:16px;font-size:13px;color:#52525b}
.hint code{font-size:12px;background:#f4f4f5;border-radius:4px;padding:1px 4px}
.hint ul{margin:8px 0 0;padding:0;list-style:none;display:grid;gap:6px}
.hint li{display:flex;justify-content:space-between;gap:8px}
.hint li span{color:#a1a1aa;font-size:12px}
a{color:#52525b}
`;

export function renderLoginPage(options: LoginPageOptions): string {
  const uid = encodeURIComponent(options.uid);
  const error = options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : "";
  const accounts = options.accounts
    .map((account) => `<li><code>${escapeHtml(account.email)}</code><span>${escapeHtml(account.groups.join(", "))}</span></li>`)
    .join("");
  const passwords = new Set(options.accounts.map((account) => account.password));
  const [sharedPassword] = passwords;
  const passwordHint = passwords.size === 1 && sharedPassword ? ` (password <code>${escapeHtml(sharedPassword)}</code>)` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Sign in · Switchyard dev IdP</title>
<style>${styles}</style>
</head>
<body>
<main>
  <div class="card">
    <div class="brand">Switchyard Identity <span>development</span></div>
    <h1>Sign in</h1>
    <p class="lead">to continue to ${escapeHtml(options.clientName)}</p>
    ${error}
    <form method="post" action="/interaction/${uid}/login" autocomplete="off">
      <label for="email">Email</label>
      <input id="email" name="email" type="email" required autofocus value="${escapeHtml(options.email ?? "")}">
      <label for="password">Password</label>
      <input id="password" name="password" type="password" required>
      <button type="submit">Sign in</button>
    </form>
    <div class="hint">
      Demo accounts${passwordHint}:
      <ul>${accounts}</ul>
    </div>
    <p class="hint"><a href="/interaction/${uid}/abort">Cancel and return to the application</a></p>
  </div>
</main>
</body>
</html>`;
}
