// Assertions that say what a person would have seen, and a tally the runner prints as "N passed, M failed".

export class AssertionFailed extends Error {}

export function expect(condition, message) {
  if (!condition) throw new AssertionFailed(message);
}

export function expectIncludes(text, part, what) {
  expect(typeof text === "string" && text.includes(part), `${what} should contain ${JSON.stringify(part)}, but was ${JSON.stringify(shorten(text))}`);
}

export function expectMatch(text, pattern, what) {
  expect(typeof text === "string" && pattern.test(text), `${what} should match ${pattern}, but was ${JSON.stringify(shorten(text))}`);
}

function shorten(text) {
  if (typeof text !== "string") return text;
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

/** Checks run in order; once one fails, the rest of its scenario depends on it, so they are counted as failed too. */
export class Tally {
  passed = 0;
  failed = 0;
  failures = [];
  #blocked = null;

  async check(name, body) {
    if (this.#blocked) {
      this.failed++;
      process.stdout.write(`  ✗ ${name} (not run: "${this.#blocked}" failed)\n`);
      return;
    }
    const started = Date.now();
    try {
      await body();
      this.passed++;
      process.stdout.write(`  ✓ ${name} (${Date.now() - started} ms)\n`);
    } catch (error) {
      this.failed++;
      this.#blocked = name;
      const message = error instanceof Error ? (error instanceof AssertionFailed ? error.message : (error.stack ?? error.message)) : String(error);
      this.failures.push(`${name}: ${message}`);
      process.stdout.write(`  ✗ ${name}\n      ${message.split("\n").join("\n      ")}\n`);
    }
  }

  /** A new scenario starts unblocked. */
  scenario(title) {
    this.#blocked = null;
    process.stdout.write(`\n${title}\n`);
  }
}
