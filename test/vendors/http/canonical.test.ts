// decode()'s fast path (src/vendors/http/canonical.ts) is only sound if a canonical check accepts
// nothing its zod schema would reject or rewrite. Every vendor's checks are held to that here, on
// the simulators' real pages, the vendors' own samples, and those payloads mutated at every field
// into every kind of JSON value; and the real pages must take the fast path, or it buys nothing.
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { SIM_CREDENTIALS } from "../../../src/simulators/credentials.js";
import type { Canonical } from "../../../src/vendors/http/canonical.js";
import { canonicalEnvelope as directoryEnvelope, canonicalUser } from "../../../src/vendors/directory/canonical.js";
import { directoryEnvelopeSchema, directoryUserSchema } from "../../../src/vendors/directory/schemas.js";
import { canonicalEnvelopeHead, canonicalWechatList } from "../../../src/vendors/yunzhenji/canonical.js";
import { rawEnvelopeHeadSchema, rawWechatListSchema } from "../../../src/vendors/yunzhenji/schemas.js";
import { canonicalEnvelope as yunzhongEnvelope, canonicalListResponse } from "../../../src/vendors/yunzhong/canonical.js";
import { yunzhongEnvelopeSchema, yunzhongListResponseSchema } from "../../../src/vendors/yunzhong/schemas.js";
import { simulatorsForFile } from "../../helpers/vendors.js";

const sim = await simulatorsForFile();
afterAll(() => sim.close());

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), "utf8"));

async function json(path: string, init: RequestInit = {}): Promise<any> {
  const res = await fetch(`${sim.url}${path}`, init);
  return res.json();
}

/** `output` is `raw` with, at most, keys the schema does not declare left out. */
function within(output: unknown, raw: unknown, path = "$"): string | null {
  if (Object.is(output, raw)) return null;
  if (typeof output !== "object" || output === null || typeof raw !== "object" || raw === null || Array.isArray(output) !== Array.isArray(raw)) {
    return `${path}: the schema outputs ${JSON.stringify(output)} for ${JSON.stringify(raw)}`;
  }
  if (Array.isArray(output) && output.length !== (raw as unknown[]).length) return `${path}: length differs`;
  for (const key of Object.keys(output)) {
    const found = within((output as Record<string, unknown>)[key], (raw as Record<string, unknown>)[key], `${path}.${key}`);
    if (found) return found;
  }
  return null;
}

/** Null when `canonical` is sound on `value`: it rejects it, or the schema outputs it unchanged. */
function unsound(schema: z.ZodType, canonical: Canonical, value: unknown): string | null {
  if (!canonical(value)) return null;
  const parsed = schema.safeParse(value);
  if (!parsed.success) return `accepted what the schema rejects: ${parsed.error.issues[0]?.message} at ${parsed.error.issues[0]?.path.join(".")}`;
  return within(parsed.data, value);
}

const PROBES: unknown[] = [undefined, null, "", " ", "0", "12", "-3", "1.5", "abc", 0, 1, -1, 1.5, 2 ** 53, true, false, {}, [], ["a"], [1], ["1"], { "0": "a" }, { a: 1 }];

/** Every path into a JSON value: the root, each key of each object and each index of each array. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function mutated(value: unknown, path: (string | number)[], probe: unknown): unknown {
  if (path.length === 0) return probe;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (rest.length === 0 && probe === undefined) delete copy[head];
  else copy[head] = mutated(copy[head], rest, probe);
  return copy;
}

/** Every mutation of `sample` at every path into every probe: the check stays sound on each. */
function expectSoundUnderMutation(schema: z.ZodType, canonical: Canonical, sample: unknown, extraKeys: (string | number)[][] = []): number {
  let accepted = 0;
  for (const path of [...paths(sample), ...extraKeys]) {
    for (const probe of PROBES) {
      const value = mutated(sample, path, probe);
      const problem = unsound(schema, canonical, value);
      if (problem) throw new Error(`at ${path.join(".") || "(root)"} = ${JSON.stringify(probe)}: ${problem}`);
      if (canonical(value)) accepted++;
    }
  }
  return accepted;
}

async function yunzhongPage(page = 1): Promise<any> {
  const corp = sim.dataset.corps.find((c) => c.mapped)!;
  return json(`/yunzhong/business/${corp.uniacid}/plugin/WechatCustomers/getList?page=${page}`, { headers: SIM_CREDENTIALS.yunzhong.headers });
}

async function yunzhenjiPages(): Promise<any[]> {
  const { appId, appSecret } = SIM_CREDENTIALS.yunzhenji;
  const token = (await json("/yunzhenji/oauth/token", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ app_id: appId, app_secret: appSecret, grant_type: "client_credentials" }) })).data.access_token;
  const pages = [];
  for (let page = 1; ; page++) {
    const body = await json(`/yunzhenji/wechat/list?app_id=${appId}&access_token=${token}&page=${page}&page_size=100`);
    pages.push(body);
    if (page >= body.pager.numPages) return pages;
  }
}

