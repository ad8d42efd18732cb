// `variables` and `extensions` that are not JSON, in a GET query string or a url-encoded form, are
// the client's mistake: HTTP 400 with BAD_REQUEST naming the parameter, as a broken JSON body
// already is. Before, yoga's SyntaxError was masked as "Unexpected error." with HTTP 200.
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/server/app.js";
import { configSchema } from "../../src/server/config.js";
import { captureLogger } from "../helpers/captureLogger.js";

const config = configSchema.parse({ corps: [{ corpId: "wwcorp", name: "示例企业" }] });
const QUERY = "query($c: String!) { corp(corpId: $c) { corpId name } }";

function setup() {
  const logger = captureLogger();
  const app = createApp(config, { logger, graphiql: false });
  const get = async (params: Record<string, string>) => {
    const res = await app.fetch(`http://graph.test/graphql?${new URLSearchParams(params)}`, { headers: { accept: "application/json" } });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const post = async (body: string, contentType = "application/json") => {
    const res = await app.fetch("http://graph.test/graphql", { method: "POST", headers: { "content-type": contentType, accept: "application/json" }, body });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  return { logger, get, post };
}

const badJson = (name: string, where: string) => ({
  status: 400,
  body: { errors: [{ message: `The "${name}" parameter ${where} is not valid JSON; send a JSON object, e.g. ${name}={"key":"value"} (URL-encoded).`, extensions: { code: "BAD_REQUEST" } }] },
});

describe("GET with variables or extensions that are not JSON", () => {
  it("variables=not-json is HTTP 400 BAD_REQUEST naming the parameter, and nothing is logged as a server fault", async () => {
    const { get, logger } = setup();
    expect(await get({ query: QUERY, variables: "not-json" })).toEqual(badJson("variables", "in the query string"));
    expect(await get({ query: "{ corps { corpId } }", variables: "{\"c\":" })).toEqual(badJson("variables", "in the query string"));
    expect(logger.lines.filter((l) => l.level === "error")).toEqual([]);
  });

  it("extensions=not-json is the same", async () => {
    const { get } = setup();
    expect(await get({ query: "{ corps { corpId } }", extensions: "not-json" })).toEqual(badJson("extensions", "in the query string"));
  });

  it("JSON that is not an object stays yoga's own HTTP 400", async () => {
    const { get } = setup();
    expect(await get({ query: QUERY, variables: "[1]" })).toEqual({
      status: 400,
      body: { errors: [{ message: 'Expected "variables" param to be empty or an object, but given array.', extensions: { code: "BAD_REQUEST" } }] },
    });
  });

  it("good, empty and null variables still run", async () => {
    const { get } = setup();
    const answer = { status: 200, body: { data: { corp: { corpId: "wwcorp", name: "示例企业" } } } };
    expect(await get({ query: QUERY, variables: JSON.stringify({ c: "wwcorp" }) })).toEqual(answer);
    expect(await get({ query: "{ corps { corpId } }", variables: "", extensions: "" })).toEqual({ status: 200, body: { data: { corps: [{ corpId: "wwcorp" }] } } });
    expect(await get({ query: "{ corps { corpId } }", variables: "null", extensions: "{}" })).toEqual({ status: 200, body: { data: { corps: [{ corpId: "wwcorp" }] } } });
  });
});

describe("POST", () => {
  it("a url-encoded form with variables that are not JSON gets the same 400", async () => {
    const { post } = setup();
    expect(await post(new URLSearchParams({ query: QUERY, variables: "not-json" }).toString(), "application/x-www-form-urlencoded")).toEqual(badJson("variables", "in the form body"));
    expect(await post(new URLSearchParams({ query: QUERY, variables: JSON.stringify({ c: "wwcorp" }) }).toString(), "application/x-www-form-urlencoded")).toEqual({
      status: 200,
      body: { data: { corp: { corpId: "wwcorp", name: "示例企业" } } },
    });
  });

  it("JSON bodies answer as before: a broken body, variables as a string, and a good body", async () => {
    const { post } = setup();
    const broken = await post("{nope");
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ errors: [{ message: "POST body sent invalid JSON.", extensions: { code: "BAD_REQUEST" } }] });
    expect(await post(JSON.stringify({ query: QUERY, variables: "not-json" }))).toEqual({
      status: 400,
      body: { errors: [{ message: 'Expected "variables" param to be empty or an object, but given string.', extensions: { code: "BAD_REQUEST" } }] },
    });
    expect(await post(JSON.stringify({ query: QUERY, variables: { c: "wwcorp" } }))).toEqual({ status: 200, body: { data: { corp: { corpId: "wwcorp", name: "示例企业" } } } });
  });
});
