// What a minimal gateway does for S1-S3: the same vendor calls as ours (one yunzhong page; one
// getUser per distinct owner for S2; the whole yunzhenji list for S3), JSON.parse, and a mapping
// written for exactly these fields. It reuses only our mobile normaliser, so that its answer can
// be compared with ours field for field (the bench's check step).
import { Agent } from "node:http";
import { parseMobile } from "../../../src/domain/mobile.js";
import { textOrNull } from "../../../src/domain/text.js";
import type { SimulatorConfig } from "../../../src/simulators/simulatorConfig.js";
import type { CpuScenario } from "../scenarios.js";
import { jsonCall } from "./jsonCall.js";

// Raw vendor JSON, read only where the fields are known to be.
type Json = Record<string, any>;

const agents = { yunzhong: new Agent({ keepAlive: true, maxSockets: 16 }), directory: new Agent({ keepAlive: true, maxSockets: 16 }), yunzhenji: new Agent({ keepAlive: true, maxSockets: 16 }) };

let token: Promise<string> | null = null;

function yunzhenjiToken(config: SimulatorConfig): Promise<string> {
  const { baseUrl, appId, appSecret } = config.vendors.yunzhenji;
  token ??= jsonCall(agents.yunzhenji, `${baseUrl}/oauth/token`, "POST", { accept: "application/json" }, { app_id: appId, app_secret: appSecret, grant_type: "client_credentials" }).then(
    (body) => (body as Json)["data"].access_token as string,
  );
  return token;
}

async function accountList(config: SimulatorConfig): Promise<Json[]> {
  const { baseUrl, appId } = config.vendors.yunzhenji;
  const accessToken = await yunzhenjiToken(config);
  const page = (n: number) =>
    jsonCall(agents.yunzhenji, `${baseUrl}/wechat/list?app_id=${appId}&access_token=${accessToken}&page=${n}&page_size=100`, "GET", { accept: "application/json" }) as Promise<Json>;
  const first = await page(1);
  const rest = [];
  for (let n = 2; n <= first["pager"].numPages; n++) rest.push(page(n));
  return [first, ...(await Promise.all(rest))].flatMap((p) => p["data"] as Json[]);
}

function directoryUser(config: SimulatorConfig, corpId: string, userId: string): Promise<Json> {
  const { baseUrl, headers } = config.vendors.directory;
  return jsonCall(agents.directory, `${baseUrl}/api/v1/getUser`, "POST", { accept: "application/json", ...headers }, { corpId, userId, userid: userId }) as Promise<Json>;
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.000Z$/, "Z");
}

function tagNames(row: Json, catalogue: Map<string, string>): { name: string }[] {
  const ids = [...new Set(String(row["tag_id"] ?? "").split(",").map((s) => s.trim()).filter(Boolean))];
  const known = new Set(ids.flatMap((id) => (catalogue.has(id) ? [catalogue.get(id)] : [])));
  const spare = String(row["tag_name"] ?? "").split(",").map((s) => s.trim()).filter((n) => n && !known.has(n));
  return ids.map((id) => ({ name: catalogue.get(id) ?? spare.shift() ?? id }));
}

export async function floorAnswer(config: SimulatorConfig, scenario: CpuScenario["id"], corpId: string): Promise<unknown> {
  const corp = config.corps.find((c) => c.corpId === corpId);
  if (!corp) return { data: { corp: null } };
  const { uniacid, cropId } = corp.yunzhong;
  const yz = config.vendors.yunzhong;
  const accounts = scenario === "S3" ? accountList(config) : null;
  const body = (await jsonCall(agents.yunzhong, `${yz.baseUrl}/business/${uniacid}/plugin/WechatCustomers/getList?page=1`, "GET", { accept: "application/json", ...yz.headers })) as Json;
  const page = body["data"];
  const catalogue = new Map<string, string>((page["tag"] as Json[]).map((t) => [t["tag_id"], t["name"]]));
  const rows = (page["data"] as Json[]).slice(0, 50);

  // Owners: the embedded member, else (rarely) the directory; S2 asks the directory for every owner.
  const profiles = new Map<string, Promise<Json>>();
  const profile = (userId: string) => {
    const key = userId.toLowerCase();
    let found = profiles.get(key);
    if (!found) profiles.set(key, (found = directoryUser(config, corpId, userId)));
    return found;
  };
  const owners = await Promise.all(
    rows.map(async (row) => {
      const userId = row["userid"] as string;
      if (!userId) return null;
      const member = row["has_one_employee"] ?? (await profile(userId));
      const mobile = parseMobile(member["mobile"]);
      const owner: Json = { name: textOrNull(member["name"]), mobile: mobile.display };
      if (scenario === "S2") {
        owner["position"] = textOrNull(member["position"]);
        owner["departmentIds"] = ((await profile(userId))["department"] as unknown[]).map(Number);
      }
      if (scenario === "S3") {
        const yzj = corp.yunzhenji.corpId;
        owner["wecomAccounts"] = mobile.key
          ? (await accounts!).filter((a) => a["corp_id"] === yzj && parseMobile(a["mobile"]).key === mobile.key).map((a) => ({ wxid: a["wxid"], online: a["online"] === 1 }))
          : [];
      }
      return owner;
    }),
  );
  const edges = rows.map((row, i) => ({
    node: {
      id: Buffer.from(`ExternalCustomer:${JSON.stringify([row["uniacid"] ?? uniacid, row["crop_id"] ?? cropId, row["id"], row["userid"], row["external_userid"]])}`).toString("base64url"),
      name: textOrNull(row["has_one_customer"]?.name),
      remark: textOrNull(row["remark"]),
      addedAt: row["createtime"] > 0 ? iso(row["createtime"]) : null,
      tags: tagNames(row, catalogue),
      owner: owners[i],
    },
  }));
  return { data: { corp: { customers: { edges } } } };
}
