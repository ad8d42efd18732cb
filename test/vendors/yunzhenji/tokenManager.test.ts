// TokenManager over a TokenStore, the races made deterministic: the double-check after taking the
// lease, a token failing on one replica while another already replaced it, a due token serving
// while another replica fetches, and a waiting request ending at its deadline.
import { describe, expect, it } from "vitest";
import { TokenManager } from "../../../src/vendors/yunzhenji/tokenManager.js";
import { MemoryTokenStore, type StoredToken, type TokenStore } from "../../../src/vendors/yunzhenji/tokenStore.js";
import { fakeClock } from "../../helpers/vendors.js";

function issuer() {
  let n = 0;
  const issued: string[] = [];
  return {
    issued,
    issue: async () => {
      const accessToken = `issued-${++n}`;
      issued.push(accessToken);
      return { accessToken, expiresInSeconds: 7200 };
    },
  };
}

const token = (accessToken: string, now: number): StoredToken => ({ accessToken, expiresAt: now + 7_200_000, refreshAt: now + 7_140_000 });

async function put(store: TokenStore, next: StoredToken, expected: string | null = null): Promise<void> {
  const lease = (await store.lease())!;
  await lease.replace(next, expected);
  await lease.release();
}

describe("TokenManager with a shared store", () => {
  it("looks at the store again after taking the lease: a token stored meanwhile is used, not fetched again", async () => {
    const clock = fakeClock();
    const shared = new MemoryTokenStore(clock.now);
    let reads = 0;
    // Another replica stores its token between our first look and our lease.
    const store: TokenStore = {
      read: async () => {
        const seen = await shared.read();
        if (++reads === 1) await put(shared, token("from-another-replica", clock.now()));
        return seen;
      },
      lease: () => shared.lease(),
    };
    const { issue, issued } = issuer();
    const seen: string[] = [];
    const manager = new TokenManager({ issue, clock, store, onIssued: (t) => seen.push(t) });
    expect(await manager.get()).toBe("from-another-replica");
    expect(issued).toEqual([]);
    expect(seen).toEqual(["from-another-replica"]);
  });

  it("a rejected token is replaced once; a replica whose same token fails later takes the replacement", async () => {
    const clock = fakeClock();
    const store = new MemoryTokenStore(clock.now);
    const a = issuer();
    const replicaA = new TokenManager({ issue: a.issue, clock, store });
    const b = issuer();
    const replicaB = new TokenManager({ issue: b.issue, clock, store });
    const first = await replicaA.get();
    expect(await replicaB.get()).toBe(first);
    replicaA.invalidate(first);
    const second = await replicaA.get();
    expect(second).toBe("issued-2");
    expect(await replicaB.get()).toBe(first); // still believed good by B
    replicaB.invalidate(first);
    expect(await replicaB.get()).toBe(second);
    expect([...a.issued, ...b.issued]).toEqual(["issued-1", "issued-2"]);
  });

  it("never overwrites a newer token with one fetched for a token that failed earlier", async () => {
    const clock = fakeClock();
    const store = new MemoryTokenStore(clock.now);
    const lease = (await store.lease())!;
    expect(await lease.replace(token("newer", clock.now()), null)).toBe(true);
    expect(await lease.replace(token("late", clock.now()), "older")).toBe(false);
    expect((await store.read())!.accessToken).toBe("newer");
  });

  it("a token due for refresh serves while another replica holds the lease", async () => {
    const clock = fakeClock();
    const store = new MemoryTokenStore(clock.now);
    await put(store, token("current", clock.now()));
    const { issue, issued } = issuer();
    const manager = new TokenManager({ issue, clock, store });
    expect(await manager.get()).toBe("current");
    clock.advance(7_150_000); // past refreshAt, before expiresAt
    const held = (await store.lease())!;
    expect(await manager.get()).toBe("current");
    expect(issued).toEqual([]);
    await held.release();
    expect(await manager.get()).toBe("issued-1");
  });

  it("a request waiting for a token ends at its deadline; the fetch goes on for the others", async () => {
    const clock = fakeClock();
    const store = new MemoryTokenStore(clock.now);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const manager = new TokenManager({
      clock,
      store,
      issue: async () => {
        await gate;
        return { accessToken: "slow", expiresInSeconds: 7200 };
      },
    });
    const waiting = manager.get({ deadline: clock.now() + 50 });
    const patient = manager.get();
    await expect(waiting).rejects.toMatchObject({ code: "UPSTREAM_TIMEOUT", message: "yunzhenji oauth/token: no access token before the operation's deadline" });
    release();
    expect(await patient).toBe("slow");
    const controller = new AbortController();
    controller.abort();
    manager.invalidate("slow");
    await expect(manager.get({ signal: controller.signal })).rejects.toMatchObject({ code: "UPSTREAM_TIMEOUT" });
  });
});
