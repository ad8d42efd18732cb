// The vendor's parameter table names the field `userId`, its own request sample spells it
// `userid` (vendor page /work/shared/vendor-docs/original/directory-getuser.txt, 1.1.2 vs 1.1.3).
// README §4 Decision: send both, so a server that reads either one finds it.

export function userBody(corpId: string, userId: string): { corpId: string; userId: string; userid: string } {
  return { corpId, userId, userid: userId };
}
