// The essay's SOP as shipped in examples/vault, copied so amendment tests do not depend on the example vault changing.
export const ESSAY_SOP = `---
tags:
  - sop
sop_version: 1
sop_mode: step
---
# Drafting internal product docs

This is our standard operating procedure for creating IT-facing documentation: system overviews,
onboarding guides, feature explainers. It is used by teammates across departments, and by any worker,
human or AI, who steps into it. It names the work, not the worker.

## Steps

1. Identify the target audience and their common questions
   role:: Drafter
   - Name who the readers are, where they are in their first weeks, and what is urgent for them
   - List the questions they actually ask, in their words
2. Build a topic outline focused on user workflows
   role:: Drafter
   - Every section answers at least one of the audience's questions
   - Order follows what the reader does, not how the system is built
3. Draft section content in plain, direct language
   role:: Drafter
   review:: Fact-checker
   - Short sentences, active voice, no internal jargon without a definition
   - Each section starts with what the reader can do
4. Apply tone/style guide and format for readability
   role:: Editor
   context:: [[Style guide]]
   - Headings are tasks ("Request access"), not nouns
   - Lists for steps, tables for comparisons, one idea per paragraph
5. Spot-check accuracy using examples or config snippets
   role:: Fact-checker
   sources:: [[Access policy]]
   - Every claim about access, MFA or passwords matches the access policy
   - At least one worked example or config snippet per workflow

## Notes

A waypoint after each step makes the thinking visible: inspect it, correct it, then move on.
`;
