// Changing the simulated world while it runs (POST /__world, `sims.world()`): an account going
// online or offline, a customer added or lost. Subscriptions are driven by polling the vendors,
// so tests and GraphiQL users need something to change. A change acts on the live copy of the
// world and keeps every vendor's view of it consistent: yunzhenji's online filter, login and
// offline times; yunzhong's new row ids (newest first), totals and the lost status. The seeded
// dataset itself is never touched, so /__reset can go back to it.
import { createHash } from "node:crypto";
import { z } from "zod";
import { toChinaTime, type Dataset, type SimAccount, type SimCustomerRow, type SimExternalContact } from "./dataset.js";

/** yunzhong's add_way code for a QR-code scan, the usual way a customer is added. */
const DEFAULT_ADD_WAY = 1;

const newCustomerSchema = z.strictObject({
  /** A mapped corp's WeCom corpid. */
  corpId: z.string().min(1),
  /** The employee who follows the customer (case-insensitive); must have customer-contact rights. */
  ownerUserId: z.string().min(1),
  /** An existing contact of the corp follows one more employee; absent: a new contact. */
  externalUserId: z.string().min(1).optional(),
  name: z.string().min(1).max(64).optional(),
  /** 1 a WeChat user, 2 a WeCom user. */
  externalType: z.union([z.literal(1), z.literal(2)]).optional(),
  addWay: z.number().int().min(0).optional(),
  remark: z.string().max(128).optional(),
  /** Tag ids (`et…`) from the corp's catalogue. */
  tagIds: z.array(z.string().min(1)).max(20).optional(),
});

// Records are named by the vendor's ids or by what the graph shows (wxid; external and owner userid).
const accountSchema = z.strictObject({ id: z.number().int().positive().optional(), wxid: z.string().min(1).optional(), online: z.boolean() });
const followSchema = z.strictObject({ externalUserId: z.string().min(1), ownerUserId: z.string().min(1) });

const changeSchema = z.strictObject({
  account: accountSchema.optional(),
  customer: z.strictObject({ add: newCustomerSchema.optional(), lose: z.union([z.number().int().positive(), followSchema]).optional() }).optional(),
});

export type NewCustomer = z.output<typeof newCustomerSchema>;
/** yunzhenji's account id, or its wxid. */
export type AccountRef = { id: number; wxid?: undefined } | { wxid: string; id?: undefined };
/** yunzhong's row id, or the follow relation (the customer's external userid and the owner's userid). */
export type RowRef = number | z.output<typeof followSchema>;

export type WorldChange =
  | { account: AccountRef & { online: boolean } }
  | { customer: { add: NewCustomer } }
  | { customer: { lose: RowRef } };

/** What a change did; `changed` is false when the world already was that way (nothing happened). */
export type WorldResult = { changed: boolean; account: SimAccount } | { changed: boolean; customer: SimCustomerRow };

export class WorldError extends Error {
  override readonly name = "WorldError";
}

/** Validates a change from outside; the message names the bad key path or the unknown record. */
export function parseWorldChange(input: unknown): WorldChange {
  const parsed = changeSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue && issue.path.length > 0 ? issue.path.join(".") : "(root)";
    throw new WorldError(`bad world change at ${path}: ${issue?.message ?? "invalid"}`);
  }
  const { account, customer } = parsed.data;
  const kinds = [account ? "account" : null, customer?.add ? "customer.add" : null, customer?.lose !== undefined ? "customer.lose" : null].filter((k) => k !== null);
  if (kinds.length !== 1) {
    throw new WorldError(`a world change is exactly one of account, customer.add or customer.lose; got ${kinds.length === 0 ? "none" : kinds.join(" and ")}`);
  }
  if (account) {
    if ((account.id === undefined) === (account.wxid === undefined)) throw new WorldError("account: name the account by exactly one of id (yunzhenji's) or wxid");
    return { account: account.id !== undefined ? { id: account.id, online: account.online } : { wxid: account.wxid as string, online: account.online } };
  }
  if (customer?.add) return { customer: { add: customer.add } };
  return { customer: { lose: customer?.lose as RowRef } };
}

/**
 * Applies a (parsed) change to `world` in place at `now` (unix seconds) and returns a copy of the
 * record it touched. Throws WorldError for an account, row, corp, employee or tag the world lacks.
 */
export function applyWorldChange(world: Dataset, change: WorldChange, now: number): WorldResult {
  if ("account" in change) return setOnline(world, change.account, change.account.online, now);
  if ("add" in change.customer) return addCustomer(world, change.customer.add, now);
  return loseCustomer(world, change.customer.lose);
}

function setOnline(world: Dataset, ref: AccountRef, online: boolean, now: number): WorldResult {
  const account = ref.id !== undefined ? world.accounts.find((a) => a.id === ref.id) : world.accounts.find((a) => a.wxid === ref.wxid);
  if (!account) throw new WorldError(ref.id !== undefined ? `account.id: no yunzhenji account ${ref.id}` : `account.wxid: no yunzhenji account with wxid ${JSON.stringify(ref.wxid)}`);
  const state = online ? 1 : 0;
  if (account.online === state) return { changed: false, account: structuredClone(account) };
  account.online = state;
  // yunzhenji stamps the login or the logout, and the row's update time with it.
  if (online) account.lastLoginTime = now;
  else account.lastOfflineTime = now;
  account.utime = now;
  return { changed: true, account: structuredClone(account) };
}

