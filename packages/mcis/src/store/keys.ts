// Key layout of the MCIS layer in the core store. IDs never contain '/', so prefixes are exact.
//   mcis/head/<ns>/<mcis>         the MCIS record (small: written once per operation)
//   mcis/vm/<ns>/<mcis>/<vm>      one record per VM (written as each VM progresses)
//   mcis/net/<ns>/<connection>    the namespace's default network in a connection
//   mcis/netblock/<ns>/<block>    claims CIDR block <block> for one connection (unique per namespace)

export const headPrefix = (namespace?: string): string =>
  namespace === undefined ? "mcis/head/" : `mcis/head/${namespace}/`;
export const headKey = (namespace: string, name: string): string => `mcis/head/${namespace}/${name}`;
export const vmPrefix = (namespace: string, name: string): string => `mcis/vm/${namespace}/${name}/`;
export const vmKey = (namespace: string, name: string, vm: string): string => `mcis/vm/${namespace}/${name}/${vm}`;
export const netPrefix = (namespace?: string): string =>
  namespace === undefined ? "mcis/net/" : `mcis/net/${namespace}/`;
export const netKey = (namespace: string, connection: string): string => `mcis/net/${namespace}/${connection}`;
export const netBlockKey = (namespace: string, block: number): string => `mcis/netblock/${namespace}/${block}`;
