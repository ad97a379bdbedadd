import type { FrontResponse } from "../../http-front.js";
import type { World } from "../../../world/world.js";
import type { Authenticated } from "../authenticate.js";
import { AwsFault } from "../fault.js";
import type { PagePolicy } from "../paging.js";
import type { QueryParams } from "../params.js";
import { escapeXml, xmlChildren, xmlDocument } from "../xml.js";
import type { ElbAction, ElbContext } from "./context.js";
import { elbFaultOf } from "./errors.js";
import { createListener, deleteListener, describeListeners } from "./listeners.js";
import { createLoadBalancer, deleteLoadBalancer, describeLoadBalancers } from "./load-balancers.js";
import { elbStateOf } from "./state.js";
import { addTags, describeTags, removeTags } from "./tags.js";
import { createTargetGroup, deleteTargetGroup, describeTargetGroups } from "./target-groups.js";
import { deregisterTargets, describeTargetHealth, registerTargets } from "./targets.js";

/** The XML namespace of the front's ELBv2 answers, the one ELBv2 uses for `elbVersion`. */
export const elbNamespace = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
/** The ELBv2 API version the front serves (the Query protocol's `Version`; EC2 and ELBv2 share the front's URL). */
export const elbVersion = "2015-12-01";

/** The ELBv2 actions the front serves, by their API names. */
export const elbActions: Readonly<Record<string, ElbAction>> = {
  CreateLoadBalancer: createLoadBalancer,
  DescribeLoadBalancers: describeLoadBalancers,
  DeleteLoadBalancer: deleteLoadBalancer,
  CreateTargetGroup: createTargetGroup,
  DescribeTargetGroups: describeTargetGroups,
  DeleteTargetGroup: deleteTargetGroup,
  CreateListener: createListener,
  DescribeListeners: describeListeners,
  DeleteListener: deleteListener,
  RegisterTargets: registerTargets,
  DeregisterTargets: deregisterTargets,
  DescribeTargetHealth: describeTargetHealth,
  AddTags: addTags,
  RemoveTags: removeTags,
  DescribeTags: describeTags,
};

function headers(requestId: string): Record<string, string> {
  return { "content-type": "text/xml", "x-amzn-requestid": requestId };
}

/** The Query error envelope: `<ErrorResponse><Error>` with Type (Sender or Receiver), Code and Message. */
export function elbErrorResponse(fault: AwsFault, requestId: string): FrontResponse {
  const type = fault.status >= 500 ? "Receiver" : "Sender";
  const body = xmlDocument(
    "ErrorResponse",
    elbNamespace,
    `<Error><Type>${type}</Type><Code>${escapeXml(fault.code)}</Code><Message>${escapeXml(fault.message)}</Message></Error>` +
      `<RequestId>${requestId}</RequestId>`,
  );
  return { status: fault.status, headers: headers(requestId), body };
}

export interface ElbServiceDeps {
  world: World;
  pages: PagePolicy;
}

/** Serves one authenticated ELBv2 Query request: `<ActionResponse><ActionResult>` XML out. */
export async function serveElb(
  params: QueryParams,
  caller: Authenticated,
  deps: ElbServiceDeps,
  requestId: string,
): Promise<FrontResponse> {
  const action = params.string("Action") ?? "";
  try {
    const handler = elbActions[action];
    if (!handler)
      throw new AwsFault("InvalidAction", `The action ${action || "(none)"} is not valid for this web service.`);
    const ctx: ElbContext = {
      action,
      params,
      world: deps.world,
      account: caller.account,
      region: caller.region,
      pages: deps.pages,
      state: elbStateOf(deps.world, caller.account, caller.region),
      call: (fn) =>
        deps.world.call({ provider: "AWS", account: caller.account, region: caller.region, api: action }, fn),
    };
    const result = xmlChildren(await handler(ctx), "member");
    const body = xmlDocument(
      `${action}Response`,
      elbNamespace,
      `<${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>`,
    );
    return { status: 200, headers: headers(requestId), body };
  } catch (error) {
    return elbErrorResponse(elbFaultOf(error), requestId);
  }
}
