// Subscriptions end to end: a real server (startServer with a config file, port 0) over real
// simulators, subscribed to over real SSE, the world changed through the simulators' HTTP knob
// (POST /__world). Each change must arrive exactly once with the vendor's values, nothing for
// what existed before, one poller per corp and stream whatever the number of clients, and no
// vendor call once the last client has left.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createClient, GraphClientError } from "../../src/client/createClient.js";
import { AccountStatusDocument } from "../../src/client/generated/graphql.js";
import { startServer, type RunningServer } from "../../src/server/startServer.js";
import { YUNZHONG_SESSION_TOKEN } from "../../src/simulators/credentials.js";
import { simulatorConfig } from "../../src/simulators/simulatorConfig.js";
import { startSimulators, type RunningSimulators } from "../../src/simulators/startSimulators.js";
import type { Logger } from "../../src/core/Logger.js";
import { subscribeSse, until, type SseSubscription } from "../helpers/sse.js";

const POLL_MS = 200;
const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().replace(".000Z", "Z");

let sim: RunningSimulators;
let server: RunningServer;
let dir: string;
const logs: { level: string; msg: string; obj: Record<string, unknown> }[] = [];
const logger: Logger = {
  debug: (obj, msg) => logs.push({ level: "debug", msg: msg ?? "", obj: obj as Record<string, unknown> }),
  info: (obj, msg) => logs.push({ level: "info", msg: msg ?? "", obj: obj as Record<string, unknown> }),
  warn: (obj, msg) => logs.push({ level: "warn", msg: msg ?? "", obj: obj as Record<string, unknown> }),
  error: (obj, msg) => logs.push({ level: "error", msg: msg ?? "", obj: obj as Record<string, unknown> }),
};
const open: SseSubscription[] = [];

beforeAll(async () => {
  sim = await startSimulators({ size: "small" });
  dir = mkdtempSync(join(tmpdir(), "wecom-graph-live-"));
  const file = join(dir, "config.json");
  writeFileSync(file, JSON.stringify({ ...simulatorConfig(sim.url, sim.dataset), live: { pollSeconds: POLL_MS / 1000 } }));
  server = await startServer({ env: { WECOM_GRAPH_CONFIG: file, PORT: "0" }, logger, deps: { retryBaseDelayMs: 1 } });
});

afterAll(async () => {
  await server?.close();
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  sim.reset();
  logs.length = 0;
});

afterEach(async () => {
  for (const s of open.splice(0)) s.close();
  // Every poller a test started has stopped before the next test resets the world.
  await until(() => count("live poller started") === count("live poller stopped"), "the pollers to stop");
});

const count = (msg: string, poller?: string) => logs.filter((l) => l.msg.startsWith(msg) && (poller === undefined || l.obj["poller"] === poller)).length;

async function subscribe(query: string, variables: Record<string, unknown> = {}, options = {}): Promise<SseSubscription> {
  const s = await subscribeSse(server.graphqlUrl, query, variables, options);
  open.push(s);
  expect(s.status).toBe(200);
  expect(s.contentType).toContain("text/event-stream");
  return s;
}

/** Until the poller of `key` has its baseline: changes from now on are events. */
const baseline = (key: string) => until(() => count("live poller took its baseline", key) >= 1, `${key}'s baseline`);

/** Until `calls()` has moved by `n`: n more vendor calls, i.e. that many more polls of a one-call poller. */
async function calls(read: () => number, n: number): Promise<void> {
  const start = read();
  await until(() => read() >= start + n, `${n} more vendor calls`);
}

async function world(change: unknown): Promise<any> {
  const res = await fetch(`${sim.url}/__world`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(change) });
  const body = (await res.json()) as any;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

const getList = () => sim.stats().yunzhong.getList;
const wechatList = () => sim.stats().yunzhenji["wechat/list"];

const ACCOUNTS = `subscription($corpId: String) { accountStatusChanged(corpId: $corpId) { wxid online lastLoginAt lastOfflineAt corp { corpId } } }`;
const ADDED = `subscription($corpId: String!) { customerAdded(corpId: $corpId) { externalUserId name status addedAt owner { userId name } } }`;
const LOST = `subscription($corpId: String!) { customerLost(corpId: $corpId) { externalUserId name status owner { userId } } }`;

