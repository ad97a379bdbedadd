import type { KeyPair } from "../../world/types.js";
import type { ActionContext, ActionRegistration } from "./actions.js";
import { TencentError, invalidValue } from "./errors.js";
import { filtersOf, offsetPage, passes } from "./paging.js";
import { isoTime, tagFiltersPass, tagList, tagSpecification, withTagFilters } from "./render.js";
import { cvm } from "./services.js";

/** KeyName as CVM takes it: 1-25 characters of letters, digits and underscores. */
function keyName(c: ActionContext): string {
  const name = c.params.string("KeyName") ?? "";
  if (name === "") throw new TencentError("InvalidKeyPairNameEmpty", "The key pair name cannot be empty.");
  if (name.length > 25) {
    throw new TencentError("InvalidKeyPairNameTooLong", "The key pair name cannot exceed 25 characters.");
  }
  if (!/^[A-Za-z0-9_]+$/.test(name)) {
    throw new TencentError(
      "InvalidKeyPairNameIncludeIllegalChar",
      "The key pair name may contain only letters, digits and underscores.",
    );
  }
  return name;
}

/** ProjectId: required, an existing project (the emulator knows the default project 0 only). */
function projectId(c: ActionContext): string {
  const id = c.params.int("ProjectId", { min: 0 });
  if (id === undefined)
    throw new TencentError("MissingParameter", "The request is missing a required parameter `ProjectId`.");
  if (id !== 0) throw new TencentError("InvalidProjectId.NotFound", `The project \`${id}\` does not exist.`);
  return String(id);
}

function requireUniqueName(names: string[], name: string): void {
  if (names.includes(name))
    throw new TencentError("InvalidKeyPairName.Duplicate", `The key pair name \`${name}\` already exists.`);
}

function renderKeyPair(c: ActionContext, key: KeyPair, instanceIds: string[]): Record<string, unknown> {
  return {
    KeyId: key.id,
    KeyName: key.name,
    ProjectId: Number(c.state.projects.get(key.id) ?? "0"),
    Description: "",
    PublicKey: key.publicKey,
    AssociatedInstanceIds: instanceIds,
    CreatedTime: isoTime(key.createdAt),
    Tags: tagList(key.tags),
  };
}

export const keyPairActions: ActionRegistration[] = [
  {
    service: cvm,
    action: "CreateKeyPair",
    handler: async (c) => {
      const name = keyName(c);
      const project = projectId(c);
      const tags = tagSpecification(c.params, "keypair");
      return c.call(async (cloud) => {
        requireUniqueName(
          cloud.keyPairs.list().items.map((k) => k.name),
          name,
        );
        const made = await cloud.keyPairs.create({ name, tags, keyType: "rsa" });
        c.state.projects.set(made.keyPair.id, project);
        return { KeyPair: { ...renderKeyPair(c, made.keyPair, []), PrivateKey: made.privateKey } };
      });
    },
  },
  {
    service: cvm,
    action: "ImportKeyPair",
    handler: async (c) => {
      const name = keyName(c);
      const project = projectId(c);
      const publicKey = c.params.required("PublicKey");
      const tags = tagSpecification(c.params, "keypair");
      return c.call((cloud) => {
        requireUniqueName(
          cloud.keyPairs.list().items.map((k) => k.name),
          name,
        );
        let key: KeyPair;
        try {
          key = cloud.keyPairs.import({ name, tags, publicKey });
        } catch (error) {
          if (error instanceof Error && error.name === "WorldError") {
            throw invalidValue("PublicKey", "It is not a valid OpenSSH public key.", "InvalidPublicKey.Malformed");
          }
          throw error;
        }
        c.state.projects.set(key.id, project);
        return { KeyId: key.id };
      });
    },
  },
  {
    service: cvm,
    action: "DescribeKeyPairs",
    handler: async (c) => {
      const ids = c.params.strings("KeyIds", { max: 100 });
      const filters = filtersOf(c.params, withTagFilters(c.params, ["project-id", "key-name"]));
      return c.call((cloud) => {
        const keys = cloud.keyPairs
          .list()
          .items.filter(
            (k) =>
              (ids === undefined || ids.includes(k.id)) &&
              passes(filters, "project-id", c.state.projects.get(k.id) ?? "0") &&
              passes(filters, "key-name", k.name) &&
              tagFiltersPass(filters, k.tags),
          );
        if (ids !== undefined) {
          for (const id of ids) {
            if (!/^skey-[a-z0-9]{8}$/.test(id))
              throw new TencentError("InvalidKeyPairId.Malformed", `The key pair id \`${id}\` is malformed.`);
            if (!keys.some((k) => k.id === id)) cloud.keyPairs.get(id);
          }
        }
        const vms = cloud.vms.list().items.filter((vm) => vm.state !== "terminated");
        const page = offsetPage(keys, c.params, c.pages);
        return {
          TotalCount: page.total,
          KeyPairSet: page.items.map((k) =>
            renderKeyPair(
              c,
              k,
              vms.filter((vm) => vm.keyPair?.id === k.id).map((vm) => vm.id),
            ),
          ),
        };
      });
    },
  },
  {
    service: cvm,
    action: "DeleteKeyPairs",
    handler: async (c) => {
      const ids = c.params.requiredStrings("KeyIds", { max: 100 });
      return c.call((cloud) => {
        for (const id of ids) cloud.keyPairs.get(id);
        for (const id of ids) cloud.keyPairs.delete(id);
        return {};
      });
    },
  },
];
