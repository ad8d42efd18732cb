// DirectoryClient against the real directory simulator: exact profiles from the seeded dataset,
// case-insensitive userids, every errcode the simulator can send, retries, timeout, rate limit,
// and the bearer token nowhere in errors or logs.
import { afterAll, describe, expect, it } from "vitest";
import type { DirectoryProfile } from "../../../src/domain/types.js";
import { DIRECTORY_BEARER_TOKEN, SIM_CREDENTIALS } from "../../../src/simulators/credentials.js";
import type { SimCorp, SimEmployee } from "../../../src/simulators/dataset.js";
import { DirectoryClient, type DirectoryClientOptions } from "../../../src/vendors/directory/DirectoryClient.js";
import { captureLogger } from "../../helpers/captureLogger.js";
import { expectNoSecrets, failureCollector, fastClock, HTTP_FAULTS, simulatorsForFile, type FaultCase } from "../../helpers/vendors.js";
import { orNull } from "../../helpers/expectedGraph.js";

const sim = await simulatorsForFile({ size: "small" });
const logger = captureLogger();
const clock = fastClock();
/** Every error of this file, checked for the bearer token once more at the end. */
const { failure, errors } = failureCollector();

function client(extra: Partial<DirectoryClientOptions> = {}): DirectoryClient {
  return new DirectoryClient({ baseUrl: `${sim.url}/directory`, headers: { ...SIM_CREDENTIALS.directory.headers }, logger, clock, ...extra });
}

const GENDERS = ["UNSPECIFIED", "MALE", "FEMALE"] as const;
const STATUSES = { 1: "ACTIVE", 2: "DISABLED", 4: "INACTIVE", 5: "LEFT" } as const;

function expectedProfile(e: SimEmployee): DirectoryProfile {
  return {
    corpId: e.corpId,
    facts: {
      source: "directory",
      userId: e.userId,
      name: e.name,
      mobile: e.mobile,
      mobileKey: e.mobile,
      email: e.email,
      status: STATUSES[e.status],
      gender: GENDERS[e.gender],
      position: orNull(e.position),
      departmentIds: e.departmentIds,
      avatarUrl: e.avatar,
    },
    alias: orNull(e.alias),
    telephone: orNull(e.telephone),
    bizMail: e.bizMail,
    address: orNull(e.address),
    mainDepartment: e.mainDepartment,
    directLeaders: e.directLeaders,
    openUserId: e.openUserId,
  };
}

const corps = (): SimCorp[] => sim.dataset.corps.filter((c) => c.mapped);
const someone = (): SimEmployee => sim.dataset.employees[3] as SimEmployee;

describe("directory getUser on the simulator", () => {
  it("returns the exact profile of every employee of every corp", async () => {
    const c = client();
    const staff = sim.dataset.employees.filter((e) => corps().some((corp) => corp.corpId === e.corpId));
    expect(staff.length).toBeGreaterThan(10);
    for (const e of staff) expect(await c.getUser({ corpId: e.corpId, userId: e.userId })).toEqual(expectedProfile(e));
    expect(sim.stats().directory.getUser).toBe(staff.length);
    // The dataset exercises the optional fields both ways.
    expect(staff.some((e) => e.directLeaders.length > 0)).toBe(true);
    expect(staff.some((e) => e.departmentIds.length > 1)).toBe(true);
  });

  it("matches the userid case-insensitively and answers with the canonical spelling", async () => {
    const e = someone();
    for (const userId of [e.userId.toLowerCase(), e.userId.toUpperCase()]) {
      expect(await client().getUser({ corpId: e.corpId, userId })).toEqual(expectedProfile(e));
    }
  });

  it("returns null for an unknown userid, in one request", async () => {
    expect(await client().getUser({ corpId: someone().corpId, userId: "NoSuchPerson" })).toBeNull();
    expect(sim.stats().directory.getUser).toBe(1);
  });

  it("returns null for a userid of another corp", async () => {
    const [a, b] = corps() as [SimCorp, SimCorp];
    const e = sim.dataset.employees.find((x) => x.corpId === a.corpId && !sim.dataset.employees.some((y) => y.corpId === b.corpId && y.userId.toLowerCase() === x.userId.toLowerCase()));
    expect(e).toBeDefined();
    expect(await client().getUser({ corpId: b.corpId, userId: (e as SimEmployee).userId })).toBeNull();
  });

  it("an unknown corp is UPSTREAM_UNAUTHORIZED (60011)", async () => {
    const error = await failure(client().getUser({ corpId: "wwunknowncorp0000", userId: someone().userId }));
    expect(error).toMatchObject({ code: "UPSTREAM_UNAUTHORIZED", vendorCode: 60011, retryable: false });
    expect(sim.stats().directory.getUser).toBe(1);
  });

  it("a missing or wrong bearer token is UPSTREAM_UNAUTHORIZED (40014), not retried", async () => {
    for (const headers of [{}, { Authorization: "Bearer wrong-token" }] as Record<string, string>[]) {
      sim.reset();
      const error = await failure(client({ headers }).getUser({ corpId: someone().corpId, userId: someone().userId }));
      expect(error).toMatchObject({ code: "UPSTREAM_UNAUTHORIZED", vendorCode: 40014 });
      expect(sim.stats().directory.getUser).toBe(1);
    }
  });
});

