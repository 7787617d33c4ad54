// The bench SOP as a LangGraph.js graph: one node per step, a state channel of earlier outputs, the in-memory checkpointer.
import { Annotation, END, MemorySaver, START, StateGraph } from "@langchain/langgraph";
import type { ChatMessage, ModelPort } from "../src/core/ports";

const SopState = Annotation.Root({
  cue: Annotation<string>(),
  /** Approved outputs so far, in step order: what the next step's prompt carries, as our run notes do. */
  outputs: Annotation<string[]>({ reducer: (earlier, added) => earlier.concat(added), default: () => [] }),
});

export interface SopGraph {
  /** Runs every step on a fresh thread; resolves to the outputs. */
  run(threadId: string): Promise<string[]>;
}

/**
 * Built once per run like our engine's start: the nodes' prompts are the same shape as ours (rules, SOP, cue,
 * earlier outputs, current step), assembled here by plain concatenation.
 */
export function buildSopGraph(sopText: string, steps: number, model: ModelPort): SopGraph {
  const graph = new StateGraph(SopState);
  const names = Array.from({ length: steps }, (_, i) => `step_${i + 1}`);
  names.forEach((name, i) => {
    graph.addNode(name, async (state: typeof SopState.State) => {
      const messages: ChatMessage[] = [
        { role: "system", content: "Follow the procedure one step at a time." },
        { role: "user", content: sopText },
        { role: "user", content: `# Cue\n\n${state.cue}` },
        ...state.outputs.map((text, k): ChatMessage => ({ role: "user", content: `# Step ${k + 1} of ${steps} (approved output)\n\n${text}` })),
        { role: "user", content: `# Current step: ${i + 1} of ${steps}: Step number ${i + 1}` },
      ];
      const result = await model.complete({ model: "instant", messages });
      return { outputs: [result.text] };
    });
  });
  // addEdge is typed against the node names; they are generated here, so the builder is used untyped.
  const edges = graph as unknown as { addEdge(from: string, to: string): void };
  edges.addEdge(START, names[0]);
  for (let i = 1; i < names.length; i++) edges.addEdge(names[i - 1], names[i]);
  edges.addEdge(names[names.length - 1], END);
  const app = graph.compile({ checkpointer: new MemorySaver() });
  return {
    async run(threadId) {
      // Each node is one superstep; the default limit of 25 would stop a longer SOP.
      const final = await app.invoke({ cue: "Bench." }, { configurable: { thread_id: threadId }, recursionLimit: steps + 10 });
      return final.outputs;
    },
  };
}
