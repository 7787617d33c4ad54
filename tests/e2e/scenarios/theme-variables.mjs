// styles.css may use only Obsidian's CSS variables: each one it reads must be defined by the host's light and dark themes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "../support/checks.mjs";
import { ROOT } from "../support/servers.mjs";

/** Variables styles.css reads but does not define itself (those must come from Obsidian). */
function variablesRead() {
  const css = readFileSync(join(ROOT, "styles.css"), "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
  const read = new Set([...css.matchAll(/var\(\s*(--[\w-]+)/g)].map((m) => m[1]));
  const defined = new Set([...css.matchAll(/(--[\w-]+)\s*:/g)].map((m) => m[1]));
  return [...read].filter((name) => !defined.has(name)).sort();
}

export async function themeVariables({ tally, page, ui }) {
  tally.scenario("styles.css in light and dark themes");
  await tally.check("every CSS variable styles.css reads is one of Obsidian's, defined in both themes", async () => {
    const names = variablesRead();
    for (const theme of ["light", "dark"]) {
      await ui.theme(theme);
      const missing = await page.evaluate((list) => list.filter((name) => getComputedStyle(document.body).getPropertyValue(name).trim() === ""), names);
      expect(missing.length === 0, `In the ${theme} theme, styles.css reads variables Obsidian does not define (a typo, or a variable the host lacks): ${missing.join(", ")}`);
    }
    await ui.theme("light");
  });
}
