// The bearer token travels in configured headers (vendor-docs README §4 Decision), so those values
// are the secrets this client must keep out of every message and log line.

/**
 * Every piece of a configured header that is a credential on its own: the whole value, the token
 * after an auth scheme ("Bearer x"), and each cookie's value. The Transport scrubs these from any
 * text that reaches an error or a log, so a vendor echoing just the session id is caught too.
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
