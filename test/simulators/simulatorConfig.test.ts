import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/server/config.js";
import { SIM_CREDENTIALS } from "../../src/simulators/credentials.js";
import { generateDataset } from "../../src/simulators/dataset.js";
import { simulatorConfig } from "../../src/simulators/simulatorConfig.js";

describe("simulatorConfig", () => {
  const dataset = generateDataset({ size: "small" });
  const config = simulatorConfig("http://127.0.0.1:4100", dataset);

  it("points every vendor at its prefix with the simulator's credentials", () => {
    expect(config.vendors.yunzhenji).toEqual({ baseUrl: "http://127.0.0.1:4100/yunzhenji", ...SIM_CREDENTIALS.yunzhenji });
    expect(config.vendors.shiheng).toMatchObject({ baseUrl: "http://127.0.0.1:4100/shiheng", employeeListPath: "/open/api/wecom/employee/list" });
    expect(config.vendors.yunzhong.headers).toEqual(SIM_CREDENTIALS.yunzhong.headers);
    expect(config.vendors.directory.headers).toEqual(SIM_CREDENTIALS.directory.headers);
  });

  it("maps every mapped corp and leaves the stray one out", () => {
    const mapped = dataset.corps.filter((c) => c.mapped);
    expect(config.corps).toEqual(
      mapped.map((c) => ({ corpId: c.corpId, name: c.name, shortName: c.shortName, yunzhenji: { corpId: c.yzjCorpId }, yunzhong: { uniacid: c.uniacid, cropId: c.cropId } })),
    );
  });

  it("is accepted by the server's config schema", () => {
    expect(() => configSchema.parse(config)).not.toThrow();
  });
});
