import { describe, expect, it } from "vitest";
import type { EmployeeIndex } from "../../src/loaders/employeeIndex.js";
import { createListedFactsLoader } from "../../src/loaders/listedFactsLoader.js";
import { userIdKey } from "../../src/domain/userId.js";

function plan(walkCost: number | null, walking = false) {
  const index: EmployeeIndex = { byUser: new Map(), byCorp: new Map() };
  for (const u of ["a", "b", "c", "d", "e"]) index.byUser.set(userIdKey("ww1", u), { shihengId: 1, corpId: "ww1", followUser: true, facts: { source: "shiheng", userId: u, name: u.toUpperCase() } });
  let walks = 0;
  return { walks: () => walks, plan: { walking: () => walking, walkCost: () => walkCost, walk: async () => (walks++, index) } };
}

const keys = (...users: string[]) => users.map((userId) => ({ corpId: "ww1", userId }));

describe("listed facts: walk shiheng or ask the directory", () => {
  it("asks the directory for fewer employees than a walk costs", async () => {
    const p = plan(6);
    const facts = await createListedFactsLoader(p.plan, true).loadMany(keys("a", "b"));
    expect(facts).toEqual([null, null]);
    expect(p.walks()).toBe(0);
  });

  it("walks once for more employees than a walk costs, answering by case-insensitive userid", async () => {
    const p = plan(2);
    const facts = await createListedFactsLoader(p.plan, true).loadMany(keys("A", "b", "c", "zz"));
    expect(facts.map((f) => (f && "name" in f ? f.name : null))).toEqual(["A", "B", "C", null]);
    expect(p.walks()).toBe(1);
  });

  it("walks when the walk is already under way, or when there is no directory to ask", async () => {
    const running = plan(100, true);
    await createListedFactsLoader(running.plan, true).load({ corpId: "ww1", userId: "a" });
    expect(running.walks()).toBe(1);
    const noDirectory = plan(100);
    expect(await createListedFactsLoader(noDirectory.plan, false).load({ corpId: "ww1", userId: "b" })).toMatchObject({ name: "B" });
  });

  it("without a hint, a handful go to the directory and more walk", async () => {
    const few = plan(null);
    await createListedFactsLoader(few.plan, true).loadMany(keys("a", "b", "c"));
    expect(few.walks()).toBe(0);
    const many = plan(null);
    await createListedFactsLoader(many.plan, true).loadMany(keys("a", "b", "c", "d"));
    expect(many.walks()).toBe(1);
  });
});
