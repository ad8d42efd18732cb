// YunzhongClient against the real yunzhong simulator: exact values from the seeded dataset, every
// filter pushed down, every failure mode the simulator can produce, and no secret anywhere.
import { afterAll, describe, expect, it } from "vitest";
import type { CustomerTag, EmployeeFacts, ExternalCustomer } from "../../../src/domain/types.js";
import { SIM_CREDENTIALS, YUNZHONG_SESSION_TOKEN } from "../../../src/simulators/credentials.js";
import type { SimCorp, SimCustomerRow, SimEmployee, SimTag } from "../../../src/simulators/dataset.js";
import type { YunzhongSearch } from "../../../src/vendors/yunzhong/searchParams.js";
import { YunzhongClient, type YunzhongClientOptions } from "../../../src/vendors/yunzhong/YunzhongClient.js";
import { captureLogger } from "../../helpers/captureLogger.js";
import { expectNoSecrets, failureCollector, fastClock, HTTP_FAULTS, simulatorsForFile, type FaultCase } from "../../helpers/vendors.js";
import { orNull } from "../../helpers/expectedGraph.js";

const sim = await simulatorsForFile();
const logger = captureLogger();
const clock = fastClock();
/** Every error of this file, checked for the session once more at the end. */
const { failure, errors } = failureCollector();

function client(extra: Partial<YunzhongClientOptions> = {}): YunzhongClient {
  return new YunzhongClient({ baseUrl: `${sim.url}/yunzhong`, headers: { ...SIM_CREDENTIALS.yunzhong.headers }, logger, clock, ...extra });
}

async function all(c: YunzhongClient, uniacid: number, search?: YunzhongSearch): Promise<ExternalCustomer[]> {
  const out: ExternalCustomer[] = [];
  for await (const row of c.customers({ uniacid, ...(search ? { search } : {}) })) out.push(row);
  return out;
}

// An oracle independent of src/domain: the contract's tables, written out.
const ADD_WAYS: Record<number, string> = {
  0: "UNKNOWN", 1: "QR_CODE", 2: "MOBILE_SEARCH", 3: "BUSINESS_CARD", 4: "GROUP_CHAT", 5: "PHONE_CONTACTS", 6: "WECHAT_CONTACT",
  7: "WECHAT_FRIEND_REQUEST", 8: "AUTO_ADDED_SERVICE", 9: "EMAIL_SEARCH", 10: "WECHAT_CHANNELS", 11: "SCHEDULE", 12: "MEETING",
  13: "LINKED_WECHAT_FRIEND", 14: "SMART_HARDWARE", 15: "ON_SITE_SERVICE", 16: "ACQUISITION_LINK", 17: "CUSTOM_DEVELOPMENT",
  18: "REQUIREMENT_REPLY", 21: "THIRD_PARTY_PRESALES", 22: "POSSIBLE_PARTNER", 24: "WECHAT_ACCOUNT_FRIEND_REQUEST",
  201: "SHARED_BY_MEMBER", 202: "ASSIGNED_BY_ADMIN",
};
const GENDERS = ["UNSPECIFIED", "MALE", "FEMALE"];
const STATUSES: Record<number, string> = { 1: "ACTIVE", 2: "DISABLED", 4: "INACTIVE", 5: "LEFT" };

let indexed: { tags: Map<string, SimTag>; owners: Map<string, SimEmployee> } | null = null;
function index() {
  indexed ??= {
    tags: new Map(sim.dataset.tags.map((t) => [`${t.corpId}/${t.tagId}`, t])),
    owners: new Map(sim.dataset.employees.map((e) => [`${e.corpId}/${e.userId}`, e])),
  };
  return indexed;
}