async function directoryUsers(n: number): Promise<any[]> {
  const users = sim.dataset.employees.slice(0, n).map((e) => ({ corpId: e.corpId, userid: e.userId }));
  users.push({ corpId: sim.dataset.employees[0]!.corpId, userid: "nobody-here" });
  return Promise.all(
    users.map((u) => json("/directory/api/v1/getUser", { method: "POST", headers: { ...SIM_CREDENTIALS.directory.headers, "content-type": "application/json" }, body: JSON.stringify(u) })),
  );
}

/** A smaller copy of a yunzhong page (two rows, two tags), so that mutating it field by field stays quick. */
function trimmed(page: any): any {
  return { ...page, data: { ...page.data, data: page.data.data.slice(0, 2), tag: page.data.tag.slice(0, 2), employee: page.data.employee.slice(0, 2) } };
}

describe("canonical checks: decode's fast path never takes a payload its schema would reject or rewrite", () => {
  it("yunzhong getList: the simulator's pages take the fast path; every mutation of one is judged soundly", async () => {
    const pages = await Promise.all([1, 2, 3].map((p) => yunzhongPage(p)));
    for (const page of pages) {
      expect(canonicalListResponse(page)).toBe(true);
      expect(unsound(yunzhongListResponseSchema, canonicalListResponse, page)).toBeNull();
      expect(yunzhongEnvelope(page)).toBe(true);
    }
    const sample = trimmed(pages[0]);
    // A row without the optional keys too, so that their absence is probed as well.
    const accepted = expectSoundUnderMutation(yunzhongListResponseSchema, canonicalListResponse, sample, [["data", "data", 0, "uniacid"], ["data", "tag", 0, "id"]]);
    expect(accepted).toBeGreaterThan(100);
    expectSoundUnderMutation(yunzhongEnvelopeSchema, yunzhongEnvelope, { result: 0, msg: "请先登录", data: [] });
  });

  it("yunzhong getList: an embedded member with a key the schema drops and a mapper reads (department) goes through zod", async () => {
    const page = trimmed(await yunzhongPage(1));
    const row = page.data.data.find((r: any) => r.has_one_employee);
    row.has_one_employee.department = "1,2";
    expect(canonicalListResponse(page)).toBe(false);
    const parsed = yunzhongListResponseSchema.parse(page) as any;
    expect(parsed.data.data.find((r: any) => r.id === row.id).has_one_employee).not.toHaveProperty("department");
  });

  it("yunzhong's own sample and error sample are judged soundly", () => {
    for (const name of ["yunzhong-getlist-sample.json", "yunzhong-getlist-error-sample.json"]) {
      const body = fixture(name);
      expect(unsound(yunzhongListResponseSchema, canonicalListResponse, body)).toBeNull();
      expect(unsound(yunzhongEnvelopeSchema, yunzhongEnvelope, body)).toBeNull();
    }
  });

  it("yunzhenji wechat/list: the simulator's pages take the fast path; every mutation of one is judged soundly", async () => {
    const pages = await yunzhenjiPages();
    for (const page of pages) {
      expect(canonicalWechatList(page)).toBe(true);
      expect(unsound(rawWechatListSchema, canonicalWechatList, page)).toBeNull();
      expect(canonicalEnvelopeHead({ ...page, message: null, errmsg: null })).toBe(true);
    }
    const sample = { ...pages[0], data: pages[0].data.slice(0, 2) };
    expect(expectSoundUnderMutation(rawWechatListSchema, canonicalWechatList, sample)).toBeGreaterThan(100);
    expectSoundUnderMutation(rawEnvelopeHeadSchema, canonicalEnvelopeHead, { errcode: 110, message: "access_token无效", errmsg: null });
    expect(unsound(rawWechatListSchema, canonicalWechatList, fixture("yunzhenji-wechat-list.json"))).toBeNull();
  });

  it("directory getUser: the simulator's answers take the fast path; every mutation of one is judged soundly", async () => {
    const answers = await directoryUsers(20);
    for (const body of answers) {
      expect(directoryEnvelope(body)).toBe(true);
      expect(unsound(directoryEnvelopeSchema, directoryEnvelope, body)).toBeNull();
      expect(unsound(directoryUserSchema, canonicalUser, body)).toBeNull();
    }
    expect(answers.slice(0, 20).every((body) => canonicalUser(body))).toBe(true);
    expect(expectSoundUnderMutation(directoryUserSchema, canonicalUser, answers[0])).toBeGreaterThan(100);
    expectSoundUnderMutation(directoryEnvelopeSchema, directoryEnvelope, answers[answers.length - 1]);
    expect(unsound(directoryUserSchema, canonicalUser, fixture("directory-getuser-sample.json"))).toBeNull();
  });
});
