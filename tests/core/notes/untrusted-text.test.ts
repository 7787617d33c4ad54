// A model's or an endpoint's text: no control character on a screen, no link or tag of its making in a run log.
import { inertInLog, plausibleModelId, withoutControlCharacters } from "../../../src/core/notes/untrusted-text";

const ESC = String.fromCharCode(27);

it("drops C0 (but newline and tab), DEL and C1 characters, leaving an escape sequence inert", () => {
  expect(withoutControlCharacters(`a${ESC}[2Jb\tc\n${String.fromCharCode(0x9b)}d${String.fromCharCode(127)}\r${String.fromCharCode(0)}e`)).toBe("a[2Jb\tc\nde");
});

it("escapes links, embeds and tags in a log line so they stay text, on one line", () => {
  expect(inertInLog(`See [[Secret note]] and ![[image.png]] #injected\n#also, C# and a#b, ${ESC}[31mred`)).toBe(
    "See \\[\\[Secret note\\]\\] and !\\[\\[image.png\\]\\] \\#injected \\#also, C# and a#b, [31mred",
  );
});

it("leaves text without link or tag syntax as it is", () => {
  expect(inertInLog('The endpoint at http://127.0.0.1:8080/v1 rejected the request (400): "Conversation roles must alternate".')).toBe(
    'The endpoint at http://127.0.0.1:8080/v1 rejected the request (400): "Conversation roles must alternate".',
  );
});

describe("plausibleModelId", () => {
  it("keeps ids as servers name models and refuses anything that could act in a note", () => {
    for (const id of ["gpt-4o-mini-2024-07-18", "llama3.2:latest", "meta-llama/Llama-3-8B-Instruct", "/models/tiny-random.gguf", "org@v2+q4_K_M"]) expect(plausibleModelId(id)).toBe(id);
    for (const id of ["", "[[Secret]]", "a #tag", "two\nlines", "x".repeat(201), "model]]", "![[embed]]"]) expect(plausibleModelId(id)).toBe("");
  });
});