function expectedCustomer(row: SimCustomerRow): ExternalCustomer {
  const owner = index().owners.get(`${row.corpId}/${row.ownerUserId}`);
  if (!owner) throw new Error(`no owner for row ${row.id}`);
  const c = row.customer;
  const ownerFacts: EmployeeFacts = {
    source: "yunzhong",
    userId: owner.yunzhongUserId,
    name: owner.name,
    mobile: owner.mobile,
    mobileKey: owner.mobile,
    email: orNull(owner.email),
    position: orNull(owner.position),
    gender: GENDERS[owner.gender] as EmployeeFacts["gender"],
    status: STATUSES[owner.status] as EmployeeFacts["status"],
    avatarUrl: owner.avatar,
  };
  return {
    rowId: row.id,
    uniacid: row.uniacid,
    cropId: row.cropId,
    externalUserId: row.externalUserId,
    name: orNull(c.name),
    avatarUrl: orNull(c.avatar),
    type: c.externalType === 1 ? "WECHAT" : c.externalType === 2 ? "WECOM" : "UNKNOWN",
    gender: GENDERS[c.gender] as ExternalCustomer["gender"],
    corpName: orNull(c.corpName),
    corpFullName: orNull(c.corpFullName),
    remark: orNull(row.remark),
    description: orNull(row.description),
    remarkCorpName: orNull(row.remarkCorpName),
    remarkMobiles: row.remarkMobiles,
    addWay: (ADD_WAYS[row.addWay] ?? "UNKNOWN") as ExternalCustomer["addWay"],
    addWayCode: row.addWay,
    addedAt: new Date(row.createtime * 1000),
    syncedAt: new Date(`${row.createdAt.replace(" ", "T")}+08:00`),
    status: row.status === -1 ? "LOST" : "NORMAL",
    tagIds: row.tagIds,
    tags: row.tagIds.map((id, i): CustomerTag => {
      const t = index().tags.get(`${row.corpId}/${id}`);
      return t ? { id, name: t.name, groupId: t.groupId, groupName: t.groupName } : { id, name: row.tagNames[i] as string, groupId: null, groupName: null };
    }),
    ownerUserId: row.userid,
    addedByUserId: orNull(row.operUserid),
    ownerFacts: row.embedsEmployee ? ownerFacts : null,
  };
}

const mappedCorps = (): SimCorp[] => sim.dataset.corps.filter((c) => c.mapped);
const rowsOf = (uniacid: number, keep: (r: SimCustomerRow) => boolean = () => true) =>
  sim.dataset.customerRows.filter((r) => r.uniacid === uniacid && keep(r));

