// Credentials must never reach a log line or an error; everything an error keeps of a request
// passes through here first.

const SECRET_KEY = /^(access_?token|app_?secret|secret|sign|token|password|authorization|cookie|set-cookie|x-api-key|api[-_]?key|session)$/i;

export const REDACTED = "[REDACTED]";

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A URL with secret query parameters replaced. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const key of [...u.searchParams.keys()]) if (isSecretKey(key)) u.searchParams.set(key, REDACTED);
    if (u.username || u.password) {
      u.username = REDACTED;
      u.password = "";
    }
    return u.toString();
  } catch {
    return url.replace(/([?&](?:access_token|app_secret|token|sign)=)[^&#]*/gi, `$1${REDACTED}`);
  }
}

export function redactHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k] = isSecretKey(k) ? REDACTED : v;
  return out;
}

/** A JSON-like body with secret keys replaced, at any depth. */
export function redactBody(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(redactBody);
  if (body && typeof body === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(body)) out[k] = isSecretKey(k) ? REDACTED : redactBody(v);
    return out;
  }
  return body;
}

/** Removes known secret values from free text (a vendor message could echo one back). */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join(REDACTED);
  return out;
}

/**
 * Free text (an error message from fetch, say) with the values of secret query parameters replaced:
 * node-fetch puts the whole request URL, `access_token` included, into its network-error messages.
 */
export function redactSecretParams(text: string): string {
  return text.replace(/([?&;])([^=&#\s?;]+)=([^&#\s;]*)/g, (whole, sep: string, key: string) =>
    isSecretKey(key) ? `${sep}${key}=${REDACTED}` : whole,
  );
}
