import { BaristaError } from "@cloud-barista/core";

/** NotFound raised by the driver itself: the cloud answered, but without the resource asked for. */
export function awsNotFound(resourceType: string, id: string, where?: string): BaristaError {
  return new BaristaError("NotFound", `${resourceType} "${id}" not found${where ? ` in ${where}` : ""}`, {
    provider: "AWS",
    statusCode: 404,
    resourceType,
    resourceName: id,
  });
}
