// Secrets never survive into text a person or a note will see.
import { redactSecrets } from "../../src/llm/redact";

describe("redactSecrets", () => {
  test("masks every occurrence of each secret", () => {
    const key = "my-local-key-123456";
    const out = redactSecrets(`key ${key} and again ${key}.`, [key]);
    expect(out).toBe("key [redacted] and again [redacted].");
  });

  test("masks bearer tokens and OpenAI-style keys it was not told about", () => {
    const out = redactSecrets('Authorization: Bearer abc.def-ghi, other sk-proj-AAAAbbbbCCCC1234 "x"', []);
    expect(out).toBe('Authorization: Bearer [redacted], other [redacted] "x"');
  });

  test("a secret containing another is masked whole", () => {
    expect(redactSecrets("token=abcdefgh-XYZ", ["abcd", "abcdefgh-XYZ"])).toBe("token=[redacted]");
  });

  test("leaves ordinary text and empty secrets alone", () => {
    expect(redactSecrets("Draft the summary; use sk-learn.", ["", undefined])).toBe("Draft the summary; use sk-learn.");
  });

  test("masks keys with characters that are special in regular expressions", () => {
    expect(redactSecrets("k=a+b*c?d(e)", ["a+b*c?d(e)"])).toBe("k=[redacted]");
  });
});