describe("accountStatusChanged", () => {
  it("sends one event per flip of the corp's accounts, with the vendor's times, and nothing for the baseline or another corp", async () => {
    const [corp, other] = sim.dataset.corps.filter((c) => c.mapped);
    const mine = sim.dataset.accounts.find((a) => a.yzjCorpId === corp!.yzjCorpId && a.online === 1)!;
    const theirs = sim.dataset.accounts.find((a) => a.yzjCorpId === other!.yzjCorpId && a.online === 1)!;
    const s = await subscribe(ACCOUNTS, { corpId: corp!.corpId });
    await baseline("accountStatusChanged");
    await calls(wechatList, 2);
    expect(s.events).toEqual([]);

    const off = await world({ account: { wxid: mine.wxid, online: false } });
    await world({ account: { id: theirs.id, online: false } });
    expect(await s.next()).toEqual({
      data: { accountStatusChanged: { wxid: mine.wxid, online: false, lastLoginAt: iso(mine.lastLoginTime), lastOfflineAt: iso(off.account.lastOfflineTime), corp: { corpId: corp!.corpId } } },
    });
    const on = await world({ account: { id: mine.id, online: true } });
    expect(await s.next()).toEqual({
      data: { accountStatusChanged: { wxid: mine.wxid, online: true, lastLoginAt: iso(on.account.lastLoginTime), lastOfflineAt: iso(off.account.lastOfflineTime), corp: { corpId: corp!.corpId } } },
    });
    // A flip to the state it is already in changes nothing.
    expect((await world({ account: { id: mine.id, online: true } })).changed).toBe(false);
    await calls(wechatList, 3);
    expect(s.events).toHaveLength(2);
  });

  it("without corpId sends every corp's flips, over GET too (with the CSRF header a config file requires of a GET)", async () => {
    const stray = sim.dataset.corps.find((c) => !c.mapped)!;
    const account = sim.dataset.accounts.find((a) => a.yzjCorpId === stray.yzjCorpId && a.online === 0)!;
    const query = `subscription { accountStatusChanged { wxid online corp { corpId } } }`;
    // A browser's own EventSource cannot add the header, so on a configured graph it is refused before anything runs.
    const refused = await subscribeSse(server.graphqlUrl, query, {}, { method: "GET" });
    expect(refused.status).toBe(403);
    refused.close();
    const s = await subscribe(query, {}, { method: "GET", headers: { "x-graphql-yoga-csrf": "1" } });
    await baseline("accountStatusChanged");
    await world({ account: { id: account.id, online: true } });
    expect(await s.next()).toEqual({ data: { accountStatusChanged: { wxid: account.wxid, online: true, corp: { corpId: `yunzhenji:${stray.yzjCorpId}` } } } });
  });
});

describe("customerAdded and customerLost", () => {
  it("send one event per new follow row and per row turning LOST, old rows included, with the row's values", async () => {
    const corp = sim.dataset.corps.find((c) => c.mapped)!;
    const rows = sim.dataset.customerRows.filter((r) => r.corpId === corp.corpId);
    const owner = sim.dataset.employees.find((e) => e.corpId === corp.corpId && e.followUser && e.status === 1)!;
    // The graph shows an owner's userid as yunzhong spells it (sometimes lower case).
    // The corp's oldest normal row: far down both lists.
    const old = [...rows].reverse().find((r) => r.status === 1)!;
    const added = await subscribe(ADDED, { corpId: corp.corpId });
    const lost = await subscribe(LOST, { corpId: corp.corpId });
    await baseline(`customerAdded:${corp.corpId}`);
    await baseline(`customerLost:${corp.corpId}`);

    const made = await world({ customer: { add: { corpId: corp.corpId, ownerUserId: owner.userId.toUpperCase(), name: "测试客户" } } });
    expect(made.customer.id).toBe(Math.max(...sim.dataset.customerRows.map((r) => r.id)) + 1);
    expect(await added.next()).toEqual({
      data: { customerAdded: { externalUserId: made.customer.externalUserId, name: "测试客户", status: "NORMAL", addedAt: iso(made.customer.createtime), owner: { userId: owner.yunzhongUserId, name: owner.name } } },
    });

    await world({ customer: { lose: old.id } });
    expect(await lost.next()).toEqual({ data: { customerLost: { externalUserId: old.externalUserId, name: old.customer.name, status: "LOST", owner: { userId: old.userid } } } });
    // The new row, lost by its follow relation as a client sees it.
    await world({ customer: { lose: { externalUserId: made.customer.externalUserId, ownerUserId: owner.userId } } });
    expect(await lost.next()).toEqual({ data: { customerLost: { externalUserId: made.customer.externalUserId, name: "测试客户", status: "LOST", owner: { userId: owner.yunzhongUserId } } } });

    await calls(getList, 6);
    expect(added.events).toHaveLength(1);
    expect(lost.events).toHaveLength(2);
  });
});

describe("shared pollers", () => {
  it("two subscribers of one corp share one poller; it stops, and vendor calls stop, when both have left", async () => {
    const corp = sim.dataset.corps.find((c) => c.mapped)!;
    const owner = sim.dataset.employees.find((e) => e.corpId === corp.corpId && e.followUser)!;
    const key = `customerAdded:${corp.corpId}`;
    const a = await subscribe(ADDED, { corpId: corp.corpId });
    const b = await subscribe(ADDED, { corpId: corp.corpId });
    await baseline(key);
    expect(count("live poller started", key)).toBe(1);

    // One poller makes one getList call per poll, and the next poll starts POLL_MS after the last
    // one ended: two pollers would make about twice the calls in the same time.
    const before = getList();
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 6 * POLL_MS));
    const made = getList() - before;
    expect(made).toBeGreaterThanOrEqual(2);
    expect(made).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / POLL_MS) + 1);

    const row = (await world({ customer: { add: { corpId: corp.corpId, ownerUserId: owner.userId } } })).customer;
    const want = { data: { customerAdded: expect.objectContaining({ externalUserId: row.externalUserId, name: `新客户${row.id}`, status: "NORMAL" }) } };
    expect(await a.next()).toEqual(want);
    expect(await b.next()).toEqual(want);

    a.close();
    await calls(getList, 2);
    expect(count("live poller stopped", key)).toBe(0);
    b.close();
    await until(() => count("live poller stopped", key) === 1, "the poller to stop");
    const after = sim.stats();
    await new Promise((resolve) => setTimeout(resolve, 4 * POLL_MS));
    expect(sim.stats()).toEqual(after);
    expect(count("live poller started", key)).toBe(1);
  });
});

