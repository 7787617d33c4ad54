// `npm run test:real`: the CLI against llama.cpp's own llama-server (../shared/real-server), one server per
// scenario on a free loopback port, stopped by pid. Skips, saying why, when the server or the CLI is not built.
// Usage: node tests/real/run.mjs [name filter]
import { missing, removeVault, startServer, stopServer, tempVault } from "./harness.mjs";
import { scenarios } from "./scenarios.mjs";

const why = missing();
if (why) {
  console.log(`test:real skipped: ${why}.`);
  process.exit(0);
}

const filter = process.argv[2]?.toLowerCase();
const chosen = scenarios.filter((s) => !filter || s.name.toLowerCase().includes(filter));
const results = [];
const began = Date.now();
for (const scenario of chosen) {
  const started = Date.now();
  let server = null;
  const vault = await tempVault(scenario.example);
  try {
    if (scenario.server) server = await startServer(scenario.server);
    const summary = await scenario.run(server, vault);
    results.push({ name: scenario.name, ok: true, summary, ms: Date.now() - started });
  } catch (error) {
    results.push({ name: scenario.name, ok: false, summary: error instanceof Error ? error.message : String(error), ms: Date.now() - started });
  } finally {
    if (server && !server.stopped) await stopServer(server);
    if (results.at(-1)?.ok) await removeVault(vault);
    else results.at(-1).summary += `\n  (vault kept: ${vault})`;
  }
  const last = results.at(-1);
  console.log(`${last.ok ? "ok  " : "FAIL"} ${last.name} (${(last.ms / 1000).toFixed(1)} s): ${last.summary}`);
}
const failed = results.filter((r) => !r.ok).length;
console.log(`\ntest:real: ${results.length - failed} passed, ${failed} failed, ${((Date.now() - began) / 1000).toFixed(0)} s`);
process.exit(failed > 0 ? 1 : 0);
