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

/**
 * Removes known secret values from free text (a vendor message could echo one back). Longest first:
 * a secret that contains another (a whole Cookie header and its session id) must go whole, or the
 * shorter one's removal would leave the rest of the longer one behind.
 */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  const known = secrets.filter((s): s is string => typeof s === "string" && s.length >= 4).sort((a, b) => b.length - a.length);
  for (const s of known) out = out.split(s).join(REDACTED);
  return out;
}

/**
 * Free text (an error message from fetch, a vendor's complaint) with the values of secret
 * parameters replaced: node-fetch puts the whole request URL, `access_token` included, into its
 * network-error messages, and PHP notices print `token=…` after a space.
 */
export function redactSecretParams(text: string): string {
  return text.replace(/(^|[?&;\s])([^=&#\s?;]+)=([^&#\s;]*)/g, (whole, sep: string, key: string) =>
    isSecretKey(key) ? `${sep}${key}=${REDACTED}` : whole,
  );
}

/**
 * JSON text with the string values of secret keys replaced, even when the text breaks off inside
 * the value: the head of a token answer that is not valid JSON (`{"data":{"access_token":"abc…`)
 * carries a credential no one has learnt yet, so no list of known secrets can catch it.
 */
export function redactSecretFields(text: string): string {
  return text.replace(/"([^"\\]{1,64})"(\s*:\s*)"((?:[^"\\]|\\.)*)("?)/g, (whole, key: string, colon: string, _value: string, close: string) =>
    isSecretKey(key) ? `"${key}"${colon}"${REDACTED}${close}` : whole,
  );
}
