import { describe, expect, it } from "vitest";
import { parsePhpParams, phpList, phpString } from "../../src/simulators/phpParams.js";

const parse = (q: string) => parsePhpParams(new URLSearchParams(q));

describe("PHP bracket parameters", () => {
  it("nests brackets and appends for []", () => {
    const p = parse("search%5Bcustomer%5D=Abe&search[time][]=1&search[time][]=2&page=3");
    expect(phpString(p.page)).toBe("3");
    expect(typeof p.search === "object" && phpString(p.search.customer)).toBe("Abe");
    expect(typeof p.search === "object" && phpList(p.search.time)).toEqual(["1", "2"]);
  });

  it("reads explicit indexes in index order", () => {
    const p = parse("search[time][1]=20&search[time][0]=10");
    expect(typeof p.search === "object" && phpList(p.search.time)).toEqual(["10", "20"]);
  });

  it("treats a list where a scalar is expected as absent", () => {
    const p = parse("search[customer][]=x");
    expect(typeof p.search === "object" && phpString(p.search.customer)).toBeNull();
  });
});
