// schemas.ts as canonical checks (http/canonical.ts): a wechat/list page whose every field is
// already in its documented type skips zod. Keep in step with schemas.ts;
// test/vendors/http/canonical.test.ts fails when the two disagree.
import { intOrNull, list, nullable, nullish, object, safeInt, string, stringOrNull, type Canonical } from "../http/canonical.js";

/** groupIdSchema: an integer or a string as sent; a list is rewritten by the schema, so it is not canonical. */
const groupId: Canonical = (v) => v === null || typeof v === "string" || (typeof v === "number" && Number.isInteger(v));

/** onlineSchema: kept raw. */
const online: Canonical = (v) => v === null || typeof v === "boolean" || typeof v === "string" || (typeof v === "number" && Number.isFinite(v));

const corp = object({
  id: safeInt,
  name: stringOrNull,
  wxid: stringOrNull,
  remark: stringOrNull,
  legal_person_name: stringOrNull,
  legal_person_id: stringOrNull,
  ctime: intOrNull,
  utime: intOrNull,
  verify_type: intOrNull,
  short_name: stringOrNull,
});

const account = object({
  id: safeInt,
  wxid: string,
  nickname: stringOrNull,
  full_name: stringOrNull,
  wx_alias: stringOrNull,
  avatar: stringOrNull,
  mobile: stringOrNull,
  sub_user_id: intOrNull,
  group_id: groupId,
  corp_id: safeInt,
  online,
  last_login_time: intOrNull,
  last_offline_time: intOrNull,
  ctime: intOrNull,
  utime: intOrNull,
  corp: nullish(corp),
});

/** rawEnvelopeHeadSchema. */
export const canonicalEnvelopeHead: Canonical = object({ errcode: safeInt, message: stringOrNull, errmsg: stringOrNull });

/** rawWechatListSchema. */
export const canonicalWechatList: Canonical = object({
  errcode: safeInt,
  data: nullable(list(account)),
  pager: object({ page: safeInt, perPage: safeInt, numRecords: safeInt, numPages: safeInt, firstRecord: intOrNull, lastRecord: intOrNull }),
});
