// schemas.ts as canonical checks (http/canonical.ts): a getUser answer whose every field is already
// in its documented type skips zod. Keep in step with schemas.ts; test/vendors/http/canonical.test.ts
// fails when the two disagree.
import { codeOrAbsent, list, nonEmptyString, nullish, object, safeInt, string, textOrAbsent, type Canonical } from "../http/canonical.js";

const text = textOrAbsent;
const code = codeOrAbsent;

/** directoryEnvelopeSchema. */
export const canonicalEnvelope: Canonical = object({ errcode: safeInt, errmsg: nullish(string) });

/** directoryUserSchema. */
export const canonicalUser: Canonical = object({
  errcode: safeInt,
  errmsg: nullish(string),
  userid: nonEmptyString,
  name: text,
  department: nullish(list(safeInt)),
  position: text,
  mobile: text,
  gender: code,
  email: text,
  biz_mail: text,
  direct_leader: nullish(list(string)),
  avatar: text,
  telephone: text,
  alias: text,
  address: text,
  open_userid: text,
  main_department: code,
  status: code,
});
