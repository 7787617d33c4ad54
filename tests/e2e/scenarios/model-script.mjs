// What the scripted model answers: each step's text (first time and after feedback), and the reviewers' findings.

export const CUE = "The audience is new IT hires this quarter.";
export const FEEDBACK = "Name the access policy explicitly.";

/** Each answer names its step's subject, so text in the wrong waypoint shows. */
export const ANSWERS = {
  1: [
    "## Audience\n\nNew IT hires in their first two weeks, who need accounts, devices and single sign-on working on day one.\n\n## Their questions\n\n- How do I get access to the identity platform?\n- Who approves my admin rights?\n- What do I do when MFA locks me out?\n",
    "## Audience\n\nNew IT hires in their first two weeks. Every access rule below follows the Access policy note.\n\n## Their questions\n\n- How do I request access under the Access policy?\n- Who approves my admin rights?\n- What do I do when MFA locks me out?\n",
  ],
  2: ["## Outline\n\n1. Get your accounts on day one\n2. Request access to a system\n3. Recover from an MFA lockout\n"],
  3: ["## Request access\n\nOpen the access portal, pick the system and say why you need it. Your manager approves within a day.\n\n## Recover from an MFA lockout\n\nCall the service desk; they verify you and reset your second factor.\n"],
  4: ["## Request access\n\n- Open the access portal.\n- Pick the system.\n- Say why you need it.\n"],
  5: ["## Spot-check\n\nEvery claim matches the Access policy. Example: `mfa: required` for all admin roles.\n"],
};

/** The Fact-checker reviews step 3 (its `review::` field); the example gives that step no sources, so nothing is cited. */
export const FACT_CHECK = {
  high: {
    quote: "Your manager approves within a day.",
    problem: "Nothing in the run supports a manager approving within a day; the reader would wait for the wrong person.",
    severity: "high",
    suggestion: "Access comes with your role, which follows your team membership.",
    source: null,
    check: null,
  },
  low: {
    quote: "say why you need it",
    problem: "Vague: the reader does not know what a good reason looks like.",
    severity: "low",
    suggestion: "name the task that needs it",
    source: null,
    check: null,
  },
};

/** The Editor, run by hand with "Check with role…". */
export const EDITOR_CHECK = {
  quote: "Call the service desk; they verify you and reset your second factor.",
  problem: "Two actions in one sentence; a list reads faster in a lockout.",
  severity: "medium",
  suggestion: "Call the service desk. They verify who you are, then reset your second factor.",
  source: null,
  check: null,
};

/** "Make this note runnable…" (issue 17): a runbook written as prose, and the runnable version the model proposes. */
export const RUNBOOK = "---\ntags: [sop]\n---\n# Rotate the API key\n\nWe rotate the key every quarter; see [[Access policy]].\n\nFirst create a new key in the console.\n\nThen deploy it:\n\n```sh\nkubectl rollout restart deploy/api\n```\n\nFinally revoke the old key.\n";
export const RUNBOOK_RUNNABLE = "# Rotate the API key\n\nWe rotate the key every quarter; see [[Access policy]].\n\n## Steps\n\n1. Create a new key in the console.\n2. Deploy it:\n\n   ```sh\n   kubectl rollout restart deploy/api\n   ```\n\n3. Revoke the old key.\n";

/** A cue with this in it makes every step stream slowly, so a person can stop it or watch it re-render. */
export const SLOW_CUE = "Stream slowly, please.";

/** Cuts a text into small pieces so the stream is seen arriving. */
function pieces(text, size) {
  const out = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** The mock server's script: reviewers by their review request (or system prompt) and role, steps by "# Current step: N of T". */
export function scriptedModel() {
  const calls = new Map();
  return {
    reply(request) {
      const messages = request.body?.messages ?? [];
      const system = String(messages[0]?.content ?? "");
      const last = String(messages[messages.length - 1]?.content ?? "");
      // A review in a run continues the step's conversation ("# Review requested: …" last); Check with role… has its own system prompt.
      const review = last.startsWith("# Review requested") ? last : system.startsWith("You review one waypoint") ? system : null;
      if (review !== null) {
        const role = /^Your role: (.*)$/m.exec(review)?.[1]?.trim();
        const findings = role === "Fact-checker" ? [FACT_CHECK.high, FACT_CHECK.low] : role === "Editor" ? [EDITOR_CHECK] : [];
        return { stream: pieces(JSON.stringify({ findings }), 60), delayMs: 5 };
      }
      // An amendment streams slowly, so its progress can be watched and cancelled.
      if (system.startsWith("You maintain standard operating procedures")) return { stream: pieces(RUNBOOK_RUNNABLE.repeat(4), 8), delayMs: 120 };
      if (system.startsWith("You turn notes that describe a procedure")) return { stream: pieces(RUNBOOK_RUNNABLE, 12), delayMs: 60 };
      const step = Number(/# Current step: (\d+)/.exec(last)?.[1] ?? 0);
      const n = calls.get(step) ?? 0;
      calls.set(step, n + 1);
      const answers = ANSWERS[step] ?? [`An answer for a prompt the script does not know (step ${step}).`];
      const text = answers[Math.min(n, answers.length - 1)];
      if (messages.some((m) => String(m.content).includes(SLOW_CUE))) return { stream: pieces(text, 6), delayMs: 120 };
      // The first answer streams slowly enough to be watched arriving; the others quickly.
      return step === 1 && n === 0 ? { stream: pieces(text, 10), delayMs: 90 } : { stream: pieces(text, 40), delayMs: 5 };
    },
  };
}
