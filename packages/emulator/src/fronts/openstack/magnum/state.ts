import type { World } from "../../../world/world.js";

// Magnum keeps things of its own around the world's clusters: cluster templates (an operator's
// public ones and the project's own), and per cluster the template it was made from, its key
// pair, master count, labels and the last action (CREATE or UPDATE, for its status names). They
// hang off the world, so every front over one world sees the same.

export interface TemplateEntry {
  uuid: string;
  name: string;
  /** Where it was made ("<account>/<region>"); operator templates belong to no project. */
  owner: string | undefined;
  public: boolean;
  hidden: boolean;
  imageId: string;
  keypairId: string | null;
  flavorId: string | null;
  masterFlavorId: string | null;
  externalNetworkId: string | null;
  fixedNetwork: string | null;
  fixedSubnet: string | null;
  networkDriver: string;
  dockerVolumeSize: number | null;
  labels: Record<string, string>;
  masterLbEnabled: boolean;
  floatingIpEnabled: boolean;
  createdAt: number;
  updatedAt: number | null;
}

export interface ClusterEntry {
  templateId: string;
  keypair: string | null;
  masterCount: number;
  masterFlavorId: string | null;
  labels: Record<string, string>;
  createTimeout: number;
  /** The action whose status the cluster shows: CREATE until the first change, then UPDATE. */
  action: "CREATE" | "UPDATE";
  /** Node group uuids of the project's groups that Magnum made as "default-worker". */
  defaultWorker: string | undefined;
  /** The role and labels each node group was created with. */
  nodeGroups: Map<string, { role: string; labels: Record<string, string>; imageId: string }>;
  updatedAt: number | null;
}

interface MagnumState {
  templates: Map<string, TemplateEntry>;
  clusters: Map<string, ClusterEntry>;
}

const states = new WeakMap<World, MagnumState>();

export function magnumState(world: World): MagnumState {
  let state = states.get(world);
  if (!state) {
    state = { templates: new Map(), clusters: new Map() };
    states.set(world, state);
  }
  return state;
}
