/** The version `cb --version` prints. */
export const cliVersion = "0.1.0";
