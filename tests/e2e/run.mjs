// `npm run test:e2e`: the built main.js in headless Chromium inside an Obsidian host page, driven through its UI against a scripted model.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { chromium } from "playwright-core";
import { Tally } from "./support/checks.mjs";
import { ROOT, bundleHost, exampleVaultFiles, loadMockServer, startCorsFront, startPageServer } from "./support/servers.mjs";
import { HostUi } from "./support/ui.mjs";
import { scriptedModel } from "./scenarios/model-script.mjs";
import { themeVariables } from "./scenarios/theme-variables.mjs";
import { wholeRun } from "./scenarios/whole-run.mjs";
import { keyboardRun, keyboardVault } from "./scenarios/cockpit.mjs";
import { renderChildren, runListing, stopConfirmReopen } from "./scenarios/run-view-defects.mjs";
import { duesAndInputs } from "./scenarios/procedures.mjs";
import { makeRunnable, procedureLine } from "./scenarios/procedure-line.mjs";
import { amendProgress } from "./scenarios/long-actions.mjs";
import { approveWhatIsSeen, backgroundWrites, interruptedRuns, ownTab, propertyLinks } from "./scenarios/strict-host-defects.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = join(ROOT, "artifacts", "e2e");
/** The whole suite must stay within five minutes on a shared machine; this bounds a hung browser or server. */
const SUITE_TIMEOUT_MS = 300_000;

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|mjs|cjs)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** The production build, unless main.js is newer than every source (CI builds right before). */
function ensureBuilt() {
  const main = join(ROOT, "main.js");
  const sources = Math.max(newestSource(join(ROOT, "src")), newestSource(join(ROOT, "scripts", "esbuild")), statSync(join(ROOT, "main.ts")).mtimeMs, statSync(join(ROOT, "esbuild.config.mjs")).mtimeMs);
  if (existsSync(main) && statSync(main).mtimeMs >= sources) return;
  process.stdout.write("Building main.js…\n");
  execFileSync(process.execPath, ["esbuild.config.mjs", "production"], { cwd: ROOT, stdio: "inherit" });
}

const tally = new Tally();
const cleanups = [];
const cleanUp = async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  cleanups.length = 0;
};
const watchdog = setTimeout(() => {
  process.stdout.write(`\nThe suite took longer than ${SUITE_TIMEOUT_MS / 1000} s; stopping.\n`);
  void cleanUp().finally(() => {
    process.stdout.write(`${tally.passed} passed, ${tally.failed + 1} failed\n`);
    process.exit(1);
  });
}, SUITE_TIMEOUT_MS);

try {
  const started = Date.now();
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH).`);
  ensureBuilt();
  mkdirSync(ARTIFACTS, { recursive: true });

  const { startMockOpenAI } = await loadMockServer();
  const model = scriptedModel();
  const mock = await startMockOpenAI({ chat: model.reply, models: ["mock-model"] });
  cleanups.push(() => mock.close());
  const front = await startCorsFront(mock.baseUrl);
  cleanups.push(() => front.close());
  const settings = { provider: "custom", baseUrl: front.baseUrl, defaultModel: "mock-model", defaultMode: "step" };
  const hostJs = await bundleHost();
  const pages = await startPageServer({ hostJs, files: exampleVaultFiles(), settings });
  cleanups.push(() => pages.close());
  const keyboardPages = await startPageServer({ hostJs, files: keyboardVault(exampleVaultFiles()), settings });
  cleanups.push(() => keyboardPages.close());

  const profile = mkdtempSync(join(tmpdir(), "sop-e2e-chromium-"));
  cleanups.push(async () => rmSync(profile, { recursive: true, force: true }));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  cleanups.push(() => context.close());
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(10_000);
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.stack ?? error.message));
  page.on("console", (message) => {
    if (message.type() === "error") pageErrors.push(message.text());
  });

  const ui = new HostUi(page);
  /** E2E_ONLY=<regex> runs only the scenarios whose function name matches (while working on one; CI runs all). */
  const wanted = (name) => !process.env.E2E_ONLY || new RegExp(process.env.E2E_ONLY).test(name);
  if (wanted("wholeRun")) await wholeRun({ tally, page, ui, pageUrl: pages.url, mock, artifacts: ARTIFACTS, pageErrors });
  if (wanted("stopConfirmReopen")) await stopConfirmReopen({ tally, page, ui, pageUrl: pages.url, mock, artifacts: ARTIFACTS });
  if (wanted("renderChildren")) await renderChildren({ tally, page, ui, pageUrl: pages.url, artifacts: ARTIFACTS });
  if (wanted("runListing")) await runListing({ tally, page, ui, artifacts: ARTIFACTS });
  if (wanted("approveWhatIsSeen")) await approveWhatIsSeen({ tally, page, ui, pageUrl: pages.url, mock, artifacts: ARTIFACTS });
  if (wanted("propertyLinks")) await propertyLinks({ tally, page, ui });
  if (wanted("backgroundWrites")) await backgroundWrites({ tally, page, ui, pageUrl: pages.url, artifacts: ARTIFACTS });
  if (wanted("amendProgress")) await amendProgress({ tally, page, ui, pageUrl: pages.url, artifacts: ARTIFACTS });
  if (wanted("ownTab")) await ownTab({ tally, page, ui, pageUrl: pages.url, artifacts: ARTIFACTS });
  /** Another app start over `files` (its own origin, so its saved data is its own). */
  const serve = async (files) => {
    const server = await startPageServer({ hostJs, files, settings });
    cleanups.push(() => server.close());
    return server.url;
  };
  if (wanted("interruptedRuns")) await interruptedRuns({ tally, page, ui, pageUrl: pages.url, serve, artifacts: ARTIFACTS });
  if (wanted("duesAndInputs")) await duesAndInputs({ tally, page, ui, pageUrl: pages.url, artifacts: ARTIFACTS });
  if (wanted("procedureLine")) await procedureLine({ tally, page, ui, pageUrl: pages.url, artifacts: ARTIFACTS });
  if (wanted("makeRunnable")) await makeRunnable({ tally, page, ui, pageUrl: pages.url, artifacts: ARTIFACTS });
  if (wanted("keyboardRun")) await keyboardRun({ tally, page, ui, pageUrl: keyboardPages.url, artifacts: ARTIFACTS });
  if (wanted("themeVariables")) await themeVariables({ tally, page, ui });
  process.stdout.write(`\nFinished in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${ARTIFACTS}\n`);
} catch (error) {
  tally.failed++;
  const detail = error instanceof Error ? (process.env.E2E_DEBUG ? (error.stack ?? error.message) : error.message) : String(error);
  process.stdout.write(`\nThe suite could not run: ${detail}\n`);
} finally {
  clearTimeout(watchdog);
  await cleanUp();
}

if (tally.failures.length > 0) process.stdout.write(`\nFailures:\n${tally.failures.map((f) => `- ${f}`).join("\n")}\n`);
process.stdout.write(`${tally.passed} passed, ${tally.failed} failed\n`);
process.exit(tally.failed === 0 ? 0 : 1);
