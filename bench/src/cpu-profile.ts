import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

/**
 * Profiles this process's CPU from now until the returned stop is called, when `file` is set
 * (`BENCH_CPU_PROFILE`), and writes a `.cpuprofile` (Chrome DevTools' format) there: only the
 * measured window, not the set-up and teardown around it. Without a file, stop does nothing.
 */
export async function profileCpu(file: string | undefined): Promise<() => Promise<void>> {
  if (!file) return async () => {};
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return async () => {
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    process.stderr.write(`CPU profile of the measured window: ${file}\n`);
  };
}
