// The vendor's parameter table names the field `userId`, its own request sample spells it
// `userid` (docs/vendors/directory.md, Quirks).
// Decision (docs/vendors/directory.md, Decisions): send both, so a server that reads either one finds it.

export function userBody(corpId: string, userId: string): { corpId: string; userId: string; userid: string } {
  return { corpId, userId, userid: userId };
}