describe("yunzhong getList on the simulator", () => {
  it("serves a first page the server cut at per_page 15, with the corp's catalogues", async () => {
    const corp = mappedCorps()[0] as SimCorp;
    const expected = rowsOf(corp.uniacid);
    const page = await client().listCustomersPage({ uniacid: corp.uniacid, page: 1 });
    expect(page).toMatchObject({ page: 1, perPage: 15, total: expected.length, lastPage: Math.ceil(expected.length / 15) });
    expect(page.rows).toEqual(expected.slice(0, 15).map(expectedCustomer));
    const corpTags = sim.dataset.tags.filter((t) => t.corpId === corp.corpId);
    expect(page.tags).toEqual(corpTags.map((t) => ({ id: t.tagId, name: t.name, groupId: t.groupId, groupName: t.groupName })));
    expect(page.employees).toEqual(
      sim.dataset.employees.filter((e) => e.corpId === corp.corpId && e.followUser).map((e) => ({ userId: e.yunzhongUserId, name: e.name })),
    );
    const last = await client().listCustomersPage({ uniacid: corp.uniacid, page: page.lastPage });
    expect(last.rows).toEqual(expected.slice((page.lastPage - 1) * 15).map(expectedCustomer));
  });

  it("iterates every corp's customers exactly once, in the vendor's order, with exact values", async () => {
    const c = client();
    let requests = 0;
    for (const corp of mappedCorps()) {
      const expected = rowsOf(corp.uniacid);
      // The server's per_page does not divide the total, so the last page is a short one.
      expect(expected.length % 15).not.toBe(0);
      const got = await all(c, corp.uniacid);
      expect(got).toHaveLength(expected.length);
      expect(new Set(got.map((r) => r.rowId)).size).toBe(expected.length);
      expect(got[0]).toEqual(expectedCustomer(expected[0] as SimCustomerRow));
      expect(got.at(-1)).toEqual(expectedCustomer(expected.at(-1) as SimCustomerRow));
      expect(got).toEqual(expected.map(expectedCustomer));
      requests += Math.ceil(expected.length / 15);
    }
    // One request per page: nothing past last_page.
    expect(sim.stats().yunzhong.getList).toBe(requests);
  });

  it("maps rows without has_one_employee to ownerFacts null, and keeps tags deleted from the catalogue", async () => {
    const noEmployee = sim.dataset.customerRows.filter((r) => !r.embedsEmployee);
    const deletedTag = sim.dataset.customerRows.filter((r) => r.tagNames.includes("已删除标签"));
    expect(noEmployee.length).toBeGreaterThan(0);
    expect(deletedTag.length).toBeGreaterThan(0);
    for (const row of [noEmployee[0], deletedTag[0]] as SimCustomerRow[]) {
      const got = (await all(client(), row.uniacid, { customer: row.externalUserId })).find((r) => r.rowId === row.id);
      expect(got).toEqual(expectedCustomer(row));
    }
    const got = (await all(client(), (noEmployee[0] as SimCustomerRow).uniacid, { customer: (noEmployee[0] as SimCustomerRow).externalUserId })).find(
      (r) => r.rowId === (noEmployee[0] as SimCustomerRow).id,
    );
    expect(got?.ownerFacts).toBeNull();
    const deleted = (deletedTag[0] as SimCustomerRow).tagIds.at(-1) as string;
    const withDeleted = (await all(client(), (deletedTag[0] as SimCustomerRow).uniacid, { tagId: deleted }))[0];
    expect(withDeleted?.tags.at(-1)).toEqual({ id: deleted, name: "已删除标签", groupId: null, groupName: null });
  });

  it("keeps going when the server changes its page size", async () => {
    sim.setKnobs({ yunzhong: { perPage: 7 } });
    const corp = mappedCorps()[1] as SimCorp;
    const got = await all(client(), corp.uniacid);
    expect(got.map((r) => r.rowId)).toEqual(rowsOf(corp.uniacid).map((r) => r.id));
    expect(sim.stats().yunzhong.getList).toBe(Math.ceil(got.length / 7));
  });
});

