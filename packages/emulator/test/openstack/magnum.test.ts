/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- raw JSON answers are inspected field by field */
import { describe, expect, it } from "vitest";
import { closingClients } from "./support.js";

// Magnum's protocol at the wire: its version document and microversion headers, its error list,
// operator templates per offered version, and the refusals the driver's tests do not reach.

const client = closingClients();
const v1 = "/container-infra/v1";

describe("OpenStack front: Magnum", () => {
  it("answers its version document without a token and negotiates container-infra microversions", async () => {
    const c = await client();
    const root = await fetch(`${c.regionUrl}/container-infra/`);
    expect(((await root.json()) as any).versions[0]).toMatchObject({
      id: "v1",
      min_version: "1.1",
      max_version: "1.11",
    });
    const plain = await c.call("GET", `${v1}/clustertemplates`);
    expect(plain.headers.get("openstack-api-version")).toBe("container-infra 1.1");
    expect(plain.headers.get("openstack-api-maximum-version")).toBe("container-infra 1.11");
    const latest = await c.call("GET", `${v1}/clustertemplates`, undefined, {
      "openstack-api-version": "container-infra latest",
    });
    expect(latest.headers.get("openstack-api-version")).toBe("container-infra 1.11");
    const tooNew = await c.call("GET", `${v1}/clustertemplates`, undefined, {
      "openstack-api-version": "container-infra 1.99",
    });
    expect(tooNew.status).toBe(406);
    expect(tooNew.body.errors[0]).toMatchObject({ status: 406, code: "client" });
    expect(tooNew.body.errors[0].detail).toMatch(/supported version range is: \[1\.1, 1\.11\]/);
  });

  it("lists one public template per offered version, the retired one hidden", async () => {
    const c = await client();
    const list = await c.call("GET", `${v1}/clustertemplates/detail`);
    expect(list.status).toBe(200);
    const tags = list.body.clustertemplates.map((t: any) => [t.labels.kube_tag, t.hidden, t.public]);
    expect(tags).toEqual([
      ["v1.29.9", true, true],
      ["v1.30.4", false, true],
      ["v1.31.1", false, true],
    ]);
  });

  it("answers Magnum's error list for a missing cluster, and node groups only from 1.9", async () => {
    const c = await client();
    const missing = await c.call("GET", `${v1}/clusters/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0]).toMatchObject({
      status: 404,
      code: "client",
      title: "Cluster nope could not be found.",
    });
    const old = await c.call("GET", `${v1}/clusters/nope/nodegroups`, undefined, {
      "openstack-api-version": "container-infra 1.8",
    });
    expect(old.status).toBe(406);
    const bad = await c.call("POST", `${v1}/clusters`, { name: "1bad", cluster_template_id: "x" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].detail).toBe("Cluster name 1bad is invalid.");
    const csr = await c.call("POST", `${v1}/certificates`, { cluster_uuid: "nope", csr: "not a csr" });
    expect(csr.status).toBe(400);
  });
});
