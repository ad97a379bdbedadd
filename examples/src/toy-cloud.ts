import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

// A stand-in for "your cloud" in docs/writing-a-driver.md: a JSON API with networks and their
// subnets, bearer tokens, error envelopes, page tokens and a rate limit. It exists only so the
// example driver has something real to talk to over HTTP.

interface Network {
  id: string;
  name: string;
  cidr: string;
  subnets: { id: string; name: string; cidr: string }[];
}

export interface ToyCloud {
  url: string;
  token: string;
  /** Makes the next `times` requests fail with 429 and a Retry-After of one second. */
  throttle(times: number): void;
  close(): Promise<void>;
}

export async function startToyCloud(): Promise<ToyCloud> {
  const token = randomUUID();
  const networks = new Map<string, Network>();
  let throttled = 0;
  const server = createServer((req, res) => {
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const fail = (status: number, code: string, message: string, headers?: Record<string, string>): void =>
      send(status, { error: { code, message } }, headers);
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    req.on("end", () => {
      if (req.headers.authorization !== `Bearer ${token}`) return fail(401, "Unauthorized", "bad token");
      if (throttled > 0) return (throttled--, fail(429, "TooManyRequests", "slow down", { "retry-after": "1" }));
      const url = new URL(req.url ?? "/", "http://toy");
      const [, collection, id] = url.pathname.split("/");
      if (collection !== "networks") return fail(404, "NoSuchRoute", url.pathname);
      if (req.method === "POST" && id === undefined) {
        const input = JSON.parse(raw || "{}") as Partial<Network>;
        if ([...networks.values()].some((n) => n.name === input.name)) return fail(409, "NameTaken", `${input.name}`);
        const subnets = (input.subnets ?? []).map((s) => ({
          id: `subnet-${randomUUID()}`,
          name: s.name,
          cidr: s.cidr,
        }));
        const network = { id: `net-${randomUUID()}`, name: input.name ?? "", cidr: input.cidr ?? "", subnets };
        networks.set(network.id, network);
        return send(201, network);
      }
      if (req.method === "GET" && id === undefined) {
        // Two networks a page, so clients must follow page tokens.
        const all = [...networks.values()];
        const from = Number(url.searchParams.get("pageToken") ?? 0);
        const next = from + 2 < all.length ? String(from + 2) : undefined;
        return send(200, { networks: all.slice(from, from + 2), ...(next ? { nextPageToken: next } : {}) });
      }
      const network = networks.get(id ?? "");
      if (!network) return fail(404, "NoSuchNetwork", `network ${id} does not exist`);
      if (req.method === "GET") return send(200, network);
      if (req.method === "DELETE") return (networks.delete(network.id), send(204));
      return fail(405, "MethodNotAllowed", `${req.method}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    throttle: (times) => void (throttled = times),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
