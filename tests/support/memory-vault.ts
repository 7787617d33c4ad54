// An in-memory VaultPort for core tests and benchmarks: same contract as the folder and Obsidian adapters.
import type { VaultPort, YamlCodec } from "../../src/core/ports";
import { linkTarget, resolveLinkpath } from "../../src/core/notes/links";
import { joinFrontmatter, splitFrontmatter } from "../../src/core/notes/frontmatter";
import { readFlatYaml, stringifyProperties } from "../../src/core/notes/flat-yaml";
import { nodeYaml } from "../../src/cli/yaml-codec";

export class MemoryVault implements VaultPort {
  readonly files = new Map<string, string>();
  readonly folders = new Set<string>();
  /** Every write (create, process, processFrontMatter) in order, for tests that count writes. */
  readonly writes: { path: string; kind: "create" | "process" | "frontmatter" | "append"; content: string }[] = [];
  /** Runs before each write; a test can edit a note "as the person" here, or throw to simulate a crash. */
  beforeWrite: ((path: string) => void) | null = null;

  constructor(
    initial: Record<string, string> = {},
    private readonly yaml: YamlCodec = nodeYaml,
    /** When false, writes are not recorded (benchmarks). */
    private readonly record = true,
  ) {
    for (const [path, content] of Object.entries(initial)) this.files.set(path, content);
  }

  read(path: string): Promise<string | null> {
    return Promise.resolve(this.files.get(path) ?? null);
  }

  exists(path: string): Promise<boolean> {
    return Promise.resolve(this.files.has(path) || this.folders.has(path));
  }

  create(path: string, content: string): Promise<void> {
    if (this.files.has(path)) return Promise.reject(new Error(`A note already exists at "${path}".`));
    this.beforeWrite?.(path);
    this.files.set(path, content);
    this.log(path, "create", content);
    return Promise.resolve();
  }

  process(path: string, fn: (current: string) => string): Promise<string> {
    const current = this.files.get(path);
    if (current === undefined) return Promise.reject(new Error(`No note at "${path}".`));
    try {
      this.beforeWrite?.(path);
      const latest = this.files.get(path) ?? current;
      const next = fn(latest);
      this.files.set(path, next);
      this.log(path, "process", next);
      return Promise.resolve(next);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  append(path: string, text: string): Promise<void> {
    const current = this.files.get(path);
    if (current === undefined) return Promise.reject(new Error(`No note at "${path}".`));
    this.beforeWrite?.(path);
    this.files.set(path, (this.files.get(path) ?? current) + text);
    this.log(path, "append", text);
    return Promise.resolve();
  }

  async processFrontMatter(path: string, fn: (frontmatter: Record<string, unknown>) => void): Promise<void> {
    await this.process(path, (text) => {
      const { yaml, body } = splitFrontmatter(text);
      // The flat blocks the engine writes are read without the full parser (exactly as it would read them).
      const parsed = yaml === null ? {} : (readFlatYaml(yaml, this.yaml) ?? this.yaml.parse(yaml));
      const properties: Record<string, unknown> = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? { ...(parsed as Record<string, unknown>) } : {};
      fn(properties);
      return joinFrontmatter(Object.keys(properties).length ? stringifyProperties(properties, this.yaml) : "", body);
    });
    const last = this.writes[this.writes.length - 1];
    if (last?.path === path && last.kind === "process") last.kind = "frontmatter";
  }

  list(folder: string): Promise<string[]> {
    const prefix = folder === "" ? "" : `${folder.replace(/\/$/, "")}/`;
    return Promise.resolve([...this.files.keys()].filter((p) => p.startsWith(prefix) && p.toLowerCase().endsWith(".md")).sort());
  }

  ensureFolder(path: string): Promise<void> {
    this.folders.add(path);
    return Promise.resolve();
  }

  link(targetPath: string, sourcePath: string, alias?: string): string {
    void sourcePath; // Links by full path resolve from anywhere, so the source does not matter here.
    const target = targetPath.replace(/\.md$/i, "");
    return alias ? `[[${target}|${alias}]]` : `[[${target}]]`;
  }

  resolveLink(linkText: string, sourcePath: string): string | null {
    const index = { has: (path: string) => this.files.has(path), paths: () => [...this.files.keys()].sort() };
    return resolveLinkpath(linkTarget(linkText), sourcePath, index);
  }

  /** A note's body without its frontmatter (test helper). */
  body(path: string): string {
    return splitFrontmatter(this.files.get(path) ?? "").body;
  }

  /** A note's properties (test helper). */
  properties(path: string): Record<string, unknown> {
    const { yaml } = splitFrontmatter(this.files.get(path) ?? "");
    return yaml === null ? {} : ((this.yaml.parse(yaml) as Record<string, unknown> | null) ?? {});
  }

  private log(path: string, kind: "create" | "process" | "append", content: string): void {
    if (this.record) this.writes.push({ path, kind, content });
  }
}
