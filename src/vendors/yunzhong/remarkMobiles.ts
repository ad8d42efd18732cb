// `remark_mobiles` is documented as a string and arrives as a JSON-encoded list in a string
// ("[]", "[\"13800000000\"]"). Vendor facts: docs/vendors/yunzhong.md
// (Rows and Quirks, remark_mobiles).

/**
 * The remark mobiles of a row as a list of strings. A JSON string is parsed, an array is taken as
 * is, and anything that is not a list (junk, "null", a bare number) is no mobiles: a malformed
 * remark must not fail the customer list. Entries keep the vendor's text; empty ones are dropped.
 */
export function remarkMobiles(raw: unknown): string[] {
  let list: unknown = raw;
  if (typeof raw === "string") {
    // Most rows carry none: "[]".
    if (raw === "[]") return [];
    const text = raw.trim();
    if (text === "") return [];
    try {
      list = JSON.parse(text) as unknown;
    } catch {
      return [];
    }
  }
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const item of list) {
    if (typeof item !== "string" && typeof item !== "number") continue;
    const mobile = String(item).trim();
    if (mobile !== "") out.push(mobile);
  }
  return out;
}
