/** The server package's version (`GET /spider/version` answers it in Spider's `Version` field). */
export const serverVersion = "0.1.0";
