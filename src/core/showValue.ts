// Options are checked once, where they are given, with the bad value in the message (as
// graphql/dataloader does): this is how a value is shown there.

/** A value as it may appear in a TypeError: short, and never a secret (those get `secretShape`). */
export function showValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
