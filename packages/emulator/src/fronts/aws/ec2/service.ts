import type { FrontResponse } from "../../http-front.js";
import type { World } from "../../../world/world.js";
import type { Authenticated } from "../authenticate.js";
import { AwsFault } from "../fault.js";
import type { PagePolicy } from "../paging.js";
import type { QueryParams } from "../params.js";
import { escapeXml, xmlChildren, xmlDocument } from "../xml.js";
import type { Ec2Action, Ec2Context } from "./context.js";
import { ec2FaultOf } from "./errors.js";
import { createImage, deregisterImage, describeImages } from "./images.js";
import { describeInstanceStatus } from "./instance-status.js";
import { describeInstanceTypes } from "./instance-types.js";
import {
  describeInstances,
  rebootInstances,
  runInstances,
  startInstances,
  stopInstances,
  terminateInstances,
} from "./instances.js";
import { createKeyPair, deleteKeyPair, describeKeyPairs, importKeyPair } from "./key-pairs.js";
import { describeAvailabilityZones, describeRegions } from "./regions.js";
import { createSecurityGroup, deleteSecurityGroup, describeSecurityGroups } from "./security-groups.js";
import {
  authorizeSecurityGroupEgress,
  authorizeSecurityGroupIngress,
  revokeSecurityGroupEgress,
  revokeSecurityGroupIngress,
} from "./security-rules.js";
import { deleteSnapshot, describeSnapshots } from "./snapshots.js";
import { createSubnet, deleteSubnet, describeSubnets } from "./subnets.js";
import { createTags, deleteTags, describeTags } from "./tag-actions.js";
import { createVpc, deleteVpc, describeVpcs } from "./vpcs.js";
import { attachVolume, createVolume, deleteVolume, describeVolumes, detachVolume, modifyVolume } from "./volumes.js";

/** The XML namespace of the front's EC2 answers, the one EC2 uses for `ec2Version`. */
export const ec2Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/";
/** The EC2 API version the front serves (the Query protocol's `Version`, the one every AWS SDK sends). */
export const ec2Version = "2016-11-15";

/** The EC2 actions the front serves, by their API names. */
export const ec2Actions: Readonly<Record<string, Ec2Action>> = {
  DescribeRegions: describeRegions,
  DescribeAvailabilityZones: describeAvailabilityZones,
  DescribeImages: describeImages,
  CreateImage: createImage,
  DeregisterImage: deregisterImage,
  DescribeSnapshots: describeSnapshots,
  DeleteSnapshot: deleteSnapshot,
  DescribeInstanceTypes: describeInstanceTypes,
  CreateVpc: createVpc,
  DescribeVpcs: describeVpcs,
  DeleteVpc: deleteVpc,
  CreateSubnet: createSubnet,
  DescribeSubnets: describeSubnets,
  DeleteSubnet: deleteSubnet,
  CreateSecurityGroup: createSecurityGroup,
  DescribeSecurityGroups: describeSecurityGroups,
  DeleteSecurityGroup: deleteSecurityGroup,
  AuthorizeSecurityGroupIngress: authorizeSecurityGroupIngress,
  AuthorizeSecurityGroupEgress: authorizeSecurityGroupEgress,
  RevokeSecurityGroupIngress: revokeSecurityGroupIngress,
  RevokeSecurityGroupEgress: revokeSecurityGroupEgress,
  CreateKeyPair: createKeyPair,
  ImportKeyPair: importKeyPair,
  DescribeKeyPairs: describeKeyPairs,
  DeleteKeyPair: deleteKeyPair,
  RunInstances: runInstances,
  DescribeInstances: describeInstances,
  DescribeInstanceStatus: describeInstanceStatus,
  StopInstances: stopInstances,
  StartInstances: startInstances,
  RebootInstances: rebootInstances,
  TerminateInstances: terminateInstances,
  CreateVolume: createVolume,
  DescribeVolumes: describeVolumes,
  DeleteVolume: deleteVolume,
  AttachVolume: attachVolume,
  DetachVolume: detachVolume,
  ModifyVolume: modifyVolume,
  CreateTags: createTags,
  DeleteTags: deleteTags,
  DescribeTags: describeTags,
};

function headers(requestId: string): Record<string, string> {
  return { "content-type": "text/xml;charset=UTF-8", "x-amzn-requestid": requestId, server: "AmazonEC2" };
}

/** EC2's error envelope: `<Response><Errors><Error>` with the code and message, and the request id. */
export function ec2ErrorResponse(fault: AwsFault, requestId: string): FrontResponse {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(fault.code)}</Code>` +
    `<Message>${escapeXml(fault.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
  return { status: fault.status, headers: headers(requestId), body };
}

export interface Ec2ServiceDeps {
  world: World;
  pages: PagePolicy;
}

/** Serves one authenticated EC2 Query request: Action and Version in, `<ActionResponse>` XML out. */
export async function serveEc2(
  params: QueryParams,
  caller: Authenticated,
  deps: Ec2ServiceDeps,
  requestId: string,
): Promise<FrontResponse> {
  const action = params.string("Action") ?? "";
  try {
    const handler = ec2Actions[action];
    if (!handler)
      throw new AwsFault("InvalidAction", `The action ${action || "(none)"} is not valid for this web service.`);
    // A dry run checks permissions only; the emulator grants every action.
    if (params.bool("DryRun") === true)
      throw new AwsFault("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
    const ctx: Ec2Context = {
      action,
      params,
      world: deps.world,
      account: caller.account,
      region: caller.region,
      pages: deps.pages,
      call: (fn, options) =>
        deps.world.call(
          { provider: "AWS", account: caller.account, region: caller.region, api: action, cost: options?.resources },
          fn,
        ),
    };
    const fields = await handler(ctx);
    const body = xmlDocument(
      `${action}Response`,
      ec2Namespace,
      `<requestId>${requestId}</requestId>${xmlChildren(fields, "item")}`,
    );
    return { status: 200, headers: headers(requestId), body };
  } catch (error) {
    return ec2ErrorResponse(ec2FaultOf(error, action), requestId);
  }
}
