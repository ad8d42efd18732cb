// docs/internals.md (Promises to clients): empty vendor strings are null in the graph.
export function textOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === "string" ? value : String(value);
  return text.trim() === "" ? null : text;
}

/** Unix seconds (number or numeric string) to a Date; 0, negative or junk means "never" (null). */
export function unixSecondsToDate(value: unknown): Date | null {
  const n = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n) || n <= 0) return null;
  return new Date(n * 1000);
}

/** "YYYY-MM-DD HH:mm:ss" in China time (UTC+8, no DST) to a UTC Date; null for null/empty/junk. */
export function chinaTimeToDate(value: unknown): Date | null {
  if (typeof value !== "string") return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h - 8, mi, s));
}
