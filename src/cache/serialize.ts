// Answers kept in Redis are JSON, but vendor answers are domain objects with Dates in them
// (WeComAccount.lastLoginAt, ExternalCustomer.addedAt …): a Date is written as {"$date": ms} and
// read back as a Date, so a replica reading another's entry gets exactly what the vendor client
// returned. `undefined` members vanish, which reads back the same (EmployeeFacts: "not carried").
import type { StoredAnswer } from "./CacheStore.js";

const DATE = "$date";

export function encodeAnswer(answer: StoredAnswer): string {
  return JSON.stringify({ t: answer.fetchedAt, v: answer.value }, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    if (raw instanceof Date) {
      const ms = raw.getTime();
      return { [DATE]: Number.isNaN(ms) ? null : ms };
    }
    return value;
  });
}

export function decodeAnswer(text: string): StoredAnswer {
  const parsed = JSON.parse(text, (_key, value: unknown) => {
    if (value && typeof value === "object" && !Array.isArray(value) && DATE in value) {
      const ms = (value as Record<string, unknown>)[DATE];
      if ((typeof ms === "number" || ms === null) && Object.keys(value).length === 1) return new Date(ms ?? Number.NaN);
    }
    return value;
  }) as { t?: unknown; v?: unknown };
  if (typeof parsed !== "object" || parsed === null || typeof parsed.t !== "number" || !("v" in parsed)) throw new TypeError("not a cache entry");
  return { fetchedAt: parsed.t, value: parsed.v };
}
