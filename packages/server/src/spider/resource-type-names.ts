import type { TrackedType } from "@cloud-barista/core";

/** Spider's RSType word for each tracked type (its capability, destroy and count answers use them). */
export const spiderTypeName: Record<TrackedType, string> = {
  vpc: "vpc",
  subnet: "subnet",
  securityGroup: "sg",
  keyPair: "keypair",
  vm: "vm",
  disk: "disk",
  myImage: "myimage",
  nlb: "nlb",
  cluster: "cluster",
  nodeGroup: "nodegroup",
};
