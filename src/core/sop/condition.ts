// `when::` conditions on steps: a small hand-written parser and evaluator (no eval) for ==, !=, in [..], and, or, not.
/*
 * Grammar (words are case-insensitive):
 *   expr    := and ("or" and)*
 *   and     := unary ("and" unary)*
 *   unary   := "not" unary | "(" expr ")" | "step" N "is" ["not"] status | input [("==" | "!=") value | ["not"] "in" "[" value ("," value)* "]"]
 *   status  := skipped | approved | done
 *   value   := a word, a number, or a quoted string ('…' or "…")
 * A bare input name is true when the input has a value other than false, 0 or empty.
 */
import type { InputValues } from "./inputs";

export type StepStatusWord = "skipped" | "approved";

export type Condition =
  | { kind: "or" | "and"; left: Condition; right: Condition }
  | { kind: "not"; operand: Condition }
  | { kind: "compare"; input: string; negated: boolean; values: string[] }
  | { kind: "truthy"; input: string }
  | { kind: "step"; step: number; negated: boolean; status: StepStatusWord };

type Token = { type: "word" | "string" | "op"; text: string; at: number };

export type ConditionOutcome = { ok: true; condition: Condition } | { ok: false; error: string };

/** What a condition is checked against: the run's inputs and the statuses of earlier steps. */
export interface ConditionScope {
  inputs: InputValues;
  stepStatus(index: number): string | null;
}

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "=" || c === "!") {
      if (text[i + 1] !== "=") return `"${c}" at position ${i + 1} should be "==" or "!="`;
      tokens.push({ type: "op", text: c + "=", at: i });
      i += 2;
    } else if ("()[],".includes(c)) {
      tokens.push({ type: "op", text: c, at: i });
      i++;
    } else if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end === -1) return `the quote at position ${i + 1} is never closed`;
      tokens.push({ type: "string", text: text.slice(i + 1, end), at: i });
      i = end + 1;
    } else {
      const match = /^[\p{L}\p{N}_.\-:/]+/u.exec(text.slice(i));
      if (!match) return `unexpected "${c}" at position ${i + 1}`;
      tokens.push({ type: "word", text: match[0], at: i });
      i += match[0].length;
    }
  }
  return tokens;
}

