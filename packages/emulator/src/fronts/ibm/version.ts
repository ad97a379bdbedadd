import { badRequest } from "./http.js";

/** The first `version` the VPC API takes. */
const oldest = "2019-01-01";

/**
 * Checks the query parameters every VPC API call needs: `version` (YYYY-MM-DD, from 2019-01-01 to
 * today, by this machine's date as IBM's servers judge it) and `generation=2`.
 */
export function checkVersion(query: URLSearchParams, todayMs: number = Date.now()): void {
  const version = query.get("version");
  if (version === null || version === "")
    throw badRequest(
      "missing_version",
      "The `version` parameter is required, and it must be of the form `YYYY-MM-DD`.",
      {
        name: "version",
        type: "parameter",
      },
    );
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(version);
  const parsed = date ? new Date(`${version}T00:00:00Z`) : undefined;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== version)
    throw badRequest("invalid_version", "The `version` parameter is invalid, it must be of the form `YYYY-MM-DD`.", {
      name: "version",
      type: "parameter",
      value: version,
    });
  const today = new Date(todayMs).toISOString().slice(0, 10);
  if (version < oldest || version > today)
    throw badRequest(
      "invalid_version_range",
      `The \`version\` value cannot be set at a future date nor before \`${oldest}\`.`,
      { name: "version", type: "parameter", value: version },
    );
  const generation = query.get("generation");
  if (generation === null || generation === "")
    throw badRequest("missing_generation_parameter", "The generation query parameter is required.", {
      name: "generation",
      type: "parameter",
    });
  if (generation !== "2")
    throw badRequest("invalid_generation_parameter", "The generation query parameter is invalid.", {
      name: "generation",
      type: "parameter",
      value: generation,
    });
}
