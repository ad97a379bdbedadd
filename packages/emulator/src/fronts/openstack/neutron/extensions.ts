import { FrontError, json } from "../http.js";
import type { Route } from "../service.js";

/**
 * What Neutron says of each extension the profiles load: name, description and updated stamp, as
 * the extension descriptors in neutron-lib's api/definitions and neutron/extensions define them.
 */
const descriptors: Readonly<Record<string, readonly [name: string, description: string, updated: string]>> = {
  "address-scope": ["Address scope", "Address scopes extension.", "2015-07-26T10:00:00-00:00"],
  agent: ["agent", "The agent management extension.", "2013-02-03T10:00:00-00:00"],
  "allowed-address-pairs": ["Allowed Address Pairs", "Provides allowed address pairs", "2013-07-23T10:00:00-00:00"],
  availability_zone: ["Availability Zone", "The availability zone extension.", "2015-01-01T10:00:00-00:00"],
  binding: [
    "Port Binding",
    "Expose port bindings of a virtual port to external application",
    "2014-02-03T10:00:00-00:00",
  ],
  "external-net": [
    "Neutron external network",
    "Adds external network attribute to network resource.",
    "2013-01-14T10:00:00-00:00",
  ],
  extra_dhcp_opt: [
    "Neutron Extra DHCP options",
    "Extra options configuration for DHCP. For example PXE boot options to DHCP clients can be specified (e.g. tftp-server, server-ip-address, bootfile-name)",
    "2013-03-17T12:00:00-00:00",
  ],
  extraroute: ["Neutron Extra Route", "Extra routes configuration for L3 router", "2013-02-01T10:00:00-00:00"],
  "ext-gw-mode": [
    "Neutron L3 Configurable external gateway mode",
    "Extension of the router abstraction for specifying whether SNAT should occur on the external gateway",
    "2013-03-28T10:00:00-00:00",
  ],
  l3_agent_scheduler: ["L3 Agent Scheduler", "Schedule routers among l3 agents", "2013-02-07T10:00:00-00:00"],
  "multi-provider": [
    "Multi Provider Network",
    "Expose mapping of virtual networks to multiple physical networks",
    "2013-06-27T10:00:00-00:00",
  ],
  "net-mtu": ["Network MTU", "Provides MTU attribute for a network resource.", "2015-03-25T10:00:00-00:00"],
  network_availability_zone: [
    "Network Availability Zone",
    "Availability zone support for network.",
    "2015-01-01T10:00:00-00:00",
  ],
  pagination: [
    "Pagination support",
    "Extension that indicates that pagination is enabled.",
    "2016-06-12T00:00:00-00:00",
  ],
  "port-security": ["Port Security", "Provides port security", "2012-07-23T10:00:00-00:00"],
  "project-id": [
    "project_id field enabled",
    "Extension that indicates that project_id field is enabled.",
    "2016-09-09T09:09:09-09:09",
  ],
  provider: [
    "Provider Network",
    "Expose mapping of virtual networks to physical networks",
    "2012-09-07T10:00:00-00:00",
  ],
  quotas: [
    "Quota management support",
    "Expose functions for quotas management per project",
    "2012-07-29T10:00:00-00:00",
  ],
  quota_details: [
    "Quota details management support",
    "Expose functions for quotas usage statistics per project",
    "2017-02-10T10:00:00-00:00",
  ],
  "rbac-policies": [
    "RBAC Policies",
    "Allows creation and modification of policies that control project access to resources.",
    "2015-06-17T12:15:12-00:00",
  ],
  router: [
    "Neutron L3 Router",
    "Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway.",
    "2012-07-20T10:00:00-00:00",
  ],
  "security-group": ["security-group", "The security groups extension.", "2012-10-05T10:00:00-00:00"],
  sorting: ["Sorting support", "Extension that indicates that sorting is enabled.", "2016-06-12T00:00:00-00:00"],
  "standard-attr-description": [
    "standard-attr-description",
    "Extension to add descriptions to standard attributes",
    "2016-02-10T10:00:00-00:00",
  ],
  "standard-attr-revisions": [
    "Resource revision numbers",
    "This extension will display the revision number of neutron resources.",
    "2016-04-11T10:00:00-00:00",
  ],
  "standard-attr-tag": [
    "Tag support for resources with standard attribute: subnet, trunk, network_segment_range, router, network, policy, subnetpool, port, security_group, floatingip",
    "Enables to set tag on resources with standard attribute.",
    "2017-01-01T00:00:00-00:00",
  ],
  "standard-attr-timestamp": [
    "Resource timestamps",
    "Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes.",
    "2016-09-12T10:00:00-00:00",
  ],
  subnet_allocation: [
    "Subnet Allocation",
    "Enables allocation of subnets from a subnet pool",
    "2015-03-30T10:00:00-00:00",
  ],
  // Neutron's own stamp, month 23 and all.
  "tag-creation": [
    "Tag creation extension",
    "Allow to create multiple tags for a resource",
    "2024-23-07T10:00:00-00:00",
  ],
  "tag-ports-during-bulk-creation": [
    "Tag Ports During Bulk Creation",
    "Allow to tag ports during bulk creation",
    "2019-12-29T19:00:00-00:00",
  ],
  "fip-port-details": [
    "Floating IP Port Details Extension",
    "Add port_details attribute to Floating IP resource",
    "2018-04-09T10:00:00-00:00",
  ],
  "filter-validation": [
    "Filter parameters validation",
    "Provides validation on filter parameters.",
    "2018-07-04T10:00:00-00:00",
  ],
  "empty-string-filtering": [
    "Empty String Filtering Extension",
    "Allow filtering by attributes with empty string value",
    "2018-05-01T10:00:00-00:00",
  ],
};

/** An extension as GET /v2.0/extensions renders it; an alias no descriptor names gets its alias as name. */
export function extensionView(alias: string): Record<string, unknown> {
  const [name = alias, description = "", updated = ""] = descriptors[alias] ?? [];
  return { name, alias, description, updated, links: [] };
}

/** The deployment's loaded extensions, which clients read to learn what this Neutron can do. */
export const extensionRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/extensions$/,
    api: "neutron:ListExtensions",
    handle: (call) =>
      call.call(() => json(200, { extensions: call.ctx.deployment.neutronExtensions.map(extensionView) })),
  },
  {
    method: "GET",
    path: /^\/extensions\/([^/]+)$/,
    api: "neutron:ShowExtension",
    handle: (call) =>
      call.call(() => {
        const alias = call.params[0] ?? "";
        if (!call.ctx.deployment.neutronExtensions.includes(alias))
          throw new FrontError(404, `Extension with alias ${alias} does not exist`, "HTTPNotFound");
        return json(200, { extension: extensionView(alias) });
      }),
  },
];
