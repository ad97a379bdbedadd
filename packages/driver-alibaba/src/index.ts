/** The driver's version, reported to the runtime. */
export const alibabaDriverVersion = "0.1.0";
