// HTTP's `Retry-After` (RFC 9110, 10.2.3): either delay-seconds or an HTTP-date. Vendors that answer
// 429 say with it when to come back; anything we cannot read is "not said", never a guess.

/** Whole seconds to wait (at least 0), or null when the header is absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value == null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds) ? seconds : null;
  }
  // An HTTP-date names a weekday and GMT; a bare number or other text (a content type) is not one.
  if (!/GMT$/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
