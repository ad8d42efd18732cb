// How personal data looks to a caller without the `pii` scope (README, Access: `138****8000`,
// `z***@example.com`). A fixed-width mask, so the shown text does not tell how much was hidden.

const MOBILE_MASK = "****";
const EMAIL_MASK = "***";

/**
 * The first 3 and last 4 characters of a mobile with `****` between: `13800138000` →
 * `138****8000`. A shorter number would show too much that way: up to 10 characters keep only the
 * last 4 (a landline `12345678` → `****5678`), up to 4 keep nothing.
 */
export function maskMobile(value: string): string {
  const text = value.trim();
  if (text.length >= 11) return `${text.slice(0, 3)}${MOBILE_MASK}${text.slice(-4)}`;
  if (text.length > 4) return `${MOBILE_MASK}${text.slice(-4)}`;
  return MOBILE_MASK;
}

/** The first character of the local part, then `***`, then the domain: `zhangsan@example.com` → `z***@example.com`. */
export function maskEmail(value: string): string {
  const text = value.trim();
  const at = text.lastIndexOf("@");
  if (at <= 0) return `${text.slice(0, 1)}${EMAIL_MASK}`;
  return `${text.slice(0, 1)}${EMAIL_MASK}${text.slice(at)}`;
}

export type PiiKind = "mobile" | "email";

const MASKS: Record<PiiKind, (value: string) => string> = { mobile: maskMobile, email: maskEmail };

/** Masks a field's value of that kind: a string, each string of a list; null stays null. */
export function maskValue(kind: PiiKind, value: unknown): unknown {
  const mask = MASKS[kind];
  if (typeof value === "string") return mask(value);
  if (Array.isArray(value)) return value.map((item) => (typeof item === "string" ? mask(item) : item));
  return value;
}
