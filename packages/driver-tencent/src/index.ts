/** The driver's version, reported to the runtime. */
export const tencentDriverVersion = "0.1.0";
