import { Agent } from "node:https";
import type { Clock, CloudBaristaOptions } from "@cloud-barista/core";
import type { TransportOptions } from "@cloud-barista/core/driver";
import type { WorldOptions } from "@cloud-barista/emulator";
import type { AzureFrontOptions } from "@cloud-barista/emulator/azure";
import { emulatedConnection } from "@cloud-barista/emulator/testing";
import type { EmulatedConnection } from "@cloud-barista/emulator/testing";
import { createAzureDriver } from "../src/index.js";
import type { AzureDriverOptions } from "../src/index.js";

/** The subscription, tenant and service principal the tests' Azure identity uses. */
export const subscriptionId = "00000000-1111-2222-3333-444444444444";
export const tenantId = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
export const clientId = "12345678-90ab-cdef-1234-567890abcdef";
export const clientSecret = "emulator~secret.value_0123456789abcdefghij";
export const region = "koreacentral";
export const zone = "1";

export type AzureFixture = EmulatedConnection;

/**
 * An https agent that trusts the front's certificate made at its start: a new one, or the given one
 * told to (an application configures its own agent for a private CA alike).
 */
function trusting(agent: Agent | undefined, ca: string | undefined): Agent {
  if (!agent) return new Agent({ ca });
  Object.assign(agent.options, { ca });
  return agent;
}

/**
 * A world with one Azure service principal, the Azure front over HTTPS on loopback, and an SDK
 * instance whose "seoul" connection reaches it through driver-azure. The driver trusts the front's
 * self-signed certificate through its own https agent (nothing global); `transport` adds to it.
 */
export function azureFixture(
  options: {
    world?: WorldOptions;
    front?: Omit<AzureFrontOptions, "world">;
    driver?: AzureDriverOptions;
    transport?: TransportOptions;
    barista?: Partial<CloudBaristaOptions>;
    secret?: string;
    /**
     * Sign in with a certificate instead of the secret: `registered` (PEM certificate) is the
     * application's, `given` (PEM certificate and key, default `registered`) the connection's.
     */
    certificate?: { registered: string; given?: string; sendCertificateChain?: boolean };
    /** Values that replace the connection's credential values ("" leaves a key out). */
    credential?: Readonly<Record<string, string>>;
    clock?: Clock;
  } = {},
): Promise<AzureFixture> {
  const { certificate } = options;
  return emulatedConnection({
    provider: "AZURE",
    driver: (_world, front) =>
      createAzureDriver({
        ...options.driver,
        transport: { ...options.transport, httpsAgent: trusting(options.transport?.httpsAgent, front.caCertificate) },
      }),
    account: subscriptionId,
    clock: options.clock,
    world: options.world,
    front: {
      ...options.front,
      credential: certificate
        ? { tenantId, clientId, clientCertificate: certificate.registered }
        : { tenantId, clientId, clientSecret },
    },
    credential: {
      ...(options.secret === undefined ? {} : { clientSecret: options.secret }),
      ...(certificate?.given === undefined ? {} : { clientCertificate: certificate.given }),
      ...(certificate?.sendCertificateChain === undefined
        ? {}
        : { sendCertificateChain: String(certificate.sendCertificateChain) }),
      ...options.credential,
    },
    region,
    zone,
    names: { connection: "seoul", credential: "azure-cred", region: "seoul" },
    barista: options.barista,
  });
}
