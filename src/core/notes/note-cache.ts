// What the engine has read of the vault, kept until the note changes: a vault that reads each note once and parses
// its properties once, so a step of a long run costs the same as a step of a short one.
import type { VaultPort, VersionCheck, YamlCodec } from "../ports";
import { propertiesOfBlock, splitFrontmatter } from "./frontmatter";
import { stringifyProperties } from "./flat-yaml";

/** A note's text with its properties and body split off (parsed on first use). */
export interface ParsedNote {
  text: string;
  properties: Record<string, unknown>;
  body: string;
}

interface Entry {
  text: string | null;
  parsed?: ParsedNote;
  /** The version of the file the text was read from (a vault with versions); null: read it again once doubted. */
  version: string | null;
  /** The round of doubt in which the text was read or last checked against its file (see `doubtAll`). */
  checked: number;
}

/** A note's properties block as last parsed (or as last written by a frontmatter edit), with what it parses to. */
interface Block {
  yaml: string | null;
  properties: Record<string, unknown>;
}

/**
 * Notes by path. A host that tells of every change made outside the engine (the plugin, from the vault's events)
 * keeps one cache for the app's lifetime; a host whose vault gives versions (the command line: another process may
 * write) doubts every note at the start of each engine call and checks each against its file before using it again;
 * any other starts each engine call with an empty one. A change told while a read is under way wins over that read.
 */
export class NoteCache {
  private readonly entries = new Map<string, Entry>();
  private readonly generations = new Map<string, number>();
  /**
   * Kept across forgets, checked against the text: a note whose properties block is the same text as before is not
   * parsed again (a step changes a long run note's body or one property; a vault event after our own write re-reads
   * the note but finds the block it already knows).
   */
  private readonly blocks = new Map<string, Block>();
  /** What a frontmatter edit of ours left, until the note is next read: its block text is checked before it is used. */
  private readonly written = new Map<string, Record<string, unknown>>();
  private all = 0;
  /** The current round of doubt: a note checked in an earlier one is checked against its file before it is used. */
  round = 0;
  /** How many properties blocks were parsed (for tests: a step of a long run parses no more than one of a short run). */
  parses = 0;

  /** The note at `path` changed, moved or went away. */
  forget(path: string): void {
    this.entries.delete(path);
    this.generations.set(path, (this.generations.get(path) ?? 0) + 1);
  }

  /** Everything may have changed (the command line, at the start of each engine call): nothing read is kept. */
  forgetAll(): void {
    this.entries.clear();
    this.blocks.clear();
    this.written.clear();
    this.all++;
  }

  /**
   * Another process may have written since the notes were read (the command line, at the start of each engine call):
   * each is used again only once its file is seen unchanged. Parsed properties stay, checked against the text.
   */
  doubtAll(): void {
    this.round++;
  }

  get size(): number {
    return this.entries.size;
  }

  /** @internal for CachedVault: the note's properties, parsed only when its block is not the one already known. */
  properties(path: string, block: string | null, yaml: YamlCodec): Record<string, unknown> {
    const known = this.blocks.get(path);
    if (known && known.yaml === block) return known.properties;
    const written = this.written.get(path);
    this.written.delete(path);
    // Our own frontmatter edit: the block is exactly what the codec writes for the properties we set (else parsed).
    if (written && block !== null && stringifyProperties(written, yaml) === block) {
      this.blocks.set(path, { yaml: block, properties: written });
      return written;
    }
    this.parses++;
    const properties = propertiesOfBlock(block, yaml);
    this.blocks.set(path, { yaml: block, properties });
    return properties;
  }

  /** @internal for CachedVault: the properties a frontmatter edit of ours just wrote. */
  wrote(path: string, properties: Record<string, unknown>): void {
    this.written.set(path, properties);
  }

  /** @internal for CachedVault */
  lookup(path: string): Entry | undefined {
    return this.entries.get(path);
  }

  /** @internal for CachedVault: a stamp that changes when `path` (or everything) is forgotten. */
  stamp(path: string): string {
    return `${this.all}:${this.generations.get(path) ?? 0}`;
  }

  /**
   * @internal for CachedVault: `version` is the file's as read (null for our own writes: read again once doubted),
   * `round` the round in which the read began. The same text read again keeps its parse.
   */
  store(path: string, text: string | null, stamp?: string, version: string | null = null, round = this.round): void {
    if (stamp !== undefined && stamp !== this.stamp(path)) return;
    const before = this.entries.get(path);
    this.entries.set(path, { text, version, checked: round, parsed: before?.text === text ? before.parsed : undefined });
  }
}

