import type { CloudBarista } from "../runtime/cloud-barista.js";
import type { CloudControl } from "./cloud-control.js";

/** What a conformance (or store) suite runs against: a runtime, one of its connections, and the cloud's control. */
export interface ConformanceTarget {
  barista: CloudBarista;
  /** A registered connection whose cloud account is empty and disposable. */
  connectionName: string;
  /** Control over the cloud behind the connection (an emulator's); behaviour tests need it. */
  control?: CloudControl;
  /** Runs after each test: closes what `setup` opened. */
  teardown?: () => Promise<void>;
}
