/** What one call through the world's gate adds: faults that act inside the call rather than fail it. */
export interface CallScope {
  /** Whether a VM this call runs fails its build (a "build-failure" fault fired). */
  buildFails(): boolean;
}
