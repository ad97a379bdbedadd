import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The import directions of the repository's eslint.config.js (rule cloud-barista/import-direction),
// run on snippets at virtual paths: every forbidden import is reported by that rule as an error, every
// allowed one is not. The rule needs no types, and the virtual files belong to no tsconfig project, so
// the project service is off and only this rule runs.

const root = fileURLToPath(new URL("../../../", import.meta.url));
const rule = "cloud-barista/import-direction";

const eslint = new ESLint({
  cwd: root,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === rule,
});

/** The problems ESLint reports for `code` placed at `path` (relative to the repository root). */
async function lint(
  path: string,
  code: string,
): Promise<{ ruleId: string | null; severity: number; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${path}`, warnIgnored: true });
  return (result?.messages ?? []).map(({ ruleId, severity, message }) => ({ ruleId, severity, message }));
}

const forbidden: [path: string, code: string][] = [
  // A driver takes core only through its driver SPI, and nothing from another driver, mcis or the emulator.
  ["packages/driver-aws/src/x.ts", 'import { Runtime } from "@cloud-barista/core";'],
  ["packages/driver-aws/src/x.ts", 'import type { Runtime } from "@cloud-barista/core";'],
  ["packages/driver-aws/src/x.ts", 'import { runConformance } from "@cloud-barista/core/testing";'],
  ["packages/driver-aws/src/x.ts", 'import { OpenStackDriver } from "@cloud-barista/driver-openstack";'],
  ["packages/driver-aws/src/handlers/x.ts", 'export { MockDriver } from "@cloud-barista/driver-mock";'],
  ["packages/driver-aws/src/x.ts", 'import { McisService } from "@cloud-barista/mcis";'],
  ["packages/driver-aws/src/x.ts", 'import { World } from "@cloud-barista/emulator";'],
  ["packages/driver-aws/src/x.ts", 'export const front = await import("@cloud-barista/emulator/aws");'],
  ["packages/driver-aws/src/x.ts", 'export type W = import("@cloud-barista/emulator").World;'],
  ["packages/driver-openstack/src/x.ts", 'import "@cloud-barista/driver-aws";'],
  ["packages/driver-openstack/src/auth/x.ts", 'import { x } from "../../../driver-aws/src/index.js";'],
  ["packages/driver-azure/src/x.ts", 'import { Runtime } from "@cloud-barista/core";'],
  // driver-mock may use the emulator's world and mock front, nothing else of it.
  ["packages/driver-mock/src/x.ts", 'import { awsFront } from "@cloud-barista/emulator/aws";'],
  ["packages/driver-mock/src/x.ts", 'import { Runtime } from "@cloud-barista/core";'],
  // Core imports no other workspace package.
  ["packages/core/src/x.ts", 'import { World } from "@cloud-barista/emulator";'],
  ["packages/core/src/runtime/x.ts", 'import { MockDriver } from "@cloud-barista/driver-mock";'],
  ["packages/core/src/store/x.ts", 'import { EtcdStore } from "@cloud-barista/store-etcd";'],
  ["packages/core/src/x.ts", 'export { McisService } from "@cloud-barista/mcis";'],
  ["packages/core/src/util/x.ts", 'import { World } from "../../../emulator/src/world/world.js";'],
  // The emulator takes utilities from core; no driver, no mcis, and core's testing entry only in src/testing.
  ["packages/emulator/src/world/x.ts", 'import { AwsDriver } from "@cloud-barista/driver-aws";'],
  ["packages/emulator/src/x.ts", 'import { McisService } from "@cloud-barista/mcis";'],
  ["packages/emulator/src/fronts/x.ts", 'import type { CloudControl } from "@cloud-barista/core/testing";'],
  ["packages/emulator/src/testing/x.ts", 'import { MockDriver } from "@cloud-barista/driver-mock";'],
  // mcis, store-etcd and the services to come use core's application API only.
  ["packages/mcis/src/x.ts", 'import { DriverKit } from "@cloud-barista/core/driver";'],
  ["packages/mcis/src/engine/x.ts", 'import { MockDriver } from "@cloud-barista/driver-mock";'],
  ["packages/mcis/src/x.ts", 'import { World } from "@cloud-barista/emulator";'],
  ["packages/store-etcd/src/x.ts", 'import type { Driver } from "@cloud-barista/core/driver";'],
  ["packages/monitor/src/x.ts", 'import { AwsDriver } from "@cloud-barista/driver-aws";'],
  ["packages/server/src/x.ts", 'import type { Driver } from "@cloud-barista/core/driver";'],
  // A package nobody placed in a room yet may import no workspace package at all.
  ["packages/newcomer/src/x.ts", 'import { Runtime } from "@cloud-barista/core";'],
  // A unit test beside its module runs without the emulator.
  ["packages/core/src/util/x.test.ts", 'import { World } from "@cloud-barista/emulator";'],
  ["packages/mcis/src/model/x.test.ts", 'import { mockFront } from "@cloud-barista/emulator/mock";'],
];

const allowed: [path: string, code: string][] = [
  ["packages/driver-aws/src/x.ts", 'import { DriverKit } from "@cloud-barista/core/driver";'],
  [
    "packages/driver-aws/src/x.ts",
    'import { EC2Client } from "@aws-sdk/client-ec2";\nimport { createHash } from "node:crypto";',
  ],
  ["packages/driver-aws/src/handlers/x.ts", 'import { x } from "../errors.js";\nexport { y } from "./y.js";'],
  [
    "packages/driver-openstack/src/x.ts",
    'import axios from "axios";\nimport type { Driver } from "@cloud-barista/core/driver";',
  ],
  [
    "packages/driver-mock/src/x.ts",
    [
      'import type { Driver } from "@cloud-barista/core/driver";',
      'import { World } from "@cloud-barista/emulator";',
      'import { mockFront } from "@cloud-barista/emulator/mock";',
    ].join("\n"),
  ],
  ["packages/core/src/store/x.ts", 'const { DatabaseSync } = await import("node:sqlite");\nexport { DatabaseSync };'],
  ["packages/core/src/lock/x.ts", 'import { Semaphore } from "async-mutex";\nimport { y } from "../util/y.js";'],
  ["packages/emulator/src/world/x.ts", 'import { systemClock } from "@cloud-barista/core";'],
  ["packages/emulator/src/testing/x.ts", 'import type { CloudControl } from "@cloud-barista/core/testing";'],
  ["packages/mcis/src/x.ts", 'import { Runtime } from "@cloud-barista/core";\nimport pLimit from "p-limit";'],
  ["packages/store-etcd/src/x.ts", 'import type { Store } from "@cloud-barista/core";'],
  ["packages/monitor/src/x.ts", 'import { Runtime } from "@cloud-barista/core";'],
  // Tests in test/ may import anything.
  [
    "packages/driver-aws/test/x.test.ts",
    [
      'import { Runtime } from "@cloud-barista/core";',
      'import { runConformance } from "@cloud-barista/core/testing";',
      'import { awsFront } from "@cloud-barista/emulator/aws";',
      'import { OpenStackDriver } from "@cloud-barista/driver-openstack";',
    ].join("\n"),
  ],
  ["packages/core/test/x.ts", 'import { World } from "@cloud-barista/emulator";'],
  ["packages/mcis/test/service/x.test.ts", 'import { MockDriver } from "@cloud-barista/driver-mock";'],
  // Unit tests beside their module may use test helpers of any package, and driver-mock's the emulator.
  ["packages/core/src/store/x.test.ts", 'import { storeSuite } from "@cloud-barista/core/testing";'],
  ["packages/driver-mock/src/x.test.ts", 'import { World } from "@cloud-barista/emulator";'],
  // The demo is an application over every room.
  [
    "packages/demo/src/x.ts",
    'import { World } from "@cloud-barista/emulator";\nimport { AwsDriver } from "@cloud-barista/driver-aws";',
  ],
];

describe("eslint.config.js's import directions", () => {
  it.each(forbidden)("report %s importing %s", async (path, code) => {
    const problems = await lint(path, code);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ ruleId: rule, severity: 2 });
    const specifier = /"([^"]+)"/.exec(code)?.[1] ?? "";
    expect(problems[0]?.message).toContain(`may not import "${specifier}"`);
  });

  it.each(allowed)("let %s import %s", async (path, code) => {
    expect(await lint(path, code)).toEqual([]);
  });

  it("say why: the room, the specifier and the direction it may take", async () => {
    const [driver] = await lint("packages/driver-aws/src/x.ts", 'import { Runtime } from "@cloud-barista/core";');
    expect(driver?.message).toBe(
      'A driver may not import "@cloud-barista/core": a driver uses core only through ' +
        '"@cloud-barista/core/driver" (the driver SPI and kit), never core\'s application API or testing ' +
        "entry, another driver, mcis or the emulator",
    );
    const [escape] = await lint("packages/core/src/util/x.ts", 'import "../../../emulator/src/index.js";');
    expect(escape?.message).toBe(
      'Core may not import "../../../emulator/src/index.js": a relative import stays inside src/; name the package.',
    );
  });

  it("are on in the configuration `eslint .` uses, for production code and unit tests, off for test/", async () => {
    const config = new ESLint({ cwd: root });
    const severity = async (path: string): Promise<unknown> => {
      const rules = ((await config.calculateConfigForFile(`${root}${path}`)) as { rules: Record<string, unknown[]> })
        .rules;
      return rules[rule]?.[0];
    };
    expect(await severity("packages/driver-aws/src/index.ts")).toBe(2);
    expect(await severity("packages/core/src/index.ts")).toBe(2);
    expect(await severity("packages/mcis/src/index.ts")).toBe(2);
    expect(await severity("packages/core/src/util/retry.test.ts")).toBe(2);
    expect(await severity("packages/driver-aws/test/ec2.test.ts")).toBeUndefined();
  });
});
