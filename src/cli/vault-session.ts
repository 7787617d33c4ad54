// Opens a vault folder for a command: checks it, resolves note arguments, and builds the one RunEngine.
import { stat } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { RunEngine } from "../core/run/engine";
import type { ModelPort } from "../core/ports";
import { costOf, DEFAULT_PRICES } from "../llm/index";
import { UsageError } from "./command";
import { FolderVault } from "./folder-vault";
import { nodeYaml } from "./yaml-codec";
import { FolderLockFiles } from "./lock-files";
import { clean } from "./vault-files";
import { createRuntime, type Runtime, type RuntimeConfig } from "../core/app/runtime";
import { warningOnUnpriced, type CostFunction } from "../core/app/pricing";

export async function openVault(folder: string | undefined): Promise<FolderVault> {
  if (!folder) throw new UsageError("Name the vault folder.");
  const root = resolve(folder);
  const info = await stat(root).catch(() => null);
  if (!info) throw new UsageError(`No vault folder at "${folder}".`);
  if (!info.isDirectory()) throw new UsageError(`"${folder}" is a file; give the vault folder that contains it.`);
  return new FolderVault(root, nodeYaml);
}

/**
 * A note named on the command line: a path relative to the vault (with or without `.md`), a path from the
 * current folder that lies inside the vault, or a bare note name that resolves like a wikilink.
 */
export async function resolveNote(vault: FolderVault, arg: string | undefined, what: string): Promise<string> {
  if (!arg) throw new UsageError(`Name the ${what}.`);
  if (leavesVault(vault.root, arg)) throw new UsageError(`The ${what} "${arg}" is outside the vault at "${vault.root}".`);
  const candidates = [clean(arg), /\.md$/i.test(arg) ? null : clean(`${arg}.md`)];
  const fromCwd = relative(vault.root, resolve(arg));
  if (!fromCwd.startsWith("..") && !isAbsolute(fromCwd)) candidates.push(clean(fromCwd));
  for (const candidate of candidates) {
    if (candidate && (await vault.exists(candidate)) && /\.md$/i.test(candidate)) return candidate;
  }
  const linked = vault.resolveLink(arg.replace(/^\[\[|\]\]$/g, ""), "");
  if (linked) return linked;
  throw new UsageError(`No ${what} "${arg}" in the vault at "${vault.root}".`);
}

/** `../x.md` from the vault, or a path from the current folder that lies outside the vault. */
function leavesVault(root: string, arg: string): boolean {
  if (clean(arg).split("/").includes("..")) {
    const fromRoot = relative(root, resolve(root, arg));
    const fromCwd = relative(root, resolve(arg));
    const outside = (rel: string): boolean => rel.startsWith("..") || isAbsolute(rel);
    return outside(fromRoot) && outside(fromCwd);
  }
  return false;
}

/** US dollars from the default price table; null for a model without a price (its cost is unknown). */
export const cliPrice: CostFunction = (usage, name) => {
  const cost = costOf({ ...usage, estimated: false }, name, DEFAULT_PRICES);
  return cost.known ? cost.usd : null;
};

/**
 * One runtime per command: the folder vault, the model (or none), prices from the default table, an optional budget,
 * run locks; `warn` hears once per model that it has no price (the command prints it on stderr).
 */
export function runtimeFor(vault: FolderVault, model: ModelPort | null, modelName: string, budgetUsd = 0, runsFolder?: string, warn?: (message: string) => void, config: RuntimeConfig = {}): Runtime {
  return createRuntime(
    {
      vault,
      yaml: nodeYaml,
      clock: { now: () => new Date() },
      model,
      price: warn ? warningOnUnpriced(cliPrice, new Set(), warn) : cliPrice,
      locks: new FolderLockFiles(vault.root, "the sop command line"),
    },
    { ...config, defaultModel: modelName, budgetUsd, runsFolder },
  );
}

/** The engine of `runtimeFor`, for commands that only run and inspect runs. */
export function engineFor(vault: FolderVault, model: ModelPort | null, modelName: string, budgetUsd = 0, runsFolder?: string, warn?: (message: string) => void, config: RuntimeConfig = {}): RunEngine {
  return runtimeFor(vault, model, modelName, budgetUsd, runsFolder, warn, config).engine;
}

/** `--budget 0.50`: US dollars a run may cost before it pauses. */
export function parseBudget(value: string | undefined): number {
  if (value === undefined) return 0;
  const amount = Number(value);
  if (!Number.isFinite(amount) || amount < 0) throw new UsageError(`--budget takes an amount in US dollars, like 0.50, not "${value}".`);
  return amount;
}

/** An engine result whose failure is a runtime failure (the run, the vault or the model went wrong): one line, exit 1. */
export function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/** An engine result that checks what the person typed (an SOP with no procedure, an unknown step): one line, exit 2. */
export function unwrapInput<T>(result: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!result.ok) throw new UsageError(result.error);
  return result.value;
}
