import DataLoader from "dataloader";
import type { EmployeeFacts } from "../domain/types.js";
import { userIdKey } from "../domain/userId.js";
import type { EmployeeKey } from "./directoryLoader.js";
import type { EmployeeIndex } from "./employeeIndex.js";

export type ListedFactsLoader = DataLoader<EmployeeKey, EmployeeFacts | null, string>;

export interface ListedFactsPlan {
  /** True once this request has started the shiheng walk: from then on it is free. */
  walking(): boolean;
  /** Calls a walk of shiheng's whole list costs, as last seen; null before the first walk. */
  walkCost(): number | null;
  walk(): Promise<EmployeeIndex>;
}

// With no walk seen yet, a handful of employees go to the directory; more than this, and the walk
// (which also teaches us its real cost for the next request) is the better bet.
const FEW_WITHOUT_HINT = 3;

/**
 * What shiheng's list says about each employee, when walking it is cheaper than asking the
 * directory one call per employee; null means "ask the directory". The choice is made per batch,
 * so 50 owners missing a mobile cost one walk, while one owner costs one getUser, not a walk of
 * a 5,000-employee list.
 */
export function createListedFactsLoader(plan: ListedFactsPlan, directoryAvailable: boolean): ListedFactsLoader {
  return new DataLoader<EmployeeKey, EmployeeFacts | null, string>(
    async (keys) => {
      const cost = plan.walkCost();
      const walk = plan.walking() || !directoryAvailable || keys.length > (cost ?? FEW_WITHOUT_HINT);
      if (!walk) return keys.map(() => null);
      const index = await plan.walk();
      return keys.map((key) => index.byUser.get(userIdKey(key.corpId, key.userId))?.facts ?? null);
    },
    { cacheKeyFn: (key) => userIdKey(key.corpId, key.userId) },
  );
}