describe("failures", () => {
  it("a subscription to a corp that does not exist is BAD_USER_INPUT and ends", async () => {
    const s = await subscribe(ADDED, { corpId: "wwnosuchcorp" });
    const event = await s.next();
    expect(event.data).toBeUndefined();
    expect(event.errors).toEqual([expect.objectContaining({ message: 'corpId "wwnosuchcorp": no such corp (see Query.corps)', extensions: { code: "BAD_USER_INPUT" } })]);
    await until(() => s.ended, "the stream to end");
    expect(count("live poller started")).toBe(0);
  });

  it("a failing poll is skipped and logged; the change made meanwhile arrives once when the vendor answers again", async () => {
    const corp = sim.dataset.corps.filter((c) => c.mapped)[1]!;
    const row = sim.dataset.customerRows.find((r) => r.corpId === corp.corpId && r.status === 1)!;
    const key = `customerLost:${corp.corpId}`;
    const s = await subscribe(LOST, { corpId: corp.corpId });
    await baseline(key);
    sim.setKnobs({ yunzhong: { forceError: "noright" } });
    await world({ customer: { lose: row.id } });
    await calls(getList, 3);
    const failed = logs.filter((l) => l.level === "warn" && l.obj["poller"] === key);
    expect(failed.length).toBeGreaterThanOrEqual(2);
    expect(failed[0]!.obj).toEqual({ poller: key, code: "UPSTREAM_UNAUTHORIZED", vendor: "yunzhong", endpoint: "getList" });
    expect(failed[0]!.msg).toMatch(/^live poll failed, the next poll catches up: yunzhong getList/);
    expect(JSON.stringify(failed)).not.toContain(YUNZHONG_SESSION_TOKEN);
    expect(s.events).toEqual([]);
    expect(s.ended).toBe(false);

    sim.setKnobs({ yunzhong: { forceError: null } });
    expect(await s.next()).toEqual({ data: { customerLost: { externalUserId: row.externalUserId, name: row.customer.name, status: "LOST", owner: { userId: row.userid } } } });
    await calls(getList, 3);
    expect(s.events).toHaveLength(1);
  });
});

describe("the typed client", () => {
  it("subscribe() yields typed events over SSE; leaving the loop, or aborting, closes the stream and the poller stops", async () => {
    const corp = sim.dataset.corps.find((c) => c.mapped)!;
    const [first, second] = sim.dataset.accounts.filter((a) => a.yzjCorpId === corp.yzjCorpId && a.online === 1);
    const client = createClient({ endpoint: server.graphqlUrl });
    const stream = client.subscribe(AccountStatusDocument, { corpId: corp.corpId });
    const next = stream.next();
    await baseline("accountStatusChanged");
    await world({ account: { id: first!.id, online: false } });
    const { value } = await next;
    expect(value).toEqual({
      data: {
        accountStatusChanged: expect.objectContaining({ wxid: first!.wxid, nickname: first!.nickname, online: false, lastLoginAt: iso(first!.lastLoginTime), corp: { corpId: corp.corpId, name: corp.name } }),
      },
    });
    await stream.return();
    await until(() => count("live poller stopped") === 1, "the poller to stop");

    const controller = new AbortController();
    const got: string[] = [];
    const loop = (async () => {
      for await (const event of client.subscribe(AccountStatusDocument, { corpId: corp.corpId }, { signal: controller.signal })) got.push(event.data.accountStatusChanged.wxid);
    })();
    await until(() => count("live poller took its baseline") === 2, "the second poller's baseline");
    await world({ account: { id: second!.id, online: false } });
    await until(() => got.length === 1, "the event");
    controller.abort();
    await loop;
    expect(got).toEqual([second!.wxid]);
    await until(() => count("live poller stopped") === 2, "the poller to stop");
  });

  it("a subscription the server refuses throws GraphClientError with its code", async () => {
    const client = createClient({ endpoint: server.graphqlUrl });
    const error = await (async () => {
      for await (const _ of client.subscribe(AccountStatusDocument, { corpId: "wwnosuchcorp" })) return null;
      return null;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphClientError);
    expect((error as GraphClientError).codes).toEqual(["BAD_USER_INPUT"]);
    expect((error as GraphClientError).message).toBe('AccountStatus: corpId "wwnosuchcorp": no such corp (see Query.corps) [BAD_USER_INPUT]');
  });
});
