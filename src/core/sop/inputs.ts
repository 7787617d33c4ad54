// Typed SOP inputs: the `sop_inputs` schema, checking the values a run is given, and `{{name}}` substitution.

export type InputType = "text" | "number" | "date" | "choice" | "note" | "boolean";
export const INPUT_TYPES: readonly InputType[] = ["text", "number", "date", "choice", "note", "boolean"];

export interface InputSpec {
  name: string;
  type: InputType;
  required: boolean;
  /** For `choice`: the allowed values, as written. */
  options: string[];
  /** The default as text, or null when there is none. */
  default: string | null;
  /** What the person is asked, when the SOP gives one (`label:` or `description:`). */
  label: string;
}

/** A checked input value as it is recorded and substituted: notes as `[[links]]`, dates as YYYY-MM-DD. */
export type InputValue = string | number | boolean;
export type InputValues = Record<string, InputValue>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Reads `sop_inputs`; a malformed declaration is one sentence naming the input and what is wrong. */
export function readInputSpecs(value: unknown): { ok: true; specs: InputSpec[] } | { ok: false; error: string } {
  if (value === undefined || value === null) return { ok: true, specs: [] };
  if (!Array.isArray(value)) return { ok: false, error: "sop_inputs should be a list of inputs, each with a name and a type." };
  const specs: InputSpec[] = [];
  for (const [i, raw] of value.entries()) {
    const where = `input ${i + 1} of sop_inputs`;
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { ok: false, error: `${where} should have a name and a type, like "- name: service".` };
    const entry = raw as Record<string, unknown>;
    const name = typeof entry.name === "string" ? entry.name.trim() : "";
    if (!NAME.test(name)) return { ok: false, error: `${where} needs a name made of letters, digits and _ (found ${JSON.stringify(entry.name ?? null)}).` };
    if (specs.some((s) => s.name === name)) return { ok: false, error: `sop_inputs declares "${name}" twice.` };
    const type = (typeof entry.type === "string" ? entry.type.trim().toLowerCase() : "text") as InputType;
    if (!INPUT_TYPES.includes(type)) return { ok: false, error: `Input "${name}" has an unknown type ${JSON.stringify(entry.type)}; use one of ${INPUT_TYPES.join(", ")}.` };
    const options = Array.isArray(entry.options) ? entry.options.map((o) => String(o).trim()).filter(Boolean) : [];
    if (type === "choice" && options.length === 0) return { ok: false, error: `Input "${name}" is a choice but lists no options; add "options: [a, b]".` };
    const spec: InputSpec = {
      name,
      type,
      required: entry.required === true || entry.required === "true",
      options,
      default: null,
      label: typeof entry.label === "string" ? entry.label.trim() : typeof entry.description === "string" ? entry.description.trim() : "",
    };
    if (entry.default !== undefined && entry.default !== null && entry.default !== "") {
      const given = entry.default;
      const fallback = given instanceof Date ? given.toISOString().slice(0, 10) : typeof given === "string" || typeof given === "number" || typeof given === "boolean" ? String(given) : JSON.stringify(given);
      const checked = checkValue(spec, fallback);
      if (!checked.ok) return { ok: false, error: `The default of input "${name}" is not valid: ${checked.error}` };
      spec.default = fallback;
    }
    specs.push(spec);
  }
  return { ok: true, specs };
}

/** What a value of this input may be, for messages and form hints. */
export function allowedText(spec: InputSpec): string {
  switch (spec.type) {
    case "number":
      return "a number";
    case "date":
      return "a date as YYYY-MM-DD";
    case "choice":
      return `one of ${spec.options.join(", ")}`;
    case "note":
      return "the name of a note in the vault";
    case "boolean":
      return "true or false";
    default:
      return "any text";
  }
}

/** Checks one value against its input; notes are resolved by the caller (`resolveNote`) so the link is a real one. */
export function checkValue(spec: InputSpec, raw: string, resolveNote?: (name: string) => string | null): { ok: true; value: InputValue } | { ok: false; error: string } {
  const text = raw.trim();
  const refuse = () => ({ ok: false as const, error: `input "${spec.name}" must be ${allowedText(spec)} (got ${JSON.stringify(raw)}).` });
  switch (spec.type) {
    case "number": {
      const n = Number(text);
      return text !== "" && Number.isFinite(n) ? { ok: true, value: n } : refuse();
    }
    case "date": {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      if (!match) return refuse();
      const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
      return date.toISOString().slice(0, 10) === text ? { ok: true, value: text } : refuse();
    }
    case "choice": {
      const option = spec.options.find((o) => o === text) ?? spec.options.find((o) => o.toLowerCase() === text.toLowerCase());
      return option !== undefined ? { ok: true, value: option } : refuse();
    }
    case "boolean": {
      const lower = text.toLowerCase();
      if (["true", "yes", "y", "1", "on"].includes(lower)) return { ok: true, value: true };
      if (["false", "no", "n", "0", "off"].includes(lower)) return { ok: true, value: false };
      return refuse();
    }
    case "note": {
      const name = text.replace(/^\[\[|\]\]$/g, "").split("|")[0].trim();
      if (!name) return refuse();
      if (resolveNote && resolveNote(name) === null) return { ok: false, error: `input "${spec.name}" must be ${allowedText(spec)}; there is no note "${name}".` };
      return { ok: true, value: `[[${name}]]` };
    }
    default:
      return text === "" ? refuse() : { ok: true, value: text };
  }
}

/**
 * Checks every given value and fills defaults. Refuses, naming the input and what is allowed, on an unknown
 * name, an invalid value, or a required input left without a value or a default.
 */
export function resolveInputs(
  specs: InputSpec[],
  given: Record<string, string>,
  resolveNote?: (name: string) => string | null,
): { ok: true; values: InputValues } | { ok: false; error: string } {
  for (const name of Object.keys(given)) {
    if (!specs.some((s) => s.name === name)) {
      const known = specs.length ? `it takes ${specs.map((s) => s.name).join(", ")}` : "it declares no inputs";
      return { ok: false, error: `Unknown input "${name}": ${known}.` };
    }
  }
  const values: InputValues = {};
  for (const spec of specs) {
    const raw = given[spec.name] ?? spec.default;
    if (raw === null || raw === undefined || raw.trim() === "") {
      if (spec.required) return { ok: false, error: `Missing required input "${spec.name}": give ${allowedText(spec)}.` };
      continue;
    }
    const checked = checkValue(spec, raw, resolveNote);
    if (!checked.ok) return { ok: false, error: `Invalid ${checked.error}` };
    values[spec.name] = checked.value;
  }
  return { ok: true, values };
}

/** The run-note property that records an input (`input_service`). */
export function inputProperty(name: string): string {
  return `input_${name}`;
}

/** The inputs recorded on a run note, read back from its `input_*` properties. */
export function inputsFromProperties(properties: Record<string, unknown>): InputValues {
  const values: InputValues = {};
  for (const [key, value] of Object.entries(properties)) {
    if (!key.startsWith("input_")) continue;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") values[key.slice(6)] = value;
    else if (value instanceof Date) values[key.slice(6)] = value.toISOString().slice(0, 10);
  }
  return values;
}

/** Replaces `{{name}}` (spaces allowed inside the braces) with the input's value; names that are not inputs stay as written. */
export function substituteInputs(text: string, values: InputValues, specs: InputSpec[]): string {
  if (!text.includes("{{")) return text;
  return text.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (whole, name: string) => {
    if (name in values) return String(values[name]);
    return specs.some((s) => s.name === name) ? "(not given)" : whole;
  });
}
