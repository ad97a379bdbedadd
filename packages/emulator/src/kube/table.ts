import type { KubeObject, KubeResourceName } from "./objects.js";

// Server-side printing: kubectl's human output asks for `as=Table` and prints the columns the
// server chose, as a real API server answers (the columns are kubectl's usual ones).

/** Whether an Accept header asks for a meta.k8s.io Table. */
export function wantsTable(accept: string | undefined): boolean {
  return accept !== undefined && /as=Table/.test(accept);
}

type Cell = string | number;

function age(created: unknown, now: number): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(String(created))) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

const get = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), o);

const columns: Record<KubeResourceName, { names: string[]; cells: (o: KubeObject, now: number) => Cell[] }> = {
  nodes: {
    names: ["Name", "Status", "Roles", "Age", "Version"],
    cells: (o, now) => {
      const ready = (get(o, "status", "conditions") as { type: string; status: string }[] | undefined)?.find(
        (c) => c.type === "Ready",
      );
      return [
        o.metadata.name,
        ready?.status === "True" ? "Ready" : "NotReady",
        "<none>",
        age(get(o, "metadata", "creationTimestamp"), now),
        String(get(o, "status", "nodeInfo", "kubeletVersion")),
      ];
    },
  },
  namespaces: {
    names: ["Name", "Status", "Age"],
    cells: (o, now) => [
      o.metadata.name,
      String(get(o, "status", "phase")),
      age(get(o, "metadata", "creationTimestamp"), now),
    ],
  },
  pods: {
    names: ["Name", "Ready", "Status", "Restarts", "Age"],
    cells: (o, now) => {
      const ready = get(o, "status", "phase") === "Running";
      return [
        o.metadata.name,
        ready ? "1/1" : "0/1",
        String(get(o, "status", "phase")),
        0,
        age(get(o, "metadata", "creationTimestamp"), now),
      ];
    },
  },
  services: {
    names: ["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age"],
    cells: (o, now) => [
      o.metadata.name,
      String(get(o, "spec", "type")),
      String(get(o, "spec", "clusterIP")),
      "<none>",
      ((get(o, "spec", "ports") as { port: number; protocol: string }[] | undefined) ?? [])
        .map((p) => `${p.port}/${p.protocol}`)
        .join(","),
      age(get(o, "metadata", "creationTimestamp"), now),
    ],
  },
};

export function asTable(resource: KubeResourceName, objects: KubeObject[], now: number): Record<string, unknown> {
  const def = columns[resource];
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: { resourceVersion: String(now) },
    columnDefinitions: def.names.map((name, i) => ({
      name,
      type: name === "Restarts" ? "integer" : "string",
      format: i === 0 ? "name" : "",
      description: "",
      priority: 0,
    })),
    rows: objects.map((o) => ({
      cells: def.cells(o, now),
      object: {
        kind: "PartialObjectMetadata",
        apiVersion: "meta.k8s.io/v1",
        metadata: o.metadata,
      },
    })),
  };
}
