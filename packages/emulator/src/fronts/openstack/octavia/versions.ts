import type { FrontRequest, FrontResponse } from "../../http-front.js";
import type { OpenStackDeployment } from "../deployment.js";
import { json } from "../http.js";

// GET / on Octavia's endpoint, without a token: every API version up to the release's, the last
// CURRENT, the others SUPPORTED, all served at /v2 (octavia/api/root_controller.py).

/** When each v2.x version appeared. */
const released: readonly string[] = [
  "2016-12-11T00:00:00Z",
  "2018-04-20T00:00:00Z",
  "2018-07-31T00:00:00Z",
  "2018-12-18T00:00:00Z",
  "2018-12-19T00:00:00Z",
  "2019-01-21T00:00:00Z",
  "2019-01-25T00:00:00Z",
  "2018-01-25T12:00:00Z",
  "2019-02-12T00:00:00Z",
  "2019-03-04T00:00:00Z",
  "2019-03-05T00:00:00Z",
  "2019-06-24T00:00:00Z",
  "2019-09-11T00:00:00Z",
  "2019-09-13T00:00:00Z",
  "2019-11-10T00:00:00Z",
  "2020-03-10T00:00:00Z",
  "2020-03-15T00:00:00Z",
  "2020-04-29T00:00:00Z",
  "2020-04-29T01:00:00Z",
  "2020-05-12T00:00:00Z",
  "2020-08-02T00:00:00Z",
  "2020-09-03T00:00:00Z",
  "2020-09-04T00:00:00Z",
  "2020-09-07T00:00:00Z",
  "2020-10-15T00:00:00Z",
  "2021-10-02T00:00:00Z",
  "2022-08-29T00:00:00Z",
  "2023-05-05T00:00:00Z",
  "2023-11-08T00:00:00Z",
  "2024-10-15T00:00:00Z",
  "2025-02-26T00:00:00Z",
];

export function versionsDocument(deployment: OpenStackDeployment, serviceUrl: string): Record<string, unknown> {
  const last = Math.min(Number(deployment.octaviaApiVersion.split(".")[1] ?? "0"), released.length - 1);
  return {
    versions: released.slice(0, last + 1).map((updated, minor) => ({
      id: `v2.${minor}`,
      status: minor === last ? "CURRENT" : "SUPPORTED",
      updated,
      links: [{ href: `${serviceUrl}/v2`, rel: "self" }],
    })),
  };
}

/** The root answers without a token; everything else goes on to authentication. */
export function rootAnswer(
  request: FrontRequest,
  rest: string,
  deployment: OpenStackDeployment,
  serviceUrl: string,
): FrontResponse | undefined {
  if (rest !== "/" || request.method !== "GET") return undefined;
  return json(200, versionsDocument(deployment, serviceUrl));
}