/** A VaultPort that answers reads from a NoteCache and keeps it true for its own writes. */
export class CachedVault implements VaultPort {
  /** This round's check of kept notes against their files (a vault with versions), taken when the round began. */
  private check: VersionCheck | null = null;

  constructor(
    readonly inner: VaultPort,
    private readonly yaml: YamlCodec,
    readonly cache: NoteCache,
  ) {}

  /** Whether the vault gives versions: then a new engine call doubts what was read (`doubt`) instead of forgetting it. */
  get versioned(): boolean {
    return this.inner.readVersion !== undefined && this.inner.versionCheck !== undefined;
  }

  /** Another process may have written since the last engine call: each kept note is checked before it is used again. */
  doubt(): void {
    this.cache.doubtAll();
    this.check = this.inner.versionCheck?.() ?? null;
  }

  async read(path: string): Promise<string | null> {
    const known = this.current(path);
    if (known) return known.text;
    const stamp = this.cache.stamp(path);
    const round = this.cache.round;
    if (this.inner.readVersion) {
      const { text, version } = await this.inner.readVersion(path);
      this.cache.store(path, text, stamp, version, round);
      return text;
    }
    const text = await this.inner.read(path);
    this.cache.store(path, text, stamp, null, round);
    return text;
  }

  /** The kept note, when it may be used in this round: read or checked in it, or its file unchanged since it was read. */
  private current(path: string): Entry | undefined {
    const known = this.cache.lookup(path);
    if (!known || known.checked === this.cache.round) return known;
    if (known.version === null || !this.check?.(path, known.version)) return undefined;
    known.checked = this.cache.round;
    return known;
  }

  /** The note read through the cache, its properties parsed once; null when there is no such note. */
  async note(path: string): Promise<ParsedNote | null> {
    const text = await this.read(path);
    if (text === null) return null;
    const entry = this.current(path);
    if (entry?.parsed && entry.parsed.text === text) return entry.parsed;
    // Split once: the properties block and the body of each of a long run's waypoints are read at every load.
    const { yaml: block, body } = splitFrontmatter(text);
    const parsed = { text, properties: this.cache.properties(path, block, this.yaml), body };
    if (entry && entry.text === text) entry.parsed = parsed;
    return parsed;
  }

  /** Reads past the cache: for the text a person may just have typed (a gate acts on what they see). */
  async fresh(path: string): Promise<string | null> {
    this.cache.forget(path);
    return this.read(path);
  }

  exists(path: string): Promise<boolean> {
    const known = this.current(path);
    return known && known.text !== null ? Promise.resolve(true) : this.inner.exists(path);
  }

  async create(path: string, content: string): Promise<void> {
    this.cache.forget(path);
    await this.inner.create(path, content);
    this.cache.store(path, content, this.cache.stamp(path));
  }

  async process(path: string, fn: (current: string) => string): Promise<string> {
    this.cache.forget(path);
    const stamp = this.cache.stamp(path);
    const text = await this.inner.process(path, fn);
    this.cache.store(path, text, stamp);
    return text;
  }

  async append(path: string, text: string): Promise<void> {
    const known = this.current(path);
    this.cache.forget(path);
    const stamp = this.cache.stamp(path);
    await this.inner.append(path, text);
    if (known && known.text !== null) this.cache.store(path, known.text + text, stamp);
  }

  async processFrontMatter(path: string, fn: (frontmatter: Record<string, unknown>) => void): Promise<void> {
    this.cache.forget(path);
    let written: Record<string, unknown> | null = null;
    try {
      await this.inner.processFrontMatter(path, (frontmatter) => {
        fn(frontmatter);
        written = frontmatter;
      });
    } finally {
      this.cache.forget(path);
    }
    if (written) this.cache.wrote(path, { ...(written as Record<string, unknown>) });
  }

  list(folder: string): Promise<string[]> {
    return this.inner.list(folder);
  }

  ensureFolder(path: string): Promise<void> {
    return this.inner.ensureFolder(path);
  }

  link(targetPath: string, sourcePath: string, alias?: string): string {
    return this.inner.link(targetPath, sourcePath, alias);
  }

  resolveLink(linkText: string, sourcePath: string): string | null {
    return this.inner.resolveLink(linkText, sourcePath);
  }
}

/** The parsed note, from the cache when the vault has one. */
export async function readNote(vault: VaultPort, yaml: YamlCodec, path: string): Promise<ParsedNote | null> {
  if (vault instanceof CachedVault) return vault.note(path);
  const text = await vault.read(path);
  if (text === null) return null;
  const { yaml: block, body } = splitFrontmatter(text);
  return { text, properties: propertiesOfBlock(block, yaml), body };
}
