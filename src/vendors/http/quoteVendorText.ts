// Vendor text (an envelope's message, the head of a body that is not JSON, a zod complaint about a
// vendor key) reaches clients and log lines. It may echo a credential back: a token in a PHP
// notice, a session id in a debug dump. Credentials are removed from the whole text first and the
// text is cut only after that: cut first, and a credential straddling the cut survives in part,
// where no scrubber can recognise it any more.

/** Longest vendor message we pass on: enough for any real explanation, short of a stack dump. */
export const VENDOR_TEXT_MAX_CHARS = 200;

const ELLIPSIS = "…";
const REDACTED_MARK = "[REDACTED]";

/**
 * `text` with `scrub` applied to the whole of it, then cut to at most `maxChars` characters (an
 * ellipsis included, so quoting a quote changes nothing). A cut never splits a `[REDACTED]` mark
 * or a surrogate pair, so what is left reads as what it is.
 */
export function quoteVendorText(text: string, scrub: (text: string) => string, maxChars: number = VENDOR_TEXT_MAX_CHARS): string {
  if (!Number.isInteger(maxChars) || maxChars < 1) throw new RangeError(`quoteVendorText: maxChars must be a positive integer, got ${String(maxChars)}`);
  const clean = scrub(text);
  if (clean.length <= maxChars) return clean;
  let end = maxChars - ELLIPSIS.length;
  const mark = clean.lastIndexOf(REDACTED_MARK, end);
  if (mark !== -1 && mark + REDACTED_MARK.length > end) end = mark;
  const code = clean.charCodeAt(end - 1);
  if (end > 0 && code >= 0xd800 && code <= 0xdbff) end -= 1;
  return clean.slice(0, end) + ELLIPSIS;
}
