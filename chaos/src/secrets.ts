import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { Agent } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VirtualClock, collect, createCloudBarista, isBaristaError, openSqliteStore } from "@cloud-barista/core";
import type { CloudBarista, Connection, LogAttributes, Logger } from "@cloud-barista/core";
import { createAwsDriver } from "@cloud-barista/driver-aws";
import { createAlibabaDriver } from "@cloud-barista/driver-alibaba";
import { createAzureDriver } from "@cloud-barista/driver-azure";
import { createGcpDriver } from "@cloud-barista/driver-gcp";
import { createIbmDriver } from "@cloud-barista/driver-ibm";
import { createMockDriver } from "@cloud-barista/driver-mock";
import { createOpenStackDriver } from "@cloud-barista/driver-openstack";
import { createTencentDriver } from "@cloud-barista/driver-tencent";
import { World, addFrontConnection, frontFor } from "@cloud-barista/emulator";
import type { StartedFront } from "@cloud-barista/emulator";
import { selfSignedCertificate } from "@cloud-barista/emulator/azure";
import type { ChaosPart, PartOptions, PartResult } from "./part.js";
import type { Reporter } from "./report.js";
import { errorSurfaces, leaksIn } from "./secrets/surfaces.js";
import { recordAuthorizations } from "./secrets/wire.js";

// The secrets part: credentials carry sentinel values, and every way a call can fail (the cloud
// refuses the credential, the endpoint refuses connections, the cloud's answer echoes a credential
// value, the input is bad) is provoked for driver-mock, AWS, OpenStack, Azure (a client secret and
// a certificate), GCP (a service-account key), Alibaba (an AccessKey, and an STS one), Tencent (an
// API key, and an STS one) and IBM (an API key) connections against the emulator. No form of a
// sentinel, nor any `Authorization` value sent on the wire (GCP's self-signed JWTs, Azure's and
// IBM's access tokens, Tencent's TC3 signatures), may show in any surface of the error (message, stack, every
// property of every cause, inspect, JSON), nor in call history, the store's bytes or the logs.

const part = "secrets";

/** A fresh sentinel: recognisable, long enough to be redacted, unique per run. */
const sentinel = (label: string): string => `Sentinel${label}${randomBytes(6).toString("hex")}`;

interface Scenario {
  target: string;
  failure: "refused-auth" | "unreachable" | "echo" | "bad-input";
  /** Secrets this scenario's error must not show (the connection's credential values). */
  secrets: string[];
  act: () => Promise<unknown>;
}