function loseCustomer(world: Dataset, ref: RowRef): WorldResult {
  const row =
    typeof ref === "number"
      ? world.customerRows.find((r) => r.id === ref)
      : world.customerRows.find((r) => r.externalUserId === ref.externalUserId && r.ownerUserId.toLowerCase() === ref.ownerUserId.toLowerCase());
  if (!row) {
    throw new WorldError(typeof ref === "number" ? `customer.lose: no yunzhong customer row ${ref}` : `customer.lose: ${ref.externalUserId} does not follow ${ref.ownerUserId} at yunzhong`);
  }
  if (row.status === -1) return { changed: false, customer: structuredClone(row) };
  // The contact deleted the employee: yunzhong keeps the row and marks it lost (docs/vendors/yunzhong.md, Rows).
  row.status = -1;
  return { changed: true, customer: structuredClone(row) };
}

function addCustomer(world: Dataset, spec: NewCustomer, now: number): WorldResult {
  const corp = world.corps.find((c) => c.corpId === spec.corpId && c.mapped);
  if (!corp) throw new WorldError(`customer.add.corpId: no corp ${JSON.stringify(spec.corpId)} at yunzhong`);
  const wanted = spec.ownerUserId.toLowerCase();
  const owner = world.employees.find((e) => e.corpId === corp.corpId && e.userId.toLowerCase() === wanted);
  if (!owner) throw new WorldError(`customer.add.ownerUserId: no employee ${JSON.stringify(spec.ownerUserId)} in corp ${corp.corpId}`);
  if (!owner.followUser) throw new WorldError(`customer.add.ownerUserId: ${owner.userId} has no customer-contact rights (followUser), so WeCom lets them follow no customer`);
  const catalogue = world.tags.filter((t) => t.corpId === corp.corpId);
  const tags = (spec.tagIds ?? []).map((tagId) => {
    const tag = catalogue.find((t) => t.tagId === tagId);
    if (!tag) throw new WorldError(`customer.add.tagIds: no tag ${JSON.stringify(tagId)} in corp ${corp.corpId}'s catalogue`);
    return tag;
  });

  // Auto-increment ids, as yunzhong's tables hand them out: a new row is the newest everywhere.
  const rowId = highest(world.customerRows, (r) => r.id) + 1;
  let contact: SimExternalContact | undefined;
  if (spec.externalUserId !== undefined) {
    contact = world.customerRows.find((r) => r.corpId === corp.corpId && r.externalUserId === spec.externalUserId)?.customer;
    if (!contact) throw new WorldError(`customer.add.externalUserId: no contact ${JSON.stringify(spec.externalUserId)} in corp ${corp.corpId}; leave it out to add a new contact`);
    if (spec.name !== undefined || spec.externalType !== undefined) throw new WorldError("customer.add: name and externalType describe a new contact; an existing one (externalUserId) keeps its own");
    if (world.customerRows.some((r) => r.corpId === corp.corpId && r.externalUserId === spec.externalUserId && r.ownerUserId === owner.userId)) {
      throw new WorldError(`customer.add: ${spec.externalUserId} already follows ${owner.userId}`);
    }
  } else {
    const externalType = spec.externalType ?? 1;
    const contactId = highest(world.customerRows, (r) => r.customer.id) + 1;
    const digest = createHash("sha256").update(`${world.seed}/${corp.corpId}/${rowId}`).digest("hex");
    const externalUserId = `${externalType === 2 ? "wo" : "wm"}${digest.slice(0, 30)}`;
    contact = {
      id: contactId,
      externalUserId,
      name: spec.name ?? `新客户${rowId}`,
      avatar: `http://wx.qlogo.cn/mmhead/${digest.slice(30, 62)}/0`,
      externalType,
      gender: 0,
      unionid: "",
      position: "",
      corpName: "",
      corpFullName: "",
      externalProfile: "null",
      uid: 0,
    };
  }
  const row: SimCustomerRow = {
    id: rowId,
    corpId: corp.corpId,
    uniacid: corp.uniacid,
    cropId: corp.cropId,
    userid: owner.yunzhongUserId,
    ownerUserId: owner.userId,
    externalUserId: contact.externalUserId,
    remark: spec.remark ?? "",
    description: "",
    remarkCorpName: "",
    remarkMobiles: [],
    operUserid: owner.yunzhongUserId,
    tagIds: tags.map((t) => t.tagId),
    tagNames: tags.map((t) => t.name),
    createtime: now,
    addWay: spec.addWay ?? DEFAULT_ADD_WAY,
    status: 1,
    createdAt: toChinaTime(now),
    customer: contact,
    embedsEmployee: true,
  };
  // The dataset keeps yunzhong's order, newest id first.
  world.customerRows.unshift(row);
  return { changed: true, customer: structuredClone(row) };
}

/** The largest id among the rows, 0 for none (a spread into Math.max overflows the stack past ~100k rows). */
function highest<T>(rows: readonly T[], id: (row: T) => number): number {
  let max = 0;
  for (const row of rows) max = Math.max(max, id(row));
  return max;
}