describe("directory failures on the simulator", () => {
  const args = () => ({ corpId: someone().corpId, userId: someone().userId });

  it.each<FaultCase>([
    ["-1", "UPSTREAM_ERROR", 3],
    ["40014", "UPSTREAM_UNAUTHORIZED", 1],
    ["42001", "UPSTREAM_UNAUTHORIZED", 1],
    ["48002", "UPSTREAM_UNAUTHORIZED", 1],
    ["60011", "UPSTREAM_UNAUTHORIZED", 1],
    ["45009", "UPSTREAM_RATE_LIMITED", 1],
    ...HTTP_FAULTS,
  ])("forceError %s -> %s after %i request(s)", async (fault, code, requests) => {
    sim.setKnobs({ directory: { forceError: fault } });
    const error = await failure(client().getUser(args()));
    expect(error.code).toBe(code);
    if (/^-?\d+$/.test(fault)) expect(error.vendorCode).toBe(Number(fault));
    expect(sim.stats().directory.getUser).toBe(requests);
  });

  it.each(["40003", "60111"])("forceError %s -> null (no such employee), one request", async (fault) => {
    sim.setKnobs({ directory: { forceError: fault } });
    expect(await client().getUser(args())).toBeNull();
    expect(sim.stats().directory.getUser).toBe(1);
  });

  it('failNext 2 with "-1", then success: 3 requests and the profile', async () => {
    sim.setKnobs({ directory: { failNext: 2, failWith: "-1" } });
    expect(await client().getUser(args())).toEqual(expectedProfile(someone()));
    expect(sim.stats().directory.getUser).toBe(3);
    expect(logger.texts().filter((l) => l.includes("retrying"))).not.toHaveLength(0);
  });

  it('failNext 3 with "-1": gives up after 3 requests', async () => {
    sim.setKnobs({ directory: { failNext: 3, failWith: "-1" } });
    const error = await failure(client().getUser(args()));
    expect(error).toMatchObject({ code: "UPSTREAM_ERROR", vendorCode: -1, retryable: true });
    expect(sim.stats().directory.getUser).toBe(3);
  });

  it.each(["45009", "40014", "http429"])("failNext 1 with %s is final: one request", async (fault) => {
    sim.setKnobs({ directory: { failNext: 1, failWith: fault } });
    await failure(client().getUser(args()));
    expect(sim.stats().directory.getUser).toBe(1);
  });

  it("a silent server is UPSTREAM_TIMEOUT; a timeout is retried like any transient failure", async () => {
    sim.setKnobs({ directory: { timeout: true } });
    const error = await failure(client({ timeoutMs: 80, retries: 0 }).getUser(args()));
    expect(error.code).toBe("UPSTREAM_TIMEOUT");
    expect(sim.stats().directory.getUser).toBe(1);
    sim.reset();
    sim.setKnobs({ directory: { timeout: true } });
    expect((await failure(client({ timeoutMs: 80 }).getUser(args()))).code).toBe("UPSTREAM_TIMEOUT");
    expect(sim.stats().directory.getUser).toBe(3);
  });

  it("the rate limit (45009) is UPSTREAM_RATE_LIMITED and not retried", async () => {
    sim.setKnobs({ directory: { rateLimitPerMinute: 2 } });
    const c = client();
    await c.getUser(args());
    await c.getUser(args());
    const error = await failure(c.getUser(args()));
    expect(error).toMatchObject({ code: "UPSTREAM_RATE_LIMITED", vendorCode: 45009, retryable: false });
    expect(sim.stats().directory.getUser).toBe(3);
  });

  it("a truncated body (malformedJson) is UPSTREAM_ERROR saying so", async () => {
    sim.setKnobs({ directory: { malformedJson: true } });
    const error = await failure(client().getUser(args()));
    expect(error.code).toBe("UPSTREAM_ERROR");
    expect(error.message).toMatch(/malformed JSON/);
  });
});

afterAll(() => {
  expect(errors.length).toBeGreaterThan(10);
  for (const error of errors) {
    expect(error.request?.headers.Authorization ?? "[REDACTED]").toBe("[REDACTED]");
    expectNoSecrets([error.message, JSON.stringify(error), String(error.vendorMessage), String(error.stack)], [DIRECTORY_BEARER_TOKEN]);
  }
  expect(logger.lines.length).toBeGreaterThan(0);
  expectNoSecrets(logger.texts(), [DIRECTORY_BEARER_TOKEN]);
});
