import { request } from "node:https";
import { VirtualClock } from "@cloud-barista/core";
import { afterEach } from "vitest";
import { World } from "../../src/index.js";
import { startAzureFront } from "../../src/fronts/azure/index.js";
import type { AzureFrontOptions, RunningAzureFront } from "../../src/fronts/azure/index.js";

// A world with one Azure service principal and the Azure front over HTTPS, and raw requests to it
// that trust only the front's own certificate.

export const subscription = "0b0b0b0b-1111-2222-3333-444444444444";
export const tenant = "7e7e7e7e-aaaa-bbbb-cccc-dddddddddddd";
export const client = "c1c1c1c1-0000-1111-2222-333333333333";
export const secret = "the~client.secret";
export const network = "api-version=2026-01-01";

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: Record<string, unknown>;
}

let front: RunningAzureFront | undefined;
afterEach(async () => {
  await front?.close();
  front = undefined;
});

export async function start(options: Partial<AzureFrontOptions> = {}) {
  const clock = new VirtualClock();
  const world = new World({ clock, timing: { jitterRatio: 0 } });
  world.identities.add({ provider: "AZURE", key: `${tenant}/${client}`, secret, account: subscription });
  front = await startAzureFront({ world, ...options });
  const running = front;
  const send = (method: string, path: string, options: { body?: unknown; form?: string; token?: string } = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const body = options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
      const headers: Record<string, string> = {
        ...(options.form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      };
      const url = path.startsWith("https:") ? path : `${running.url}${path}`;
      request(url, { method, headers, ca: running.caCertificate }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
          });
        });
      })
        .on("error", reject)
        .end(body);
    });
  const token = async () => {
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: client,
      client_secret: secret,
      scope: "https://management.azure.com/.default",
    }).toString();
    const answer = await send("POST", `/${tenant}/oauth2/v2.0/token`, { form });
    return String(answer.json["access_token"]);
  };
  return { world, clock, send, token, front: running };
}