describe("yunzhong filters pushed down", () => {
  const corp = () => mappedCorps()[0] as SimCorp;
  const cases: [string, (c: SimCorp) => { search: YunzhongSearch; keep: (r: SimCustomerRow) => boolean }][] = [
    ["customer (name substring)", () => ({ search: { customer: "Abe" }, keep: (r) => r.customer.name.includes("Abe") || r.externalUserId.includes("Abe") })],
    [
      "customer (external userid)",
      (c) => {
        const ext = rowsOf(c.uniacid)[5]?.externalUserId as string;
        return { search: { customer: ext }, keep: (r) => r.externalUserId.includes(ext) || r.customer.name.includes(ext) };
      },
    ],
    [
      "member",
      (c) => {
        const uid = rowsOf(c.uniacid).find((r) => r.customer.uid > 0)?.customer.uid as number;
        return { search: { member: uid }, keep: (r) => r.customer.uid === uid };
      },
    ],
    ["addWayType", () => ({ search: { addWayType: 201 }, keep: (r) => r.addWay === 201 })],
    ["addWayType 0", () => ({ search: { addWayType: 0 }, keep: (r) => r.addWay === 0 })],
    [
      "tagId",
      (c) => {
        const tag = sim.dataset.tags.find((t) => t.corpId === c.corpId)?.tagId as string;
        return { search: { tagId: tag }, keep: (r) => r.tagIds.includes(tag) };
      },
    ],
    [
      "employeeUserId, in another case",
      (c) => {
        const owner = rowsOf(c.uniacid)[0]?.ownerUserId as string;
        return { search: { employeeUserId: owner.toUpperCase() }, keep: (r) => r.ownerUserId.toLowerCase() === owner.toLowerCase() };
      },
    ],
    ["type", () => ({ search: { type: 2 }, keep: (r) => r.customer.externalType === 2 })],
    ["status -1", () => ({ search: { status: -1 }, keep: (r) => r.status === -1 })],
    ["status 1", () => ({ search: { status: 1 }, keep: (r) => r.status === 1 })],
    ["addedFrom..addedTo (inclusive)", (c) => {
      const times = rowsOf(c.uniacid).map((r) => r.createtime).sort((a, b) => a - b);
      const from = times[100] as number;
      const to = times[400] as number;
      return { search: { addedFrom: from, addedTo: to }, keep: (r) => r.createtime >= from && r.createtime <= to };
    }],
    ["addedFrom only", (c) => {
      const from = rowsOf(c.uniacid).map((r) => r.createtime).sort((a, b) => a - b)[1000] as number;
      return { search: { addedFrom: from }, keep: (r) => r.createtime >= from };
    }],
    ["addedTo only", (c) => {
      const to = rowsOf(c.uniacid).map((r) => r.createtime).sort((a, b) => a - b)[50] as number;
      return { search: { addedTo: to }, keep: (r) => r.createtime <= to };
    }],
    ["remark", () => ({ search: { remark: "VIP" }, keep: (r) => r.remark.includes("VIP") })],
    ["several at once", () => ({ search: { status: 1, type: 1, remark: "-老客户" }, keep: (r) => r.status === 1 && r.customer.externalType === 1 && r.remark.includes("-老客户") })],
  ];

  it.each(cases)("%s equals the same filter over the dataset", async (_name, make) => {
    const { search, keep } = make(corp());
    const expected = rowsOf(corp().uniacid, keep);
    // A filter that matches everything or nothing would not show that it was sent.
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(rowsOf(corp().uniacid).length);
    const got = await all(client(), corp().uniacid, search);
    expect(got.map((r) => r.rowId)).toEqual(expected.map((r) => r.id));
    expect(got).toEqual(expected.map(expectedCustomer));
  });

  it("returns one empty page for a filter that matches nothing", async () => {
    const pages = [];
    for await (const p of client().pages({ uniacid: corp().uniacid, search: { customer: "no such customer" } })) pages.push(p);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ rows: [], total: 0, page: 1 });
    expect(sim.stats().yunzhong.getList).toBe(1);
  });
});

