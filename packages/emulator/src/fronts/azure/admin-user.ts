import { badRequest } from "./arm-error.js";

// Compute's rules for a Linux VM's admin user name: names it reserves, and characters it refuses.
const reserved = new Set([
  "administrator",
  "admin",
  "user",
  "user1",
  "test",
  "user2",
  "test1",
  "user3",
  "admin1",
  "1",
  "123",
  "a",
  "actuser",
  "adm",
  "admin2",
  "aspnet",
  "backup",
  "console",
  "david",
  "guest",
  "john",
  "owner",
  "root",
  "server",
  "sql",
  "support",
  "support_388945a0",
  "sys",
  "test2",
  "test3",
  "user4",
  "user5",
]);

/** The admin user name of a Linux VM, refused as Compute refuses it. */
export function checkAdminUsername(value: unknown): string {
  if (typeof value !== "string" || value === "") {
    throw badRequest("InvalidParameter", "Required parameter 'adminUsername' is missing (null).", "adminUsername");
  }
  if (reserved.has(value.toLowerCase())) {
    throw badRequest("InvalidParameter", "The Admin Username specified is not allowed.", "adminUsername");
  }
  if (value.length > 64 || value.endsWith(".") || /[\\/"[\]:|<>+=;,?*@\s]/.test(value) || /^[-\d]/.test(value)) {
    throw badRequest(
      "InvalidParameter",
      'Linux admin user name cannot be longer than 64 characters, end with a period(.), or contain the following characters: \\ / " [ ] : | < > + = ; , ? * @.',
      "adminUsername",
    );
  }
  return value;
}
