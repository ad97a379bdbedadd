/** The driver's version, reported to the runtime. */
export const ibmDriverVersion = "0.1.0";