describe("yunzhong failures on the simulator", () => {
  const uniacid = () => (mappedCorps()[0] as SimCorp).uniacid;

  it("a missing session is UPSTREAM_UNAUTHORIZED (请先登录), not retried", async () => {
    const error = await failure(client({ headers: {} }).listCustomersPage({ uniacid: uniacid(), page: 1 }));
    expect(error).toMatchObject({ code: "UPSTREAM_UNAUTHORIZED", vendorMessage: "请先登录", retryable: false });
    expect(sim.stats().yunzhong.getList).toBe(1);
  });

  it("a wrong session is UPSTREAM_UNAUTHORIZED (请先登录)", async () => {
    const error = await failure(client({ headers: { Cookie: "laravel_session=not-the-session" } }).listCustomersPage({ uniacid: uniacid(), page: 1 }));
    expect(error).toMatchObject({ code: "UPSTREAM_UNAUTHORIZED", vendorMessage: "请先登录" });
  });

  it("a uniacid the session does not manage is UPSTREAM_UNAUTHORIZED (无权管理该企业)", async () => {
    const error = await failure(client().listCustomersPage({ uniacid: 999, page: 1 }));
    expect(error).toMatchObject({ code: "UPSTREAM_UNAUTHORIZED", vendorMessage: "无权管理该企业" });
    expect(error.message).toContain("无权管理该企业");
  });

  it.each<FaultCase>([
    ["login", "UPSTREAM_UNAUTHORIZED", 1],
    ["noright", "UPSTREAM_UNAUTHORIZED", 1],
    ...HTTP_FAULTS,
  ])("forceError %s -> %s after %i request(s)", async (fault, code, requests) => {
    sim.setKnobs({ yunzhong: { forceError: fault } });
    const error = await failure(client().listCustomersPage({ uniacid: uniacid(), page: 1 }));
    expect(error.code).toBe(code);
    expect(error.vendor).toBe("yunzhong");
    expect(sim.stats().yunzhong.getList).toBe(requests);
  });

  it("recovers when two transient failures are followed by success (3 requests)", async () => {
    sim.setKnobs({ yunzhong: { failNext: 2 } });
    const page = await client().listCustomersPage({ uniacid: uniacid(), page: 1 });
    expect(page.rows.map((r) => r.rowId)).toEqual(rowsOf(uniacid()).slice(0, 15).map((r) => r.id));
    expect(sim.stats().yunzhong.getList).toBe(3);
  });

  it("gives up after two retries (3 requests)", async () => {
    sim.setKnobs({ yunzhong: { failNext: 3 } });
    const error = await failure(client().listCustomersPage({ uniacid: uniacid(), page: 1 }));
    expect(error).toMatchObject({ code: "UPSTREAM_ERROR", status: 500, retryable: true });
    expect(sim.stats().yunzhong.getList).toBe(3);
  });

  it("honours retries: 0", async () => {
    sim.setKnobs({ yunzhong: { failNext: 1 } });
    await failure(client({ retries: 0 }).listCustomersPage({ uniacid: uniacid(), page: 1 }));
    expect(sim.stats().yunzhong.getList).toBe(1);
  });

  it("a silent server is UPSTREAM_TIMEOUT after timeoutMs", async () => {
    sim.setKnobs({ yunzhong: { timeout: true } });
    const started = Date.now();
    const error = await failure(client({ timeoutMs: 100, retries: 0 }).listCustomersPage({ uniacid: uniacid(), page: 1 }));
    expect(error.code).toBe("UPSTREAM_TIMEOUT");
    expect(error.message).toContain("100 ms");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(sim.stats().yunzhong.getList).toBe(1);
  });

  it("a rate limit is UPSTREAM_RATE_LIMITED and not retried", async () => {
    sim.setKnobs({ yunzhong: { rateLimitPerMinute: 2 } });
    const c = client();
    await c.listCustomersPage({ uniacid: uniacid(), page: 1 });
    await c.listCustomersPage({ uniacid: uniacid(), page: 2 });
    const error = await failure(c.listCustomersPage({ uniacid: uniacid(), page: 3 }));
    expect(error).toMatchObject({ code: "UPSTREAM_RATE_LIMITED", status: 429, retryable: false });
    expect(sim.stats().yunzhong.getList).toBe(3);
  });

  it("a truncated body (malformedJson) is UPSTREAM_ERROR saying so", async () => {
    sim.setKnobs({ yunzhong: { malformedJson: true } });
    const error = await failure(client().listCustomersPage({ uniacid: uniacid(), page: 1 }));
    expect(error.code).toBe("UPSTREAM_ERROR");
    expect(error.message).toMatch(/malformed JSON/);
  });

  it("an iterator surfaces a failure in the middle of the list", async () => {
    const c = client({ retries: 0 });
    const seen: number[] = [];
    const error = await failure(
      (async () => {
        for await (const row of c.customers({ uniacid: uniacid() })) {
          seen.push(row.rowId);
          if (seen.length === 15) sim.setKnobs({ yunzhong: { forceError: "noright" } });
        }
      })(),
    );
    expect(seen).toHaveLength(15);
    expect(error.code).toBe("UPSTREAM_UNAUTHORIZED");
  });
});

afterAll(() => {
  // Every error and every log line of this file, checked for the session once more.
  expect(errors.length).toBeGreaterThan(10);
  for (const error of errors) {
    expectNoSecrets([error.message, JSON.stringify(error), String(error.vendorMessage), String(error.stack)], [YUNZHONG_SESSION_TOKEN]);
  }
  expect(logger.lines.length).toBeGreaterThan(0);
  expectNoSecrets(logger.texts(), [YUNZHONG_SESSION_TOKEN]);
});
