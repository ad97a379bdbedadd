import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { importDirection } from "./eslint-rules/import-direction.js";

// Import directions (the architecture: "dependencies point one way"). For the production code of each
// room, src/ without its tests, the only workspace packages ("@cloud-barista/...") it may import; a
// relative import may not leave src/. Later entries override earlier ones for the files they match.
// Tests may import anything, except that a unit test beside its module (src/**/*.test.ts) runs without
// the emulator: a test that needs the emulator's world is an integration test and lives in test/.
// tsc -b enforces the same at package level: a src project references only what its room may import.
const rooms = [
  {
    files: ["packages/*/src/**"],
    room: "A package in no room",
    allow: [],
    reason: 'give the package its room in eslint.config.js (README.md, "What may import what")',
  },
  {
    files: ["packages/test-support/src/**"],
    room: "Test support",
    allow: [],
    reason: "the private helpers of the workspace's tests and the chaos suite depend on no workspace package",
  },
  {
    files: ["packages/core/src/**"],
    room: "Core",
    allow: [],
    reason: "core is the bottom room and depends on no other workspace package",
  },
  {
    files: ["packages/driver-*/src/**"],
    room: "A driver",
    allow: ["@cloud-barista/core/driver"],
    reason:
      'a driver uses core only through "@cloud-barista/core/driver" (the driver SPI and kit), never core\'s ' +
      "application API or testing entry, another driver, mcis or the emulator",
  },
  {
    // The exception: driver-mock IS an in-process cloud over the emulator's world (no HTTP), so its
    // production code uses the world and the mock front besides the driver SPI.
    files: ["packages/driver-mock/src/**"],
    room: "driver-mock",
    allow: ["@cloud-barista/core/driver", "@cloud-barista/emulator", "@cloud-barista/emulator/mock"],
    reason:
      "driver-mock uses core's driver SPI, the emulator's world and its mock front (\"@cloud-barista/emulator\", " +
      '"@cloud-barista/emulator/mock"), never another driver, mcis or other emulator entries',
  },
  {
    files: ["packages/emulator/src/**"],
    room: "The emulator",
    allow: ["@cloud-barista/core"],
    reason: "the emulator takes utilities from core's application API and never imports a driver or mcis",
  },
  {
    // The emulator's testing entry hands the conformance suites a cloud to test against.
    files: ["packages/emulator/src/testing/**"],
    room: "The emulator's testing entry",
    allow: ["@cloud-barista/core", "@cloud-barista/core/testing"],
    reason: "it serves core's conformance suites and never imports a driver or mcis",
  },
  {
    files: ["packages/{mcis,store-etcd}/src/**"],
    room: "A service over core",
    allow: ["@cloud-barista/core"],
    reason:
      'mcis and store-etcd use core\'s application API ("@cloud-barista/core") only, ' +
      "never the driver SPI, a particular driver or the emulator",
  },
  {
    files: ["packages/cli/src/**"],
    room: "The command line",
    allow: [
      "@cloud-barista/core",
      "@cloud-barista/mcis",
      "@cloud-barista/monitor",
      "@cloud-barista/emulator",
      "@cloud-barista/emulator/server",
      ...["alibaba", "aws", "azure", "gcp", "ibm", "mock", "openstack", "tencent"].map(
        (d) => `@cloud-barista/driver-${d}`,
      ),
    ],
    reason:
      "cb is an application: core's application API, mcis and monitor, each driver's public entry (to register drivers by provider) and the emulator (`cb emulator`), never the driver SPI",
  },
  {
    files: ["packages/server/src/**"],
    room: "The server",
    allow: [
      "@cloud-barista/core",
      "@cloud-barista/mcis",
      "@cloud-barista/monitor",
      "@cloud-barista/emulator",
      ...["alibaba", "aws", "azure", "gcp", "ibm", "mock", "openstack", "tencent"].map(
        (d) => `@cloud-barista/driver-${d}`,
      ),
    ],
    reason:
      "the server is an application: core's application API, mcis and monitor, each driver's public entry (to register drivers by provider) and the emulator (`cloud-barista-server --emulator`), never the driver SPI",
  },
  {
    files: ["packages/monitor/src/**"],
    room: "Monitoring",
    allow: ["@cloud-barista/core", "@cloud-barista/mcis", "@cloud-barista/monitor-agent"],
    reason:
      "monitor watches MCIS VMs: core's application API, mcis (the MCIS identity of a VM) and the agent (its /proc parsers for agentless collection, its build to install), never a driver or the emulator",
  },
  {
    files: ["packages/monitor-agent/src/**"],
    room: "The monitoring agent",
    allow: [],
    reason: "the agent runs alone on monitored hosts: Node built-ins only, no workspace package",
  },
];

export default tseslint.config(
  // scripts/*.mjs: plain Node loader hooks for test children, outside every TypeScript project.
  { ignores: ["**/dist/**", "**/node_modules/**", ".toolchain/**", "coverage/**", "scripts/*.mjs"] },
  js.configs.recommended,
  { plugins: { "cloud-barista": { rules: { "import-direction": importDirection } } } },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["eslint.config.js", "vitest.config.ts"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "ExportAllDeclaration", message: "List exports by name." },
        { selector: "ExportDefaultDeclaration", message: "Named exports only." },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "error",
    },
  },
  {
    files: ["**/*.test.ts", "**/test/**/*.ts", "packages/demo/**", "bench/**", "examples/**", "chaos/**"],
    rules: { "no-console": "off", "@typescript-eslint/require-await": "off" },
  },
  {
    // Vitest's asymmetric matchers (expect.objectContaining, ...) are typed `any`.
    files: ["**/*.test.ts", "**/test/**/*.ts", "packages/core/src/testing/**"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
    },
  },
  ...rooms.map(({ files, ...options }) => ({
    files,
    ignores: ["**/*.test.ts"],
    rules: { "cloud-barista/import-direction": ["error", options] },
  })),
  {
    files: ["packages/*/src/**/*.test.ts"],
    rules: {
      "cloud-barista/import-direction": [
        "error",
        {
          room: "A unit test beside its module",
          forbid: ["@cloud-barista/emulator"],
          reason: "a test that needs the emulator's world is an integration test: put it in the package's test/",
          within: "package",
        },
      ],
    },
  },
  {
    // The demo is an application over every room, like examples/ and bench/; driver-mock's and the
    // emulator's own unit tests may use the emulator their code is built on.
    files: ["packages/demo/src/**", "packages/{driver-mock,emulator}/src/**/*.test.ts"],
    rules: { "cloud-barista/import-direction": "off" },
  },
  {
    files: ["**/*.js", "**/*.config.ts"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ["eslint.config.js", "vitest.config.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
);
