/** The agent version, sent with every push and served on its health endpoint. */
export const agentVersion = "0.1.0";
