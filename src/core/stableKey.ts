// DataLoader caches by identity unless told otherwise; keys here are small plain objects, so they
// are cached by a canonical JSON form in which key order and undefined members do not matter.
export function stableKey(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) {
        const member = (v as Record<string, unknown>)[k];
        if (member !== undefined) sorted[k] = member;
      }
      return sorted;
    }
    return v;
  });
}
