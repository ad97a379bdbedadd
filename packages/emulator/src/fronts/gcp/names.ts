import { invalidField, required } from "./errors.js";

/** RFC 1035 as Compute Engine applies it to every resource name. */
export const namePattern = /^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/** The name a body gives, or 400 as Compute Engine refuses it. */
export function checkName(value: unknown, field = "resource.name"): string {
  if (value === undefined || value === null || value === "") throw required(field);
  if (typeof value !== "string" || !namePattern.test(value)) {
    throw invalidField(field, value, "Must be a match of regex '(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)'");
  }
  return value;
}
