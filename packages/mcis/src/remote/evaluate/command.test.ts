import { describe, expect, it } from "vitest";
import { checkWorkload, evaluationCommand } from "./command.js";
import { evaluationScript } from "./script.js";

describe("evaluationCommand", () => {
  it("passes the workload and the peers as arguments after the script, never inside it", () => {
    const argv = evaluationCommand({ cpuOps: 10, workDir: "/data/tmp" }, [
      { vmId: "g1-1", host: "10.0.0.1" },
      { vmId: "g2-1", host: "2001:db8::7" },
    ]);
    expect(argv).toEqual([
      "sh",
      "-c",
      evaluationScript,
      "cb-eval",
      "10",
      "2048",
      "64",
      "50",
      "3",
      "/data/tmp",
      "g1-1",
      "10.0.0.1",
      "g2-1",
      "2001:db8::7",
    ]);
  });

  it("refuses peers ping could read as options or a shell could misread, naming the field", () => {
    for (const host of ["-f", "10.0.0.1; rm -rf /", "$(id)", "", "a b"]) {
      expect(() => evaluationCommand({}, [{ vmId: "g1-1", host }]), host).toThrow(
        expect.objectContaining({ code: "InvalidArgument", field: "peers[0].host" }),
      );
    }
    expect(() => evaluationCommand({}, [{ vmId: "-c", host: "10.0.0.1" }])).toThrow(
      expect.objectContaining({ field: "peers[0].vmId" }),
    );
    expect(() =>
      evaluationCommand({}, [
        { vmId: "g1-1", host: "10.0.0.1" },
        { vmId: "g1-1", host: "10.0.0.2" },
      ]),
    ).toThrow(expect.objectContaining({ field: "peers[1].vmId", rule: "unique" }));
  });

  it("refuses workloads out of range, unknown fields and relative or odd work directories", () => {
    expect(() => checkWorkload({ cpuOps: 0 })).toThrow(expect.objectContaining({ field: "workload.cpuOps" }));
    expect(() => checkWorkload({ fileMB: 1.5 })).toThrow(expect.objectContaining({ field: "workload.fileMB" }));
    expect(() => checkWorkload({ pingCount: 101 })).toThrow(expect.objectContaining({ field: "workload.pingCount" }));
    expect(() => checkWorkload({ disks: 1 } as never)).toThrow(expect.objectContaining({ field: "workload.disks" }));
    for (const workDir of ["tmp", "/tmp/$(id)", "/tmp dir"])
      expect(() => checkWorkload({ workDir }), workDir).toThrow(expect.objectContaining({ field: "workload.workDir" }));
  });
});