/** Parses a `when::` value; an error is a phrase saying what is wrong (the caller names the step). */
export function parseCondition(text: string): ConditionOutcome {
  const tokens = tokenize(text);
  if (typeof tokens === "string") return { ok: false, error: tokens };
  if (tokens.length === 0) return { ok: false, error: "the condition is empty" };
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (word: string) => peek()?.type === "word" && peek().text.toLowerCase() === word;
  const fail = (message: string): never => {
    throw new ConditionSyntaxError(message);
  };
  const expectOp = (op: string) => {
    if (peek()?.type !== "op" || peek().text !== op) fail(`expected "${op}" ${where()}`);
    pos++;
  };
  const where = () => (peek() ? `before "${peek().text}"` : "at the end");
  const value = (): string => {
    const token = peek();
    if (!token || token.type === "op") fail(`expected a value ${where()}`);
    pos++;
    return token.text;
  };
  const orExpr = (): Condition => {
    let left = andExpr();
    while (isWord("or")) {
      pos++;
      left = { kind: "or", left, right: andExpr() };
    }
    return left;
  };
  const andExpr = (): Condition => {
    let left = unary();
    while (isWord("and")) {
      pos++;
      left = { kind: "and", left, right: unary() };
    }
    return left;
  };
  const unary = (): Condition => {
    if (isWord("not")) {
      pos++;
      return { kind: "not", operand: unary() };
    }
    const token = peek();
    if (!token) return fail("the condition ends too early");
    if (token.type === "op" && token.text === "(") {
      pos++;
      const inner = orExpr();
      expectOp(")");
      return inner;
    }
    if (token.type !== "word") return fail(`expected an input name ${where()}`);
    if (token.text.toLowerCase() === "step" && /^\d+$/.test(tokens[pos + 1]?.text ?? "")) return stepCheck();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(token.text)) return fail(`"${token.text}" is not an input name`);
    pos++;
    const input = token.text;
    const next = peek();
    if (next?.type === "op" && (next.text === "==" || next.text === "!=")) {
      pos++;
      return { kind: "compare", input, negated: next.text === "!=", values: [value()] };
    }
    let negated = false;
    if (isWord("not") && tokens[pos + 1]?.type === "word" && tokens[pos + 1].text.toLowerCase() === "in") {
      negated = true;
      pos++;
    }
    if (isWord("in")) {
      pos++;
      expectOp("[");
      const values = [value()];
      while (peek()?.type === "op" && peek().text === ",") {
        pos++;
        values.push(value());
      }
      expectOp("]");
      return { kind: "compare", input, negated, values };
    }
    return { kind: "truthy", input };
  };
  const stepCheck = (): Condition => {
    pos++;
    const step = Number(tokens[pos].text);
    pos++;
    if (!isWord("is")) fail(`expected "is" after "step ${step}"`);
    pos++;
    let negated = false;
    if (isWord("not")) {
      negated = true;
      pos++;
    }
    const word = peek()?.type === "word" ? peek().text.toLowerCase() : "";
    const status = word === "skipped" ? "skipped" : word === "approved" || word === "done" ? "approved" : null;
    if (!status) return fail(`after "step ${step} is" write skipped, approved or done`);
    pos++;
    return { kind: "step", step, negated, status };
  };
  try {
    const condition = orExpr();
    if (pos < tokens.length) return { ok: false, error: `unexpected "${tokens[pos].text}" (join conditions with and / or)` };
    return { ok: true, condition };
  } catch (error) {
    if (error instanceof ConditionSyntaxError) return { ok: false, error: error.message };
    throw error;
  }
}

class ConditionSyntaxError extends Error {}

/** The input names and step numbers a condition refers to, to check them when the SOP is parsed. */
export function conditionReferences(condition: Condition): { inputs: string[]; steps: number[] } {
  const inputs: string[] = [];
  const steps: number[] = [];
  const visit = (c: Condition): void => {
    if (c.kind === "or" || c.kind === "and") {
      visit(c.left);
      visit(c.right);
    } else if (c.kind === "not") visit(c.operand);
    else if (c.kind === "step") steps.push(c.step);
    else if (c.kind === "compare" || c.kind === "truthy") inputs.push(c.input);
  };
  visit(condition);
  return { inputs, steps };
}

export function evaluateCondition(condition: Condition, scope: ConditionScope): boolean {
  switch (condition.kind) {
    case "or":
      return evaluateCondition(condition.left, scope) || evaluateCondition(condition.right, scope);
    case "and":
      return evaluateCondition(condition.left, scope) && evaluateCondition(condition.right, scope);
    case "not":
      return !evaluateCondition(condition.operand, scope);
    case "truthy": {
      const value = scope.inputs[condition.input];
      return value !== undefined && value !== false && value !== 0 && String(value).trim() !== "" && String(value).toLowerCase() !== "false";
    }
    case "compare": {
      const value = scope.inputs[condition.input];
      const actual = normalise(value === undefined ? "" : String(value));
      const found = condition.values.some((v) => normalise(v) === actual);
      return condition.negated ? !found : found;
    }
    case "step": {
      const status = scope.stepStatus(condition.step);
      const matches = status === condition.status;
      return condition.negated ? !matches : matches;
    }
  }
}

/** Values compare case-insensitively, and a note link equals its bare name (`[[Payments]]` == Payments). */
function normalise(text: string): string {
  return text.trim().replace(/^\[\[([^\]|]+)(\|[^\]]*)?\]\]$/, "$1").toLowerCase();
}