/** A loopback URL nothing listens on: connections to it are refused. */
async function closedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function capturingLogger(lines: string[]): Logger {
  const log = (level: string) => (message: string, attributes?: LogAttributes) =>
    void lines.push(`${level} ${message} ${JSON.stringify(attributes ?? {})}`);
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

/** Values of a credential that are secret (URLs name a place, not a secret). */
const secretValues = (values: Readonly<Record<string, string>>): string[] =>
  Object.values(values).filter((v) => v.length >= 6 && !/^https?:\/\//.test(v));

/** A certificate credential's PEM (RSA key and certificate), and the lines of its key: each a secret too. */
function certificateCredential(): { pem: string; keyLines: string[] } {
  const { key, cert } = selfSignedCertificate({ keyType: "rsa" });
  return { pem: `${key}${cert}`, keyLines: key.split("\n").filter((l) => l.length >= 16 && !l.startsWith("-----")) };
}

/** Calls that reach the cloud, each a different path: a catalog read, creates, a read by id. */
function cloudCalls(conn: Connection): (() => Promise<unknown>)[] {
  return [
    () => collect(conn.metadata.specs()),
    () =>
      conn.vpc.create({ name: "net", ipv4Cidr: "10.1.0.0/16", subnets: [{ name: "web", ipv4Cidr: "10.1.1.0/24" }] }),
    () => conn.keyPair.create({ name: "key" }),
  ];
}

/** Calls whose failure echoes `value` from the cloud: registering resources by an id that does not exist. */
function echoCalls(conn: Connection, value: string): (() => Promise<unknown>)[] {
  return [
    () => conn.keyPair.register({ name: "echo-key", systemId: value }),
    () => conn.vpc.register({ name: "echo-net", systemId: value }),
    () => conn.vm.register({ name: "echo-vm", systemId: value }),
  ];
}

/** The connection `target` to the front as it is, and a scenario per echo call of each `echoed` value. */
async function echoScenarios(
  barista: CloudBarista,
  front: StartedFront,
  s: { target: string; driver: string; echoed: readonly string[]; secrets: string[] },
): Promise<Scenario[]> {
  await addFrontConnection(barista, front, { connection: s.target, driver: s.driver });
  const conn = await barista.connection(s.target);
  const calls = s.echoed.flatMap((value) => echoCalls(conn, value));
  return calls.map((act) => ({ target: s.target, failure: "echo", secrets: s.secrets, act }));
}

const connectionSuffix = { "refused-auth": "refused", unreachable: "down", "bad-input": "bad" } as const;

/**
 * A connection to the front with its credential values or endpoint changed as given (named after
 * the target and the failure: `gcp-refused`, `gcp-down`, `gcp-bad`), and a scenario of that failure
 * per cloud call on it.
 */
async function callScenarios(
  barista: CloudBarista,
  front: StartedFront,
  s: {
    target: string;
    driver: string;
    failure: keyof typeof connectionSuffix;
    secrets: string[];
    credential?: Readonly<Record<string, string>>;
    endpoint?: StartedFront["connectionEndpoint"];
  },
): Promise<Scenario[]> {
  const connection = `${s.target}-${connectionSuffix[s.failure]}`;
  await addFrontConnection(barista, s.endpoint === undefined ? front : { ...front, connectionEndpoint: s.endpoint }, {
    connection,
    driver: s.driver,
    ...(s.credential === undefined ? {} : { credential: s.credential }),
  });
  const calls = cloudCalls(await barista.connection(connection));
  return calls.map((act) => ({ target: s.target, failure: s.failure, secrets: s.secrets, act }));
}

async function scenarios(barista: CloudBarista, world: World, fronts: StartedFront[]): Promise<Scenario[]> {
  const list: Scenario[] = [];
  const closed = await closedUrl();

  // driver-mock: its credential (the account's name) echoed by the cloud, and a remote endpoint that refuses.
  const mockName = sentinel("Mock");
  barista.drivers.register(createMockDriver({ world }));
  barista.drivers.register(createMockDriver({ endpoint: closed }), { name: "mock-remote" });
  await barista.credentials.add({ name: "mock-cred", provider: "MOCK", values: { mockName } });
  await barista.regions.add({ name: "mock-region", provider: "MOCK", region: "mock-seoul", zone: "mock-seoul-a" });
  await barista.connections.add({ name: "mock", driver: "mock", credential: "mock-cred", region: "mock-region" });
  await barista.connections.add({
    name: "mock-down",
    driver: "mock-remote",
    credential: "mock-cred",
    region: "mock-region",
  });
  const mock = await barista.connection("mock");
  for (const act of echoCalls(mock, mockName)) list.push({ target: "mock", failure: "echo", secrets: [mockName], act });
  for (const act of cloudCalls(await barista.connection("mock-down")))
    list.push({ target: "mock", failure: "unreachable", secrets: [mockName], act });

  for (const provider of ["AWS", "OPENSTACK"] as const) {
    const target = provider.toLowerCase();
    const definition = await frontFor(provider);
    const front = await definition.start(world, { account: `chaos-${target}` });
    fronts.push(front);
    const driver = provider === "AWS" ? createAwsDriver() : createOpenStackDriver();
    barista.drivers.register(driver, { name: target });
    const good = secretValues(front.credential);
    list.push(...(await echoScenarios(barista, front, { target, driver: target, echoed: good, secrets: good })));

    // A wrong secret (the other values right): the cloud refuses it.
    const secretKey = provider === "AWS" ? "secretAccessKey" : "password";
    const wrong = sentinel("Wrong");
    const others = good.filter((v) => v !== front.credential[secretKey]);
    const refused = { credential: { [secretKey]: wrong }, secrets: [...others, wrong] };
    list.push(
      ...(await callScenarios(barista, front, { target, driver: target, failure: "refused-auth", ...refused })),
    );

    // The right credential sent to an endpoint that refuses connections.
    const down =
      provider === "AWS"
        ? { endpoint: replaceEndpoints(front.connectionEndpoint, closed) }
        : { credential: { authUrl: `${closed}/v3` } };
    list.push(
      ...(await callScenarios(barista, front, {
        target,
        driver: target,
        failure: "unreachable",
        secrets: good,
        ...down,
      })),
    );
  }

  list.push(...(await azureScenarios(barista, world, fronts, closed)));
  list.push(...(await gcpScenarios(barista, world, fronts, closed)));
  list.push(...(await alibabaScenarios(barista, world, fronts, closed)));
  list.push(...(await tencentScenarios(barista, world, fronts, closed)));
  list.push(...(await ibmScenarios(barista, world, fronts, closed)));

  // Bad input carrying secrets: a credential refused before anything is stored.
  for (const provider of ["MOCK", "AWS", "OPENSTACK", "AZURE", "GCP", "ALIBABA", "TENCENT", "IBM"] as const) {
    const value = sentinel("Bad");
    const values: Record<string, unknown> = {
      mockName: value,
      secretAccessKey: value,
      password: value,
      clientSecret: value,
      privateKey: value,
      privateKeyId: value,
      accessKeySecret: value,
      securityToken: value,
      secretKey: value,
      token: value,
      apiKey: value,
      extra: { nested: value },
    };
    list.push({
      target: provider.toLowerCase(),
      failure: "bad-input",
      secrets: [value],
      act: () =>
        barista.credentials.add({
          name: `bad-${provider.toLowerCase()}`,
          provider,
          values: values as Record<string, string>,
        }),
    });
    list.push({
      target: provider.toLowerCase(),
      failure: "bad-input",
      secrets: [value],
      act: () => barista.credentials.add({ name: "bad name!", provider, values: { password: value } }),
    });
  }
  return list;
}

/**
 * Azure over HTTPS (the driver's own agent trusts the fronts' certificates): one front whose
 * application signs in with a client secret, one with a certificate, whose key's lines are secrets
 * of their own. Each is refused when wrong, sent to an endpoint that refuses connections, and
 * echoed; a certificate without its certificate part is refused as bad input when the connection opens.
 */
async function azureScenarios(
  barista: CloudBarista,
  world: World,
  fronts: StartedFront[],
  closed: string,
): Promise<Scenario[]> {
  const list: Scenario[] = [];
  const definition = await frontFor("AZURE");
  const registered = certificateCredential();
  const bySecret = await definition.start(world, { account: randomUUID() });
  const byCertificate = await definition.start(world, {
    account: randomUUID(),
    credential: { clientCertificate: registered.pem },
  });
  fronts.push(bySecret, byCertificate);
  const ca = [bySecret.caCertificate ?? "", byCertificate.caCertificate ?? ""];
  barista.drivers.register(createAzureDriver({ transport: { httpsAgent: new Agent({ ca }) } }), { name: "azure" });
  const httpsClosed = closed.replace(/^http:/, "https:");
  const targets = [
    { target: "azure", front: bySecret, proof: "clientSecret", extra: [] as string[] },
    { target: "azure-certificate", front: byCertificate, proof: "clientCertificate", extra: registered.keyLines },
  ];
  for (const { target, front, proof, extra } of targets) {
    const good = [...secretValues(front.credential), ...extra];
    // Echo the ids and secret, and (for the certificate) two lines of its key, not all 26.
    const echoed = [...secretValues(front.credential).filter((v) => !v.includes("\n")), ...extra.slice(0, 2)];
    list.push(...(await echoScenarios(barista, front, { target, driver: "azure", echoed, secrets: good })));

    const others = good.filter((v) => v !== front.credential[proof] && !extra.includes(v));
    const wrong =
      proof === "clientSecret"
        ? { value: sentinel("Wrong"), lines: [] as string[] }
        : (() => {
            const c = certificateCredential();
            return { value: c.pem, lines: c.keyLines };
          })();
    const refused = { credential: { [proof]: wrong.value }, secrets: [...others, wrong.value, ...wrong.lines] };
    list.push(
      ...(await callScenarios(barista, front, { target, driver: "azure", failure: "refused-auth", ...refused })),
    );
    const down = { endpoint: httpsClosed, secrets: good };
    list.push(...(await callScenarios(barista, front, { target, driver: "azure", failure: "unreachable", ...down })));
  }
  // A private key without its certificate: refused when the connection opens, never quoted.
  const keyOnly = certificateCredential();
  const keyPem = keyOnly.pem.slice(0, keyOnly.pem.indexOf("-----BEGIN CERTIFICATE-----"));
  list.push(
    ...(await callScenarios(barista, byCertificate, {
      target: "azure-certificate",
      driver: "azure",
      failure: "bad-input",
      credential: { clientCertificate: keyPem },
      secrets: [keyPem, ...keyOnly.keyLines],
    })),
  );
  return list;
}

/** A PKCS#8 RSA key as a service-account key file holds it, and the lines of its body: each a secret. */
function serviceAccountKey(): { pem: string; keyLines: string[] } {
  const pem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" });
  return { pem: pem.toString(), keyLines: keyLinesOf(pem.toString()) };
}

const keyLinesOf = (pem: string): string[] => pem.split("\n").filter((l) => l.length >= 16 && !l.startsWith("-----"));

/**
 * GCP with a service-account key: its private key (the PEM and each line of it) and key id are
 * secrets, and so are the self-signed JWTs the driver sends as bearer tokens (recorded on the wire).
 * Refused with another key under the same key id, unreachable, echoed; a key that is no RSA key
 * (the PEM armour around sentinel lines) is refused as bad input when a call signs with it.
 */
async function gcpScenarios(
  barista: CloudBarista,
  world: World,
  fronts: StartedFront[],
  closed: string,
): Promise<Scenario[]> {
  const list: Scenario[] = [];
  const front = await (await frontFor("GCP")).start(world, { account: "chaos-gcp" });
  fronts.push(front);
  barista.drivers.register(createGcpDriver(), { name: "gcp" });
  const { privateKey = "", privateKeyId = "" } = front.credential;
  const good = [privateKey, privateKeyId, ...keyLinesOf(privateKey)];
  const gcp = { target: "gcp", driver: "gcp" };
  // Echo the key id and two lines of the key, not all of them.
  const echoed = [privateKeyId, ...keyLinesOf(privateKey).slice(0, 2)];
  list.push(...(await echoScenarios(barista, front, { ...gcp, echoed, secrets: good })));

  const wrong = serviceAccountKey();
  const refused = { credential: { privateKey: wrong.pem }, secrets: [privateKeyId, wrong.pem, ...wrong.keyLines] };
  list.push(...(await callScenarios(barista, front, { ...gcp, failure: "refused-auth", ...refused })));
  list.push(
    ...(await callScenarios(barista, front, { ...gcp, failure: "unreachable", endpoint: closed, secrets: good })),
  );

  const badLines = [sentinel("KeyLine"), sentinel("KeyLine")];
  const badKey = `-----BEGIN PRIVATE KEY-----\n${badLines.join("\n")}\n-----END PRIVATE KEY-----\n`;
  const bad = { credential: { privateKey: badKey }, secrets: [privateKeyId, badKey, ...badLines] };
  list.push(...(await callScenarios(barista, front, { ...gcp, failure: "bad-input", ...bad })));
  return list;
}

/**
 * Alibaba with a long-term AccessKey and with an STS one (its security token a secret too): pop-core
 * signs each request with the AccessKey secret, so the signature shows on the wire but the secret
 * must never. Each is refused with a wrong secret, sent to an endpoint that refuses connections, and
 * echoed.
 */
async function alibabaScenarios(
  barista: CloudBarista,
  world: World,
  fronts: StartedFront[],
  closed: string,
): Promise<Scenario[]> {
  const definition = await frontFor("ALIBABA");
  const longTerm = await definition.start(world, { account: "1000000000000001" });
  const sts = await definition.start(world, {
    account: "1000000000000002",
    credential: { accessKeyId: `STS.${randomBytes(12).toString("hex")}`, securityToken: sentinel("StsToken") },
  });
  fronts.push(longTerm, sts);
  barista.drivers.register(createAlibabaDriver(), { name: "alibaba" });
  return keyAndStsScenarios(barista, closed, {
    driver: "alibaba",
    secretKey: "accessKeySecret",
    tokenKey: "securityToken",
    longTerm,
    sts,
  });
}

/**
 * A cloud's connections with a long-term key and with an STS one (the front's credential values
 * `secretKey` and, for STS, `tokenKey` are the secrets; targets `<driver>` and `<driver>-sts`):
 * each echoed, refused with a wrong secret, and sent to an endpoint that refuses connections.
 */
async function keyAndStsScenarios(
  barista: CloudBarista,
  closed: string,
  cloud: { driver: string; secretKey: string; tokenKey: string; longTerm: StartedFront; sts: StartedFront },
): Promise<Scenario[]> {
  const list: Scenario[] = [];
  const { driver, secretKey, tokenKey } = cloud;
  for (const { target, front } of [
    { target: driver, front: cloud.longTerm },
    { target: `${driver}-sts`, front: cloud.sts },
  ]) {
    const token = front.credential[tokenKey];
    const good = [front.credential[secretKey] ?? "", ...(token === undefined ? [] : [token])];
    list.push(...(await echoScenarios(barista, front, { target, driver, echoed: good, secrets: good })));
    const wrong = sentinel("Wrong");
    const refused = { credential: { [secretKey]: wrong }, secrets: [...good.slice(1), wrong] };
    list.push(...(await callScenarios(barista, front, { target, driver, failure: "refused-auth", ...refused })));
    const down = { endpoint: closed, secrets: good };
    list.push(...(await callScenarios(barista, front, { target, driver, failure: "unreachable", ...down })));
  }
  return list;
}

/**
 * Tencent with a long-term API key and with an STS one (its token, sent as X-TC-Token, a secret
 * too): each request's Authorization carries a TC3-HMAC-SHA256 signature made with the SecretKey
 * (recorded on the wire as a secret), never the SecretKey itself. Each is refused with a wrong
 * SecretKey, sent to an endpoint that refuses connections (the driver's route), and echoed.
 */
async function tencentScenarios(
  barista: CloudBarista,
  world: World,
  fronts: StartedFront[],
  closed: string,
): Promise<Scenario[]> {
  const definition = await frontFor("TENCENT");
  // Numeric accounts: the fronts hand out their UIN, which names no secret.
  const longTerm = await definition.start(world, { account: "100000000101" });
  const sts = await definition.start(world, {
    account: "100000000102",
    credential: { secretId: `AKID${randomBytes(16).toString("hex")}`, token: sentinel("StsToken") },
  });
  fronts.push(longTerm, sts);
  barista.drivers.register(createTencentDriver(), { name: "tencent" });
  return keyAndStsScenarios(barista, closed, {
    driver: "tencent",
    secretKey: "secretKey",
    tokenKey: "token",
    longTerm,
    sts,
  });
}

/**
 * IBM with an API key: the driver sends it only as form data to IAM, and each VPC, catalog and
 * tagging request carries the IAM access token IAM answers (a JWT; recorded on the wire as a
 * secret). Refused with a wrong API key (IAM's 400 BXNIM0415E), sent to endpoints that refuse
 * connections (IAM's among them), echoed; an API key with a space in it is refused as bad input
 * when the connection opens.
 */
async function ibmScenarios(
  barista: CloudBarista,
  world: World,
  fronts: StartedFront[],
  closed: string,
): Promise<Scenario[]> {
  const list: Scenario[] = [];
  // An IBM account id is 32 hex digits; it names no secret.
  const front = await (
    await frontFor("IBM")
  ).start(world, {
    account: randomBytes(16).toString("hex"),
    credential: { apiKey: sentinel("IbmApiKey") },
  });
  fronts.push(front);
  barista.drivers.register(createIbmDriver(), { name: "ibm" });
  const { apiKey = "" } = front.credential;
  const good = [apiKey];
  const ibm = { target: "ibm", driver: "ibm" };
  list.push(...(await echoScenarios(barista, front, { ...ibm, echoed: good, secrets: good })));

  const wrong = sentinel("Wrong");
  const refused = { credential: { apiKey: wrong }, secrets: [wrong] };
  list.push(...(await callScenarios(barista, front, { ...ibm, failure: "refused-auth", ...refused })));
  const down = { endpoint: replaceEndpoints(front.connectionEndpoint, closed), secrets: good };
  list.push(...(await callScenarios(barista, front, { ...ibm, failure: "unreachable", ...down })));

  const spaced = `${sentinel("KeyPart")} ${sentinel("KeyPart")}`;
  const bad = { credential: { apiKey: spaced }, secrets: [spaced, ...spaced.split(" ")] };
  list.push(...(await callScenarios(barista, front, { ...ibm, failure: "bad-input", ...bad })));
  return list;
}

function replaceEndpoints(endpoint: StartedFront["connectionEndpoint"], url: string): string | Record<string, string> {
  if (endpoint === undefined || typeof endpoint === "string") return url;
  return Object.fromEntries(Object.keys(endpoint).map((key) => [key, url]));
}

export async function runSecrets(_options: PartOptions, reporter: Reporter): Promise<PartResult> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), "chaos-secrets-"));
  const clock = new VirtualClock();
  const world = new World({ clock, rateLimits: false, timing: { jitterRatio: 0 } });
  const store = await openSqliteStore({ path: join(dir, "store.db") });
  const logs: string[] = [];
  const barista = createCloudBarista({
    store,
    clock,
    logger: capturingLogger(logs),
    encryptionKey: randomBytes(32),
    retryPolicy: { maxAttempts: 2 },
  });
  const fronts: StartedFront[] = [];
  let surfacesChecked = 0;
  let failures = 0;
  let leaks = 0;
  const allSecrets = new Set<string>();
  const wire = recordAuthorizations();
  try {
    // The whole part takes about a second: the quick run is the full run.
    const list = await scenarios(barista, world, fronts);
    // Something succeeds too, so history, logs and the store hold more than failures.
    await (await barista.connection("mock")).vpc.create({ name: "ok", ipv4Cidr: "10.9.0.0/16", subnets: [] });
    const byKind = new Map<string, { scenarios: number; surfaces: number; leaks: string[]; codes: Set<string> }>();
    for (const scenario of list) {
      scenario.secrets.forEach((s) => allSecrets.add(s));
      const key = `${scenario.target} ${scenario.failure}`;
      const entry = byKind.get(key) ?? { scenarios: 0, surfaces: 0, leaks: [], codes: new Set<string>() };
      byKind.set(key, entry);
      entry.scenarios++;
      const error = await scenario.act().then(
        () => undefined,
        (e: unknown) => e,
      );
      if (error === undefined) {
        // The harness must provoke a failure, or it checked nothing.
        entry.leaks.push("did not fail");
        continue;
      }
      entry.codes.add(
        isBaristaError(error) ? error.code : `untyped ${error instanceof Error ? error.name : typeof error}`,
      );
      const surfaces = errorSurfaces(error);
      entry.surfaces += Object.keys(surfaces).length;
      // The scenario's credential values, and every Authorization value sent so far.
      entry.leaks.push(...leaksIn(surfaces, [...scenario.secrets, ...wire.values]));
    }
    for (const [key, entry] of byKind) {
      const [target, failure] = key.split(" ");
      surfacesChecked += entry.surfaces;
      leaks += entry.leaks.length;
      if (entry.leaks.length > 0) failures++;
      reporter.line({
        part,
        target,
        failure,
        scenarios: entry.scenarios,
        codes: [...entry.codes],
        surfaces: entry.surfaces,
        leaks: entry.leaks.length,
        ...(entry.leaks.length > 0 ? { where: entry.leaks.slice(0, 20) } : {}),
      });
    }
    // What the instance leaves behind: call history, the store (its entries and the file's bytes), logs.
    await barista.history.flush();
    wire.values.forEach((v) => allSecrets.add(v));
    const secrets = [...allSecrets];
    const leftBehind: Record<string, string> = {
      history: JSON.stringify(await barista.history.query({})),
      "store entries": JSON.stringify(await store.list("")),
      logs: logs.join("\n"),
    };
    for (const file of readdirSync(dir))
      leftBehind[`store file ${file}`] = readFileSync(join(dir, file)).toString("latin1");
    const behind = leaksIn(leftBehind, secrets);
    surfacesChecked += Object.keys(leftBehind).length;
    leaks += behind.length;
    if (behind.length > 0) failures++;
    reporter.line({
      part,
      target: "instance",
      surfaces: Object.keys(leftBehind),
      historyRecords: (await barista.history.query({})).length,
      logLines: logs.length,
      leaks: behind.length,
      ...(behind.length > 0 ? { where: behind } : {}),
    });
    const result = { cases: byKind.size + 1, failures };
    reporter.line({
      part,
      summary: true,
      scenarios: list.length,
      secrets: secrets.length,
      wireAuthorizations: wire.values.size,
      surfacesChecked,
      leaks,
      ...result,
      ms: Date.now() - started,
    });
    return result;
  } finally {
    wire.stop();
    await barista.close();
    await Promise.all(fronts.map((f) => f.close()));
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const secretsPart: ChaosPart = {
  name: part,
  description: "credentials searched in every error surface, call history, the store's bytes and logs: 0 leaks",
  run: runSecrets,
};
