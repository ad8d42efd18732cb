// Personal data: the `pii` scope unmasks WeComAccount.mobile, Employee.mobile, Employee.email and
// ExternalCustomer.remarkMobiles; without it they come back masked (138****8000,
// z***@example.com), never as an error, and the joins made with the real values inside the
// server answer exactly the same.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isObjectType } from "graphql";
import { maskEmail, maskMobile } from "../../src/auth/mask.js";
import { schema } from "../../src/graph/schema.js";
import { now, signingKey, signJwt, startConfiguredGraph, startJwks, type ConfiguredGraph, type JwksServer } from "../helpers/auth.js";

const FULL = "full-view-key-2d8e1b7c44";
const MASKED = "masked-view-key-6a0f93d215";

// The rule README.md (Access) states, written out here rather than imported, so the test checks the code.
const masked = (mobile: string) => `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
const maskedEmail = (email: string) => `${email[0]}***${email.slice(email.indexOf("@"))}`;

describe("mask functions", () => {
  it("mobiles keep the first 3 and last 4; shorter numbers show less; emails keep the first character and the domain", () => {
    expect(maskMobile("13800138000")).toBe("138****8000");
    expect(maskMobile("1360xxxxxxx")).toBe("136****xxxx");
    expect(maskMobile("+8613800138000")).toBe("+86****8000");
    expect(maskMobile("12345678")).toBe("****5678");
    expect(maskMobile("1234")).toBe("****");
    expect(maskEmail("zhangsan@example.com")).toBe("z***@example.com");
    expect(maskEmail("z@example.com")).toBe("z***@example.com");
    expect(maskEmail("not-an-email")).toBe("n***");
  });

  it("exactly the four fields README.md (Access) names are marked personal data in the schema", () => {
    const marked: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith("__")) continue;
      for (const field of Object.values(type.getFields())) if (field.extensions["pii"]) marked.push(`${type.name}.${field.name}:${String(field.extensions["pii"])}`);
    }
    expect(marked.sort()).toEqual(["Employee.email:email", "Employee.mobile:mobile", "ExternalCustomer.remarkMobiles:mobile", "WeComAccount.mobile:mobile"]);
  });
});

describe("masking per scope, through a server", () => {
  let graph: ConfiguredGraph;
  let jwks: JwksServer;
  const jwtKey = signingKey("pii-test");

  beforeAll(async () => {
    jwks = await startJwks([jwtKey]);
    graph = await startConfiguredGraph(
      {
        auth: {
          apiKeys: [
            { name: "full", key: "${FULL}", scopes: ["pii"] },
            { name: "masked", key: "${MASKED}", scopes: [] },
          ],
          jwt: { jwksUrl: jwks.url, issuer: "https://idp.test", audience: "wecom-graph", scopesClaim: "permissions" },
        },
      },
      { env: { FULL, MASKED } },
    );
  });

  afterAll(async () => {
    await graph?.close();
    await jwks?.close();
  });

  const ACCOUNTS = `query($corpId: String!) { corp(corpId: $corpId) { accounts(first: 100) { edges { node { wxid mobile employee { userId mobile email wecomAccounts { wxid } } } } } } }`;
  const CUSTOMERS = `query($corpId: String!) { corp(corpId: $corpId) { customers(first: 100) { edges { node { externalUserId remarkMobiles owner { userId mobile } } } } } }`;

  it("accounts and their employees: masked without pii, with the account↔employee join unchanged and the same vendor calls", async () => {
    const corp = graph.sim.dataset.corps.find((c) => c.mapped)!;
    const variables = { corpId: corp.corpId };
    let full: any;
    let hidden: any;
    // Warm: the first request also fetches yunzhenji's token, which is not the query's doing.
    await graph.post(ACCOUNTS, { key: FULL, variables });
    const fullCalls = await graph.vendorCalls(async () => (full = await graph.post(ACCOUNTS, { key: FULL, variables })));
    const hiddenCalls = await graph.vendorCalls(async () => (hidden = await graph.post(ACCOUNTS, { key: MASKED, variables })));
    expect(full.status).toBe(200);
    expect(hidden.status).toBe(200);
    expect(full.body.errors).toBeUndefined();
    expect(hidden.body.errors).toBeUndefined();
    expect(hiddenCalls).toBe(fullCalls);

    const fullNodes = full.body.data.corp.accounts.edges.map((e: any) => e.node);
    const hiddenNodes = hidden.body.data.corp.accounts.edges.map((e: any) => e.node);
    // The dataset's accounts of the corp, and the employees they belong to (by mobile).
    const accounts = graph.sim.dataset.accounts.filter((a) => a.yzjCorpId === corp.yzjCorpId);
    expect(fullNodes.map((n: any) => n.wxid)).toEqual(accounts.map((a) => a.wxid));
    const joined = fullNodes.filter((n: any) => n.employee !== null);
    expect(joined.length).toBeGreaterThan(5);
    for (const node of joined) {
      const employee = graph.sim.dataset.employees.find((e) => e.corpId === corp.corpId && e.userId.toLowerCase() === node.employee.userId.toLowerCase())!;
      expect(node.employee.mobile).toBe(employee.mobile);
      expect(node.employee.email).toBe(employee.email);
    }

    // Same rows, same joins (employee and the employee's accounts), only the values masked.
    expect(hiddenNodes.map((n: any) => [n.wxid, n.employee?.userId ?? null, n.employee?.wecomAccounts.map((a: any) => a.wxid) ?? null])).toEqual(
      fullNodes.map((n: any) => [n.wxid, n.employee?.userId ?? null, n.employee?.wecomAccounts.map((a: any) => a.wxid) ?? null]),
    );
    fullNodes.forEach((node: any, i: number) => {
      const other = hiddenNodes[i];
      expect(other.mobile).toBe(node.mobile === null ? null : masked(node.mobile));
      if (node.employee) {
        expect(other.employee.mobile).toBe(masked(node.employee.mobile));
        expect(other.employee.email).toBe(maskedEmail(node.employee.email));
      }
    });
    // One literal, from README.md (Access): an 11-digit mobile shows 3 + **** + 4.
    expect(hiddenNodes.find((n: any) => n.employee)!.employee.mobile).toMatch(/^1\d{2}\*{4}\d{4}$/);
  });

  it("customers' remark mobiles and owners: masked without pii, the owner join unchanged", async () => {
    const corp = graph.sim.dataset.corps.find((c) => c.mapped)!;
    const variables = { corpId: corp.corpId };
    const full = (await graph.post(CUSTOMERS, { key: FULL, variables })).body;
    const hidden = (await graph.post(CUSTOMERS, { key: MASKED, variables })).body;
    const rows = graph.sim.dataset.customerRows.filter((r) => r.corpId === corp.corpId).slice(0, 100);
    const fullNodes = full.data.corp.customers.edges.map((e: any) => e.node);
    const hiddenNodes = hidden.data.corp.customers.edges.map((e: any) => e.node);
    expect(fullNodes.map((n: any) => n.remarkMobiles)).toEqual(rows.map((r) => r.remarkMobiles));
    expect(rows.some((r) => r.remarkMobiles.length > 0)).toBe(true);
    expect(hiddenNodes.map((n: any) => [n.externalUserId, n.owner?.userId ?? null])).toEqual(fullNodes.map((n: any) => [n.externalUserId, n.owner?.userId ?? null]));
    expect(hiddenNodes.map((n: any) => n.remarkMobiles)).toEqual(rows.map((r) => r.remarkMobiles.map(masked)));
    expect(hiddenNodes.map((n: any) => n.owner?.mobile ?? null)).toEqual(fullNodes.map((n: any) => (n.owner?.mobile ? masked(n.owner.mobile) : null)));
  });

  it("a JWT's scopes come from the configured claim (an array here): pii unmasks, anything else masks", async () => {
    const employee = graph.sim.dataset.employees.find((e) => graph.sim.dataset.corps.some((c) => c.mapped && c.corpId === e.corpId))!;
    const query = `{ employee(corpId: "${employee.corpId}", userId: "${employee.userId}") { mobile email } }`;
    const token = (permissions: unknown) => signJwt(jwtKey, { iss: "https://idp.test", aud: "wecom-graph", sub: "svc", exp: now() + 300, permissions });
    expect((await graph.post(query, { key: token(["read", "pii"]) })).body).toEqual({ data: { employee: { mobile: employee.mobile, email: employee.email } } });
    expect((await graph.post(query, { key: token(["read"]) })).body).toEqual({ data: { employee: { mobile: masked(employee.mobile), email: maskedEmail(employee.email) } } });
    // The claim is "permissions": a `scope` claim saying pii grants nothing here.
    const scoped = signJwt(jwtKey, { iss: "https://idp.test", aud: "wecom-graph", sub: "svc", exp: now() + 300, scope: "pii" });
    expect((await graph.post(query, { key: scoped })).body).toEqual({ data: { employee: { mobile: masked(employee.mobile), email: maskedEmail(employee.email) } } });
  });
});
