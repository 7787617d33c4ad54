// Text a model or an endpoint wrote, shown to the person: control characters never reach a screen, and in a run
// log line its link, embed and tag syntax stays text, so a model cannot add links or tags to the person's vault.

// Built from code points so the source holds no control characters itself: C0 but tab and newline, DEL, C1.
const CONTROL = new RegExp(`[${String.fromCharCode(0)}-${String.fromCharCode(8)}${String.fromCharCode(11)}-${String.fromCharCode(31)}${String.fromCharCode(127)}-${String.fromCharCode(159)}]`, "g");

/**
 * Without control characters (C0 but newline and tab, DEL, C1): an escape sequence loses its ESC and is inert text, so
 * it cannot rewrite a terminal or hide in a notice. Works on any piece of a stream, since it keeps no state.
 */
export function withoutControlCharacters(text: string): string {
  return text.replace(CONTROL, "");
}

/**
 * For a run log line: `[[…]]` (links and `![[…]]` embeds) and `#tag` are backslash-escaped, so Obsidian shows them
 * as written instead of linking or tagging; control characters go too, and the line stays one line.
 */
export function inertInLog(text: string): string {
  return withoutControlCharacters(text.replace(/[\r\n]+/g, " "))
    .replace(/\[\[/g, "\\[\\[")
    .replace(/\]\]/g, "\\]\\]")
    .replace(/(^|[^\w\\])#(?=[^\s#])/gu, "$1\\#");
}

/**
 * The model id an endpoint says answered, when it looks like one ("gpt-4o-mini-2024-07-18", "llama3.2:latest",
 * "meta-llama/Llama-3-8B", "/models/tiny.gguf"); otherwise "" so the caller keeps the model it asked for. The id
 * goes into a waypoint's `model` property, where link, embed or tag syntax or a line break would act in the vault.
 */
export function plausibleModelId(id: string): string {
  return /^[\w.:/@+-]{1,200}$/.test(id) ? id : "";
}
