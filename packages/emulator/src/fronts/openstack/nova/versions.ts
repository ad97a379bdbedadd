import type { FrontResponse } from "../../http-front.js";
import type { OpenStackDeployment } from "../deployment.js";
import { json } from "../http.js";
import { maxMicroversionOf, minMicroversion } from "./microversion.js";

// Nova's version documents (nova/api/openstack/compute/versions.py): served without a token at
// the compute endpoint's root and at /v2.1, so that clients can discover the microversion range.

const format = (v: readonly [number, number]): string => `${v[0]}.${v[1]}`;

function v21(deployment: OpenStackDeployment): Record<string, unknown> {
  return {
    id: "v2.1",
    status: "CURRENT",
    version: format(maxMicroversionOf(deployment)),
    min_version: format(minMicroversion),
    updated: "2013-07-23T11:33:21Z",
  };
}

/**
 * The answer to a version discovery request below the compute endpoint ("http://host/<region>/compute"),
 * or undefined when `rest` is an API path.
 */
export function novaVersions(deployment: OpenStackDeployment, root: string, rest: string): FrontResponse | undefined {
  if (rest === "/" || rest === "") {
    return json(200, {
      versions: [
        {
          id: "v2.0",
          status: "SUPPORTED",
          version: "",
          min_version: "",
          updated: "2011-01-21T11:33:21Z",
          links: [{ rel: "self", href: `${root}/v2/` }],
        },
        { ...v21(deployment), links: [{ rel: "self", href: `${root}/v2.1/` }] },
      ],
    });
  }
  if (rest === "/v2.1" || rest === "/v2.1/") {
    return json(200, {
      version: {
        ...v21(deployment),
        links: [
          { rel: "self", href: `${root}/v2.1/` },
          { rel: "describedby", type: "text/html", href: "http://docs.openstack.org/" },
        ],
        "media-types": [{ base: "application/json", type: "application/vnd.openstack.compute+json;version=2.1" }],
      },
    });
  }
  return undefined;
}
