import { badRequest, json, readJson } from "../http.js";
import type { Route, ServiceCall } from "../service.js";
import { clusterOf } from "./clusters.js";
import { text } from "./input.js";
import { parseCsr } from "./csr.js";

// Certificates (magnum/api/controllers/v1/certificate.py): GET gives the cluster's CA, POST signs
// a client's CSR with it. The Kubernetes API endpoint of the cluster trusts what the CA signed.

function links(call: ServiceCall, clusterId: string) {
  const href = `${call.endpoint}/v1/certificates/${clusterId}`;
  return [
    { href, rel: "self" },
    { href, rel: "bookmark" },
  ];
}

export const certificateRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/certificates\/([^/]+)$/,
    api: "magnum:ShowCertificate",
    handle: (call) =>
      call.call((cloud) => {
        const { cluster } = clusterOf(call, cloud, call.params[0] ?? "");
        return json(200, {
          cluster_uuid: cluster.id,
          pem: cluster.caCertificate,
          links: links(call, cluster.id),
        });
      }),
  },
  {
    method: "POST",
    path: /^\/certificates$/,
    api: "magnum:SignCertificate",
    handle: (call) => {
      const body = readJson(call.request);
      const ident = text(body, "cluster_uuid") ?? text(body, "bay_uuid");
      const csr = text(body, "csr");
      if (ident === undefined)
        throw badRequest("Invalid input for field/attribute cluster_uuid. Mandatory field missing.");
      if (csr === undefined || !csr.includes("-----BEGIN CERTIFICATE REQUEST-----"))
        throw badRequest(
          "Invalid input for field/attribute csr. Value: a PEM certificate signing request is required.",
        );
      const request = parseCsr(csr);
      return call.call((cloud) => {
        const { cluster } = clusterOf(call, cloud, ident);
        const pem = cloud.clusters.signClientCertificate(
          cluster.id,
          { commonName: request.commonName, organizations: request.organizations },
          request.publicKey,
        );
        return json(201, { cluster_uuid: cluster.id, csr, pem, links: links(call, cluster.id) });
      });
    },
  },
];
