// Configured headers are how yunzhong (session cookie) and the directory (bearer token) authenticate
// (docs/vendors/yunzhong.md and directory.md, Auth), and any vendor may be given some, so the Transport
// treats every configured header value as a credential.

/**
 * Every piece of a configured header that is a credential on its own: the whole value, the token
 * after an auth scheme ("Bearer x"), and each cookie's value. A vendor echoing just the session id
 * must be caught as surely as one echoing the whole header.
 */
export function headerSecrets(headers: Record<string, string> | undefined): string[] {
  const out: string[] = [];
  for (const value of Object.values(headers ?? {})) {
    out.push(value);
    const scheme = /^\s*[A-Za-z][\w-]*\s+(\S.*)$/.exec(value);
    if (scheme?.[1]) out.push(scheme[1].trim());
    for (const pair of value.split(";")) {
      const eq = pair.indexOf("=");
      if (eq > 0) out.push(pair.slice(eq + 1).trim());
    }
  }
  return out.filter((s) => s.length > 0);
}
