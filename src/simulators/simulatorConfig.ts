// The config README.md documents (Configuration) (the input form the server's config schema parses) that points every
// vendor at a running simulator and maps every corp the simulated vendors agree on.
import { SIM_CREDENTIALS } from "./credentials.js";
import type { Dataset } from "./dataset.js";
import { SHIHENG_EMPLOYEE_LIST_PATH } from "./shihengSim.js";

export interface SimulatorConfig {
  /** Simulated data holds no real person: the graph over it is open on purpose (every scope). */
  auth: { open: true };
  vendors: {
    yunzhenji: { baseUrl: string; appId: string; appSecret: string };
    shiheng: { baseUrl: string; appId: string; appSecret: string; version: string; employeeListPath: string };
    yunzhong: { baseUrl: string; headers: Record<string, string> };
    directory: { baseUrl: string; headers: Record<string, string> };
  };
  corps: {
    corpId: string;
    name: string;
    shortName: string;
    yunzhenji: { corpId: number };
    yunzhong: { uniacid: number; cropId: number };
  }[];
}

/** `url` is the simulators' root ("http://127.0.0.1:PORT", as startSimulators returns it). */
export function simulatorConfig(url: string, dataset: Dataset): SimulatorConfig {
  const root = url.replace(/\/+$/, "");
  return {
    auth: { open: true },
    vendors: {
      yunzhenji: { baseUrl: `${root}/yunzhenji`, ...SIM_CREDENTIALS.yunzhenji },
      shiheng: { baseUrl: `${root}/shiheng`, ...SIM_CREDENTIALS.shiheng, version: "1.0", employeeListPath: SHIHENG_EMPLOYEE_LIST_PATH },
      yunzhong: { baseUrl: `${root}/yunzhong`, headers: { ...SIM_CREDENTIALS.yunzhong.headers } },
      directory: { baseUrl: `${root}/directory`, headers: { ...SIM_CREDENTIALS.directory.headers } },
    },
    // The stray yunzhenji-only corp stays unmapped on purpose: its accounts must still be listed.
    corps: dataset.corps
      .filter((c) => c.mapped)
      .map((c) => ({
        corpId: c.corpId,
        name: c.name,
        shortName: c.shortName,
        yunzhenji: { corpId: c.yzjCorpId },
        yunzhong: { uniacid: c.uniacid, cropId: c.cropId },
      })),
  };
}
