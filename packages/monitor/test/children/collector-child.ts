// A collector in a process of its own, so a test can kill -9 it: argv[2] is JSON { dir, token }.
// Prints one JSON line { url } once it listens.
import { openEmbeddedStore, startCollector } from "@cloud-barista/monitor";

const { dir, token } = JSON.parse(process.argv[2] ?? "{}") as { dir: string; token: string };
const store = await openEmbeddedStore({ dir });
const collector = await startCollector({ store, token });
process.stdout.write(`${JSON.stringify({ url: collector.url })}\n`);
