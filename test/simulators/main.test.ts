import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

describe("npm run simulate (src/simulators/main.ts)", () => {
  it("prints each vendor's base URL, serves them and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/simulators/main.ts"], {
      cwd: root,
      env: { ...process.env, SIM_PORT: "0", SIM_SIZE: "small", SIM_SEED: "5" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.setEncoding("utf8");
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const base = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: string) => {
          out += chunk;
          const m = /(http:\/\/127\.0\.0\.1:\d+)\/directory/.exec(out);
          if (m && out.includes("control")) resolve(m[1]!);
        });
        child.on("exit", () => reject(new Error(`exited early: ${out}`)));
      });
      for (const vendor of ["yunzhenji", "shiheng", "yunzhong", "directory"]) expect(out).toContain(`${base}/${vendor}`);
      expect(out).toContain("seed 5");
      const stats = await (await fetch(`${base}/__stats`)).json();
      expect(stats).toHaveProperty("directory.getUser", 0);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });
});
