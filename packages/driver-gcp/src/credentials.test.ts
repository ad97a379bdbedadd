import { describe, expect, it } from "vitest";
import { credentialFrom } from "./credentials.js";

const key = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

describe("credentialFrom", () => {
  it("takes a service-account key with its project", () => {
    expect(
      credentialFrom({
        projectId: "my-project",
        clientEmail: "sa@my-project.iam.gserviceaccount.com",
        privateKey: key,
        privateKeyId: "abc",
      }),
    ).toEqual({
      kind: "service-account",
      projectId: "my-project",
      clientEmail: "sa@my-project.iam.gserviceaccount.com",
      privateKey: key,
      privateKeyId: "abc",
    });
  });

  it("uses the default credentials when no key is given, with or without a project", () => {
    expect(credentialFrom({})).toEqual({ kind: "default", projectId: undefined });
    expect(credentialFrom({ projectId: "my-project" })).toEqual({ kind: "default", projectId: "my-project" });
  });

  it("refuses half a key and malformed values, never quoting the key", () => {
    const half = () =>
      credentialFrom({ projectId: "my-project", clientEmail: "sa@x.iam.gserviceaccount.com", privateKey: key });
    expect(half).toThrow(expect.objectContaining({ code: "InvalidArgument", field: "credential.privateKeyId" }));
    expect(() => credentialFrom({ projectId: "My_Project" })).toThrow(
      expect.objectContaining({ field: "credential.projectId" }),
    );
    expect(() =>
      credentialFrom({ projectId: "my-project", clientEmail: "sa", privateKey: key, privateKeyId: "a" }),
    ).toThrow(expect.objectContaining({ field: "credential.clientEmail" }));
    let message = "";
    try {
      credentialFrom({ projectId: "my-project", clientEmail: "sa@x", privateKey: "secret-text", privateKeyId: "a" });
    } catch (error) {
      message = String((error as Error).message);
    }
    expect(message).toMatch(/PEM/);
    expect(message).not.toContain("secret-text");
  });
});
