// The scenarios `npm run test:real` runs against llama.cpp's llama-server: one server per scenario, stopped by pid.
import { readFile } from "node:fs/promises";
import { assertNoKey, check, freePort, KEY, KEY_VAR, MODELS, modelFlags, runNotes, sop, startServer, stopServer, STRICT_TEMPLATE, tempVault } from "./harness.mjs";

const TINY = "SOPs/Tiny.md";
/** The run note's status: the run note is the one note of the run folder that is neither a waypoint ("NN …") nor the log ("… log.md"). */
const status = (notes) => /run_status: (\S+)/.exec(notes.find((n) => !/\/\d\d /.test(n.path) && !/ log\.md$/.test(n.path))?.text ?? "")?.[1];
const waypoints = (notes) => notes.filter((n) => /\/0\d [^/]*\.md$/.test(n.path) && !/ \(r\d+[^/]*\)\.md$| review by /.test(n.path));
const emptyInterrupted = (notes) => notes.filter((n) => /waypoint_status: interrupted/.test(n.text) && / \(r\d+[^/]*\)\.md$/.test(n.path) && n.text.split(/^---$/m).slice(2).join("---").trim() === "");

/** Each scenario gets a server (or none), a vault, and returns a one-line summary of what it saw. */
export const scenarios = [
  {
    name: "whole run in auto mode",
    server: {},
    async run(server, vault) {
      const out = await sop(["run", vault, TINY, "--auto", ...modelFlags(server)]);
      await assertNoKey(vault, out);
      const notes = await runNotes(vault);
      // The random model now and then answers nothing; an empty answer is not approved by itself.
      const empty = out.stdout.includes("needs the person");
      check(out.code === 0 && (status(notes) === "done" || empty), "the auto run did not finish", out);
      return `exit ${out.code}, status ${status(notes)}, ${waypoints(notes).length} waypoints`;
    },
  },
  {
    name: "whole run in step mode (approve at every gate)",
    server: {},
    async run(server, vault) {
      const out = await sop(["run", vault, TINY, ...modelFlags(server)], { input: "a\na\na\na\n" });
      await assertNoKey(vault, out);
      const notes = await runNotes(vault);
      check(out.code === 0 && status(notes) === "done", "the step run did not finish", out);
      check((out.stdout.match(/--- Step \d: /g) ?? []).length === 3, "not every step was shown at its gate", out);
      return `exit ${out.code}, status done, 3 gates`;
    },
  },
  {
    name: "review with json_schema output",
    server: { args: ["-n", "300"] },
    async run(server, vault) {
      const first = await sop(["run", vault, "SOPs/Reviewed.md", ...modelFlags(server)], { input: "q\n" });
      const waypoint = waypoints(await runNotes(vault))[0]?.path;
      check(waypoint, "the reviewed step left no waypoint", first);
      const out = await sop(["review", vault, waypoint, "--role", "Checker", "--json", ...modelFlags(server)]);
      await assertNoKey(vault, first, out);
      const log = await readFile(server.log, "utf8");
      check(/json_schema|grammar/i.test(log) || out.code === 0 || out.code === 1, "no review request reached the server", out);
      // Grammar-constrained JSON is valid JSON of the schema unless cut by -n; either findings or a failed review.
      const views = out.code === 0 ? JSON.parse(out.stdout) : null;
      check(out.code === 0 ? Array.isArray(views) && views[0].error === undefined : /review failed/i.test(out.stdout + out.stderr), "a review neither succeeded nor said it failed", out);
      return out.code === 0 ? `${views[0].findings.length} findings (exit 0)` : "review failed, exit non-zero";
    },
  },
  {
    name: "-c 512: the prompt does not fit",
    server: { args: ["-c", "512"] },
    example: true,
    async run(server, vault) {
      const out = await sop(["run", vault, "SOPs/Drafting internal product docs.md", "--auto", ...modelFlags(server)]);
      await assertNoKey(vault, out);
      check(out.code === 1, "a prompt larger than the context did not stop the run", out);
      check(/exceeds the available context size \(512 tokens\), try increasing it/.test(out.stderr), "the server's whole message is not shown", out);
      check(emptyInterrupted(await runNotes(vault)).length === 0, "failed attempts left empty interrupted revisions", out);
      return "exit 1 with the server's whole message";
    },
  },
  {
    name: "-n 64: every answer cut",
    server: { model: MODELS.noeos, args: ["-n", "64"] },
    async run(server, vault) {
      const out = await sop(["run", vault, TINY, "--auto", ...modelFlags(server)]);
      await assertNoKey(vault, out);
      const notes = await runNotes(vault);
      const first = waypoints(notes)[0];
      check(out.code === 0 && /needs the person/.test(out.stdout), "a cut answer was approved automatically", out);
      check(/truncated: true/.test(first?.text ?? ""), "the cut waypoint is not marked truncated", out);
      check(/cut off/i.test(out.stdout), "the terminal does not say the answer was cut", out);
      return "stopped at step 1's gate, waypoint truncated: true";
    },
  },
  {
    name: "-noeos model at full context",
    server: { model: MODELS.noeos, args: ["-c", "1024"] },
    async run(server, vault) {
      const out = await sop(["run", vault, TINY, "--auto", ...modelFlags(server)]);
      await assertNoKey(vault, out);
      const first = waypoints(await runNotes(vault))[0];
      check(out.code === 0 && /needs the person/.test(out.stdout), "an answer that filled the context did not stop at the gate", out);
      check(/truncated: true/.test(first?.text ?? ""), "the waypoint is not marked truncated", out);
      check(!/exceeds the available context/.test(out.stdout + out.stderr), "a continuation overflowed the context", out);
      return `gate with a truncated waypoint of ${first.text.length} characters, no overflow`;
    },
  },
  {
    name: "-bytes model (500 error event mid-stream)",
    server: { model: MODELS.bytes },
    // The random model emits a byte token only now and then: a run may end without any 500. Runs are repeated (up to
    // six) until one has met the fault, so the scenario never passes without having seen it.
    async run(server, vault) {
      const exits = [];
      let faults = 0;
      for (let attempt = 1; attempt <= 6 && faults === 0; attempt++) {
        const out = await sop(["run", vault, TINY, "--auto", ...modelFlags(server)]);
        await assertNoKey(vault, out);
        check(out.code === 0 || /Nothing is lost/.test(out.stderr), "the run neither finished nor paused cleanly", out);
        check(!/\n\s+at /.test(out.stderr), "a stack trace reached the terminal", out);
        faults = (out.stdout + out.stderr).match(/peg-native format/g)?.length ?? 0;
        exits.push(out.code);
      }
      check(faults > 0, `no mid-stream 500 in ${exits.length} runs: the scenario did not meet the fault it is for`);
      return `${exits.length} run(s), exits ${exits.join(", ")}; ${faults} mid-stream 500s reported in the last`;
    },
  },
  {
    name: "strict-alternation.jinja",
    server: { args: ["--chat-template-file", STRICT_TEMPLATE, "-n", "200"] },
    async run(server, vault) {
      const out = await sop(["run", vault, TINY, ...modelFlags(server)], { input: "r\nShorter please\na\na\na\n" });
      await assertNoKey(vault, out);
      check(!/roles must alternate/i.test(out.stdout + out.stderr), "the template refused the conversation", out);
      check(out.code === 0 && status(await runNotes(vault)) === "done", "the run with a revision did not finish", out);
      return "every request accepted (3 steps and a revision)";
    },
  },
  {
    name: "unreachable port",
    server: null,
    async run(_server, vault) {
      const port = await freePort();
      const out = await sop(["run", vault, TINY, "--auto", "--base-url", `http://127.0.0.1:${port}/v1`, "--model", "x", "--api-key-env", "SOP_REAL_TEST_KEY"]);
      await assertNoKey(vault, out);
      check(out.code === 1 && new RegExp(`Could not reach the endpoint at http://127.0.0.1:${port}/v1`).test(out.stderr), "an unreachable server is not reported", out);
      check(emptyInterrupted(await runNotes(vault)).length === 0, "failed attempts left empty interrupted revisions", out);
      return "exit 1, 'Could not reach …', no empty revisions";
    },
  },
  {
    name: "keyed server: wrong key, then the right one",
    // The server checks the key (llama-server --api-key); the harness waits on /health, which it serves without one.
    server: { args: ["--api-key", KEY] },
    async run(server, vault) {
      const wrongKey = `sk-wrong-${Date.now().toString(16)}`;
      const out = await sop(["run", vault, TINY, "--auto", ...modelFlags(server)], { env: { [KEY_VAR]: wrongKey } });
      await assertNoKey(vault, out);
      check(!`${out.stdout}${out.stderr}`.includes(wrongKey), "the wrong key is in the CLI's output", out);
      check(out.code === 1 && /401/.test(out.stderr) && /SOP_REAL_TEST_KEY/.test(out.stderr), "a wrong key is not reported with the variable it came from, exit 1", out);
      check(!/Name a model|Settings|in settings/.test(out.stderr), "a wrong key was reported as a missing model or a settings tab", out);
      const right = await sop(["run", vault, TINY, "--auto", ...modelFlags(server)]);
      await assertNoKey(vault, out, right);
      // The random-weight model sometimes ends an answer at once; an empty answer then waits at its gate (never
      // auto-approved), so "the key works" is: every step the run reached was answered by the server, with no 401.
      const reached = status(await runNotes(vault));
      check(right.code === 0 && !/401/.test(right.stderr) && /\d+ tokens in/.test(right.stdout) && (reached === "done" || (reached === "awaiting-review" && /0 characters/.test(right.stdout))), "the right key did not run the SOP (to the end, or to the gate of an empty answer)", right);
      check(/cost unknown/.test(right.stdout) && (right.stderr.match(/No price is known for model "tiny-random-llama"/g) ?? []).length === 1, "the unpriced model's cost is not shown as unknown with one warning", right);
      return `wrong key: exit 1, 401 naming SOP_REAL_TEST_KEY; right key: ${reached === "done" ? "done" : "answered, an empty answer waits at its gate"}, cost unknown, warned once`;
    },
  },
  {
    name: "kill mid-stream, then resume",
    server: { model: MODELS.noeos, args: ["-c", "2048"] },
    async run(server, vault) {
      let killedAt = 0;
      const out = await sop(["run", vault, TINY, "--auto", ...modelFlags(server)], {
        onSpawn: (child) => {
          const timer = setInterval(() => {
            void runNotes(vault).then((notes) => {
              const body = waypoints(notes)[0]?.text.split(/^---$/m).slice(2).join("---") ?? "";
              if (body.length > 200 && !killedAt) {
                killedAt = body.length;
                clearInterval(timer);
                child.kill("SIGKILL");
              }
            });
          }, 100);
          child.on("close", () => clearInterval(timer));
        },
      });
      check(out.signal === "SIGKILL" && killedAt > 0, "the run was not killed mid-stream", out);
      const stat = await sop(["status", vault]);
      check(/^interrupted /m.test(stat.stdout), "sop status does not call the dead run interrupted", stat);
      // Resume against a model that stops by itself.
      await stopServer(server);
      server.stopped = true;
      const next = await startServer({ port: server.port, args: ["-n", "200"] });
      try {
        const resumed = await sop(["resume", vault, ...modelFlags(next)], { input: "a\na\na\na\na\n" });
        await assertNoKey(vault, out, stat, resumed);
        const notes = await runNotes(vault);
        check(resumed.code === 0 && status(notes) === "done", "the resumed run did not finish", resumed);
        return `killed after ${killedAt} streamed characters; status interrupted; resumed to done`;
      } finally {
        await stopServer(next);
      }
    },
  },
];
