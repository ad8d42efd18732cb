// WeCom userids are case-insensitive (docs/vendors/directory.md, Quirks), and yunzhong stores some
// in another case than shiheng and the directory: every join and cache key goes through this.
export function userIdKey(corpId: string, userId: string): string {
  return `${corpId}\u0000${userId.toLowerCase()}`;
}

export function sameUserId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Orders userids as the lists we answer do: case-insensitively, by code unit. */
export function compareUserIds(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
