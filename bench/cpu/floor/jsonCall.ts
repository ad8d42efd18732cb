// The floor's whole vendor transport: node:http over a keep-alive agent, the body read as one
// string and handed to JSON.parse. No timeout, retry or error mapping: the floor is what the
// vendor calls cost at the least, not a gateway one could run. One exception, which every
// keep-alive client needs: a request on a reused socket that the simulator closed as idle meanwhile
// (its keep-alive timeout is 5 s, and a server can sit out longer than that while the others take
// their slices) fails with ECONNRESET before any answer, and is sent once more on a fresh socket.
import { request, type Agent } from "node:http";

export async function jsonCall(agent: Agent, url: string, method: "GET" | "POST", headers: Record<string, string>, body?: unknown): Promise<unknown> {
  try {
    return await once(agent, url, method, headers, body);
  } catch (error) {
    if (!(error as { reusedSocket?: boolean }).reusedSocket) throw error;
    return once(agent, url, method, headers, body);
  }
}

function once(agent: Agent, url: string, method: "GET" | "POST", headers: Record<string, string>, body?: unknown): Promise<unknown> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const sent = payload === undefined ? headers : { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(payload)) };
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: sent }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => {
        try {
          resolve(JSON.parse(text));
        } catch (error) {
          reject(error as Error);
        }
      });
      res.on("error", reject);
    });
    req.on("error", (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket && (error as NodeJS.ErrnoException).code === "ECONNRESET" })));
    req.end(payload);
  });
}
