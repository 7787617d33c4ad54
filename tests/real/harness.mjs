// What the real-server scenarios share: llama-server started and stopped by pid through ../shared/real-server,
// the built CLI run as a child process, a fresh copy of the test vault, and the check that the key leaks nowhere.
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(here, "..", "..");
export const SERVER_DIR = resolve(process.env.REAL_SERVER_DIR ?? join(REPO, "..", "shared", "real-server"));
export const SERVER_HOME = process.env.REAL_SERVER_HOME ?? join(homedir(), ".cache", "sop-real-server");
export const MODELS = {
  plain: join(SERVER_HOME, "tiny-llama-random.gguf"),
  noeos: join(SERVER_HOME, "tiny-llama-random-noeos.gguf"),
  bytes: join(SERVER_HOME, "tiny-llama-random-bytes.gguf"),
};
export const STRICT_TEMPLATE = join(SERVER_DIR, "strict-alternation.jinja");
const CLI = join(REPO, "dist", "sop.cjs");

/** Why the scenarios cannot run here, or null when the server and the CLI are built. */
export function missing() {
  if (!existsSync(join(SERVER_DIR, "start.sh"))) return `no real-server scripts at ${SERVER_DIR}`;
  if (!existsSync(join(SERVER_HOME, "build", "bin", "llama-server"))) return `llama-server is not built under ${SERVER_HOME} (run bash ${join(SERVER_DIR, "setup.sh")})`;
  for (const model of Object.values(MODELS)) if (!existsSync(model)) return `model ${model} is missing (run setup.sh)`;
  if (!existsSync(CLI)) return "dist/sop.cjs is not built (run npm run build)";
  return null;
}

/** A key that is sent on every request and must show up nowhere. */
export const KEY = `sk-real-${Math.random().toString(16).slice(2)}${Date.now().toString(16)}`;
export const KEY_VAR = "SOP_REAL_TEST_KEY";

function run(command, args, options = {}) {
  return new Promise((done) => {
    execFile(command, args, { timeout: 120_000, ...options }, (error, stdout, stderr) => done({ code: error ? (error.code ?? 1) : 0, stdout, stderr }));
  });
}

export async function freePort() {
  return new Promise((done, failed) => {
    const server = createServer();
    server.once("error", failed);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** Starts llama-server on a free loopback port; `model` picks the .gguf, `args` go to llama-server. */
export async function startServer({ model = MODELS.plain, args = [], port } = {}) {
  const chosen = port ?? (await freePort());
  const env = { ...process.env, REAL_SERVER_MODEL: model };
  // A server with --api-key answers GET /v1/models (start.sh's readiness check) with 401 only: wait on /health instead.
  const keyed = args.includes("--api-key");
  const started = await run("bash", [join(SERVER_DIR, "start.sh"), String(chosen), ...args], { env: keyed ? { ...env, READY_TIMEOUT: "2" } : env });
  const pid = Number(/PID=(\d+)/.exec(started.stdout)?.[1] ?? (keyed ? (await readFile(join(SERVER_HOME, `server-${chosen}.pid`), "utf8")).trim() : NaN));
  if (!Number.isInteger(pid)) throw new Error(`start.sh ${chosen} failed: ${started.stderr.trim()}`);
  const server = { port: chosen, pid, baseUrl: `http://127.0.0.1:${chosen}/v1`, log: join(SERVER_HOME, `server-${chosen}.log`) };
  if (keyed && !(await healthy(chosen))) {
    await stopServer(server);
    throw new Error(`llama-server with --api-key did not become healthy on ${chosen}`);
  }
  return server;
}

async function healthy(port) {
  for (let i = 0; i < 120; i++) {
    const status = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status, () => 0);
    if (status === 200) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

export async function stopServer(server) {
  if (server) await run("bash", [join(SERVER_DIR, "stop.sh"), String(server.pid)]);
}

/** A fresh copy of tests/real/vault (and the example vault's notes when `example` is set). */
export async function tempVault(example = false) {
  const root = await mkdtemp(join(tmpdir(), "sop-real-"));
  if (example) await cp(join(REPO, "examples", "vault"), root, { recursive: true, filter: (src) => !src.includes(".obsidian") && !src.includes("SOP runs") });
  await cp(join(here, "vault"), root, { recursive: true });
  return root;
}

export const removeVault = (root) => rm(root, { recursive: true, force: true });

/** Runs the built CLI; `input` is typed at its prompts. Resolves with code, stdout and stderr. */
export function sop(args, { input = "", env = {}, onSpawn } = {}) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME, [KEY_VAR]: KEY, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.stdin.on("error", () => {});
    child.stdin.end(input);
    onSpawn?.(child);
    child.on("close", (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

/** The model flags for a server: the key always goes out (llama-server without --api-key ignores it). */
export const modelFlags = (server, extra = []) => ["--base-url", server.baseUrl, "--api-key-env", KEY_VAR, ...extra];

export async function vaultFiles(root, dir = root) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await vaultFiles(root, path)));
    else {
      // A file written by rename (name.tmp) may be gone by the time it is read.
      const text = await readFile(path, "utf8").catch(() => null);
      if (text !== null) out.push({ path: path.slice(root.length + 1), text });
    }
  }
  return out;
}

/** The key appears in no note of the vault, nor in any output given. */
export async function assertNoKey(root, ...outputs) {
  for (const file of await vaultFiles(root)) if (file.text.includes(KEY)) throw new Error(`the API key is in ${file.path}`);
  for (const output of outputs) if (output.stdout.includes(KEY) || output.stderr.includes(KEY)) throw new Error("the API key is in the CLI's output");
}

/** The run notes in a vault's SOP runs folder: the run note, waypoints and revisions, with their text. */
export async function runNotes(root) {
  return (await vaultFiles(root)).filter((f) => f.path.startsWith("SOP runs/") && f.path.endsWith(".md"));
}

export function check(condition, message, output) {
  if (condition) return;
  const detail = output ? `\n--- exit ${output.code}\n--- stdout\n${output.stdout.slice(-1500)}\n--- stderr\n${output.stderr.slice(-1500)}` : "";
  throw new Error(`${message}${detail}`);
}
