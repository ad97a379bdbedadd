/** The driver's version, reported to the runtime. */
export const gcpDriverVersion = "0.1.0";
