// Mobile numbers are the only key that links a yunzhenji account to a WeCom userid (docs/vendors/yunzhenji.md),
// so they are normalised once here and every join compares the normalised form.

export interface Mobile {
  /** What we show: the normalised number when there is one, the vendor's text otherwise (a masked one). */
  display: string | null;
  /** The join key: 11 mainland digits, or null when the number is missing, masked or not a mobile. */
  key: string | null;
}

const MASK = /[xX*＊]/;
const MAINLAND = /^1\d{10}$/;

export function parseMobile(raw: unknown): Mobile {
  if (raw === null || raw === undefined) return { display: null, key: null };
  // Most numbers arrive clean: 11 digits and nothing to strip.
  if (typeof raw === "string" && MAINLAND.test(raw)) return { display: raw, key: raw };
  const text = String(raw).trim();
  if (text === "" || text === "null") return { display: null, key: null };
  if (MASK.test(text)) return { display: text, key: null };
  let digits = text.replace(/[\s\-().]/g, "");
  if (digits.startsWith("+")) digits = digits.slice(1);
  if (digits.startsWith("0086")) digits = digits.slice(4);
  else if (digits.startsWith("86") && digits.length === 13) digits = digits.slice(2);
  if (MAINLAND.test(digits)) return { display: digits, key: digits };
  return { display: text, key: null };
}

export function mobileKey(raw: unknown): string | null {
  return parseMobile(raw).key;
}
