import { network, start, subscription } from "./support.js";

// A resource group with a virtual network (net, subnet web) on the Azure front, and what the
// compute tests build on it: interfaces, public IPs, VM bodies, operations settled on the clock.

export const compute = "api-version=2026-04-01";
export const rg = `/subscriptions/${subscription}/resourceGroups/rg`;
export const path = (type: string, name: string, query: string, action = "") =>
  `${rg}/providers/${type}/${name}${action ? `/${action}` : ""}?${query}`;
export const nic = (name: string) => path("Microsoft.Network/networkInterfaces", name, network);
export const pip = (name: string) => path("Microsoft.Network/publicIPAddresses", name, network);
export const vm = (name: string, action = "") => path("Microsoft.Compute/virtualMachines", name, compute, action);
export const disks = `${rg}/providers/Microsoft.Compute/disks?api-version=2025-01-02`;
export const key = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 user@host";

export function vmBody(
  nicName: string,
  options: { admin?: string; nicDelete?: string; diskDelete?: string; image?: Record<string, unknown> } = {},
) {
  return {
    location: "koreacentral",
    properties: {
      hardwareProfile: { vmSize: "Standard_B2s" },
      storageProfile: {
        imageReference: options.image ?? {
          publisher: "Canonical",
          offer: "ubuntu-24_04-lts",
          sku: "server",
          version: "latest",
        },
        osDisk: { createOption: "FromImage", deleteOption: options.diskDelete ?? "Delete" },
      },
      osProfile: {
        computerName: "web",
        adminUsername: options.admin ?? "azureuser",
        linuxConfiguration: {
          disablePasswordAuthentication: true,
          ssh: { publicKeys: [{ path: `/home/${options.admin ?? "azureuser"}/.ssh/authorized_keys`, keyData: key }] },
        },
      },
      networkProfile: {
        networkInterfaces: [
          {
            id: `${rg}/providers/Microsoft.Network/networkInterfaces/${nicName}`,
            properties: { deleteOption: options.nicDelete ?? "Delete" },
          },
        ],
      },
    },
  };
}

export async function network0() {
  const f = await start({ operationMs: 0 });
  const t = await f.token();
  const send = (method: string, url: string, body?: unknown) => f.send(method, url, { token: t, body });
  await send("PUT", `/subscriptions/${subscription}/resourcegroups/rg?api-version=2025-04-01`, {
    location: "koreacentral",
  });
  await send("PUT", path("Microsoft.Network/virtualNetworks", "net", network), {
    location: "koreacentral",
    properties: {
      addressSpace: { addressPrefixes: ["10.0.0.0/16"] },
      subnets: [{ name: "web", properties: { addressPrefix: "10.0.1.0/24" } }],
    },
  });
  const subnet = `${rg}/providers/Microsoft.Network/virtualNetworks/net/subnets/web`;
  const makeNic = (name: string, ip?: string) =>
    send("PUT", nic(name), {
      location: "koreacentral",
      properties: {
        ipConfigurations: [
          {
            name: "ipconfig1",
            properties: {
              subnet: { id: subnet },
              ...(ip ? { publicIPAddress: { id: `${rg}/providers/Microsoft.Network/publicIPAddresses/${ip}` } } : {}),
            },
          },
        ],
      },
    });
  /** Polls an operation's Azure-AsyncOperation URL on the virtual clock until it ends. */
  const settle = async (answer: { headers: Record<string, string | string[] | undefined> }) => {
    const url = String(answer.headers["azure-asyncoperation"]);
    for (;;) {
      const status = await send("GET", url);
      if (status.json["status"] !== "InProgress") return status.json;
      await f.clock.sleep(Number(status.headers["retry-after"] ?? 1) * 1000);
    }
  };
  const powerState = async (name: string) => {
    const view = await send("GET", vm(name, "instanceView"));
    return (view.json["statuses"] as { code: string }[]).map((s) => s.code);
  };
  return { ...f, send, makeNic, settle, powerState };
}
