// Builds a realistic SOP note of about the requested size, for benchmarks: fields, checks, code, tables, callouts.
export function generateSop(bytes: number): string {
  let text = "---\ntags: [sop]\nsop_version: 4\nsop_mode: step\n---\n# Generated release runbook\n\nPurpose: ship a release safely. Read it all once before starting.\n\n## Steps\n\n";
  for (let i = 1; text.length < bytes; i++) {
    const marker = `${i}. `;
    const pad = " ".repeat(marker.length);
    text += `${marker}**Run stage ${i}** of the rollout and record the result in [[Release log]]\n`;
    text += `${pad}role:: ${i % 3 === 0 ? "Editor" : "Operator"}\n${pad}review:: Fact-checker\n`;
    text += `${pad}- The stage ${i} dashboard shows no new errors\n${pad}- Latency p95 stays under 300 ms\n`;
    if (i % 4 === 0) text += `\n${pad}\`\`\`bash\n${pad}./deploy --stage ${i} --dry-run\n${pad}\`\`\`\n`;
    if (i % 7 === 0) text += `\n${pad}| Region | Share |\n${pad}|--------|-------|\n${pad}| eu     | 50%   |\n`;
    if (i % 9 === 0) text += `\n${pad}> [!warning] Stop here if the error budget is spent\n${pad}> Page the on-call lead.\n`;
    text += "\n";
  }
  return text;
}
