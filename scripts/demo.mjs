// `npm run demo`: build, install the plugin into the example vault, then run the example SOP
// (against a model when one is configured, otherwise as a preview of what each step would send).
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";

const root = join(import.meta.dirname, "..");
const vault = join(root, "examples", "vault");
const sop = "SOPs/Drafting internal product docs.md";
const project = "Projects/Identity platform guide.md";
const cue = "The audience is new IT hires onboarding this quarter.";

function step(title) {
  process.stdout.write(`\n== ${title}\n`);
}

function sopCli(args) {
  const result = spawnSync(process.execPath, [join(root, "dist", "sop.cjs"), ...args], { stdio: "inherit", env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

step("Building main.js and dist/sop.cjs");
if (!existsSync(join(root, "node_modules"))) execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
execFileSync(process.execPath, [join(root, "esbuild.config.mjs"), "production"], { cwd: root, stdio: "inherit" });

step("Installing the plugin into examples/vault");
const pluginDir = join(vault, ".obsidian", "plugins", "sop-runtime");
mkdirSync(pluginDir, { recursive: true });
for (const file of ["main.js", "manifest.json", "styles.css"]) copyFileSync(join(root, file), join(pluginDir, file));
const enabledFile = join(vault, ".obsidian", "community-plugins.json");
const enabled = existsSync(enabledFile) ? JSON.parse(readFileSync(enabledFile, "utf8")) : [];
if (!enabled.includes("sop-runtime")) enabled.push("sop-runtime");
writeFileSync(enabledFile, JSON.stringify(enabled, null, 2) + "\n");
process.stdout.write(`Installed into ${pluginDir} and enabled in community-plugins.json.\n`);
process.stdout.write("Open examples/vault in Obsidian (Open folder as vault) to use it there.\n");

step(`The example SOP, parsed: ${sop}`);
sopCli(["parse", join(vault, sop)]);

{
  const hasModel = Boolean(process.env.OPENAI_API_KEY || process.env.OPENAI_BASE_URL);
  if (hasModel) {
    step("Running the example SOP unattended against your model");
    sopCli(["run", vault, sop, "--project", project, "--cue", cue, "--auto"]);
  } else {
    step("No model configured: previewing what step 1 would send");
    sopCli(["preview", vault, sop, "--project", project, "--cue", cue]);
    process.stdout.write(
      "\nTo run it for real, point it at any OpenAI-compatible endpoint, for example:\n" +
        "  OpenAI:    OPENAI_API_KEY=sk-… SOP_MODEL=gpt-4o-mini npm run demo\n" +
        "  Ollama:    OPENAI_BASE_URL=http://localhost:11434/v1 SOP_MODEL=llama3.2 npm run demo\n" +
        "  LM Studio: OPENAI_BASE_URL=http://localhost:1234/v1 SOP_MODEL=<loaded model> npm run demo\n",
    );
  }
}
