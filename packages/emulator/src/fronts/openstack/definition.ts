import { randomBytes } from "node:crypto";
import type { FrontDefinition } from "../definition.js";
import { startOpenStackFront } from "./front.js";
import type { OpenStackFrontOptions } from "./front.js";

const defaults = { region: "RegionOne", zone: "nova" };

/** The OpenStack front for the registry: a Keystone password user of the account's project. */
export const frontDefinition: FrontDefinition<Omit<OpenStackFrontOptions, "world" | "port">> = {
  provider: "OPENSTACK",
  name: "openstack",
  description: "Keystone v3, Nova, Glance, Neutron, Cinder and Octavia on one port",
  defaults,
  async start(world, { account, port, credential = {}, ...options }) {
    const user = {
      username: credential["username"] ?? "demo",
      password: credential["password"] ?? randomBytes(12).toString("base64url"),
      projectName: credential["projectName"] ?? "demo",
      userDomainName: credential["userDomainName"] ?? "Default",
      projectDomainName: credential["projectDomainName"] ?? "Default",
    };
    world.identities.add({
      provider: "OPENSTACK",
      key: `${user.userDomainName}/${user.username}`,
      secret: user.password,
      account,
      attributes: { projectName: user.projectName, projectDomainName: user.projectDomainName },
    });
    const front = await startOpenStackFront({ ...options, world, port });
    return {
      provider: "OPENSTACK",
      name: "openstack",
      endpoint: front.url,
      account,
      // driver-openstack finds every service through Keystone, so the auth URL is all it needs.
      credential: { authUrl: front.authUrl, ...user },
      ...defaults,
      usage: "driver-openstack (createOpenStackDriver()) with this credential; no endpoint override needed",
      close: () => front.close(),
    };
  },
};
