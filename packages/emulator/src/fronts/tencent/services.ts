/** The API 3.0 services the front serves on one server, told apart by the Host header's first label. */
export interface Service {
  /** The host's first label and the credential scope's service: "cvm". */
  name: "cvm" | "vpc" | "cbs" | "clb" | "region" | "tag" | "tke" | "as";
  version: string;
}

export const cvm: Service = { name: "cvm", version: "2017-03-12" };
export const vpc: Service = { name: "vpc", version: "2017-03-12" };
export const cbs: Service = { name: "cbs", version: "2017-03-12" };
export const clb: Service = { name: "clb", version: "2018-03-17" };
export const regionService: Service = { name: "region", version: "2022-06-27" };
export const tag: Service = { name: "tag", version: "2018-08-13" };
export const tke: Service = { name: "tke", version: "2018-05-25" };
export const autoScaling: Service = { name: "as", version: "2018-04-19" };

export const services: readonly Service[] = [cvm, vpc, cbs, clb, regionService, tag, tke, autoScaling];

/** The service a Host header names ("cvm.tencentcloudapi.com", "cvm.ap-guangzhou.tencentcloudapi.com"). */
export function serviceOfHost(host: string): Service | undefined {
  const label = host.split(":")[0]?.split(".")[0]?.toLowerCase() ?? "";
  return services.find((s) => s.name === label);
}
