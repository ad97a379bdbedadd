import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { collectingReporter } from "../src/report.js";
import { runSecrets } from "../src/secrets.js";
import { errorSurfaces, leaksIn } from "../src/secrets/surfaces.js";
import { recordAuthorizations } from "../src/secrets/wire.js";

// The secrets part (its full run: about a second), and the checks that its search finds a secret
// wherever an error could hide one.

describe("the secrets part", () => {
  it(
    "finds no credential in any error surface, call history, the store's bytes or the logs",
    { timeout: 60_000 },
    async () => {
      const reporter = collectingReporter();
      const result = await runSecrets({ quick: true }, reporter);
      expect(reporter.lines.filter((l) => "where" in l)).toEqual([]);
      const summary = reporter.lines.find((l) => l.summary === true);
      expect(summary).toMatchObject({ part: "secrets", leaks: 0, failures: 0 });
      expect(summary?.["surfacesChecked"]).toBeGreaterThan(200);
      // GCP's self-signed JWTs (and the other clouds' Authorization values) were recorded and searched.
      expect(summary?.["wireAuthorizations"]).toBeGreaterThan(3);
      // Every failure kind was provoked for every target that has it, each with a typed error.
      const kinds = reporter.lines
        .filter((l) => "failure" in l)
        .map((l) => `${String(l["target"])} ${String(l["failure"])}`);
      expect(kinds.sort()).toEqual(
        [
          "alibaba bad-input",
          "alibaba echo",
          "alibaba refused-auth",
          "alibaba unreachable",
          "alibaba-sts echo",
          "alibaba-sts refused-auth",
          "alibaba-sts unreachable",
          "aws bad-input",
          "aws echo",
          "aws refused-auth",
          "aws unreachable",
          "azure bad-input",
          "azure echo",
          "azure refused-auth",
          "azure unreachable",
          "azure-certificate bad-input",
          "azure-certificate echo",
          "azure-certificate refused-auth",
          "azure-certificate unreachable",
          "gcp bad-input",
          "gcp echo",
          "gcp refused-auth",
          "gcp unreachable",
          "mock bad-input",
          "mock echo",
          "mock unreachable",
          "openstack bad-input",
          "openstack echo",
          "openstack refused-auth",
          "openstack unreachable",
          "tencent bad-input",
          "tencent echo",
          "tencent refused-auth",
          "tencent unreachable",
          "tencent-sts echo",
          "tencent-sts refused-auth",
          "tencent-sts unreachable",
        ].sort(),
      );
      for (const line of reporter.lines.filter((l) => "codes" in l))
        expect(String(line["codes"])).not.toContain("untyped");
      // An echo needs a connection that signs in: the cloud, not the login, must answer.
      for (const line of reporter.lines.filter((l) => l["failure"] === "echo"))
        expect(line["codes"], String(line["target"])).not.toContain("Unauthenticated");
      expect(result.failures).toBe(0);
    },
  );
});

describe("the secrets search", () => {
  const secret = "Sentinel-c0ffee42";

  it("finds a secret in a vendor cause's request config, hidden properties, and encoded forms", () => {
    const cause = new Error("socket hang up");
    Object.defineProperty(cause, "config", { value: { data: `{"password":"${secret}"}` }, enumerable: false });
    const error = new Error("failed", { cause });
    expect(leaksIn(errorSurfaces(error), [secret])).toEqual(expect.arrayContaining(["inspect", "cause[1].properties"]));
    const basic = new Error(`Authorization: Basic ${Buffer.from(secret).toString("base64")}`);
    expect(leaksIn(errorSurfaces(basic), [secret])).toContain("cause[0].message");
    const form = new Error(`body: password=${encodeURIComponent(`${secret}&=`)}`);
    expect(leaksIn(errorSurfaces(form), [`${secret}&=`])).toContain("string");
  });

  it("finds nothing where there is nothing", () => {
    expect(leaksIn(errorSurfaces(new Error("no secret here", { cause: "a string cause" })), [secret])).toEqual([]);
  });
});

describe("the wire recording", () => {
  it("records the credential of each Authorization header sent over node:http and fetch, until stopped", async () => {
    const server = createServer((_req, res) => res.end("ok"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const httpGet = (authorization: string) =>
      new Promise<void>((resolve, reject) => {
        const req = request(url, { headers: { authorization } }, (res) => res.resume().on("end", resolve));
        req.on("error", reject).end();
      });
    const wire = recordAuthorizations();
    try {
      await httpGet("Bearer eyJhbGciOiJSUzI1NiJ9.http-token");
      await (await fetch(url, { headers: { Authorization: "Bearer eyJhbGciOiJSUzI1NiJ9.fetch-token" } })).text();
      await (await fetch(url, { headers: { Authorization: "short" } })).text();
    } finally {
      wire.stop();
    }
    await httpGet("Bearer eyJhbGciOiJSUzI1NiJ9.after-stop");
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect([...wire.values].sort()).toEqual(["eyJhbGciOiJSUzI1NiJ9.fetch-token", "eyJhbGciOiJSUzI1NiJ9.http-token"]);
  });
});
