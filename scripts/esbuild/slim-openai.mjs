// esbuild plugin: the openai SDK's client with only the API the plugin calls (chat completions and the model list).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Resource modules src/llm calls; every other resource module the client imports becomes empty classes. */
const KEEP = new Set(["chat/chat.mjs", "models.mjs"]);

/**
 * What chat.completions imports only for its helpers `stream()`, `runTools()` and `parse()` (an event-emitting
 * stream wrapper, a tool-calling loop, a partial-JSON parser), which src/llm does not use: it iterates the raw
 * stream of `create({ stream: true })`. Calling a helper throws this sentence instead.
 */
const COMPLETION_HELPERS = {
  "ChatCompletionRunner.mjs": "export class ChatCompletionRunner { static runTools() { throw unbundled('chat.completions.runTools'); } }",
  "ChatCompletionStreamingRunner.mjs": "export class ChatCompletionStreamingRunner { static runTools() { throw unbundled('chat.completions.runTools'); } }",
  "ChatCompletionStream.mjs": "export class ChatCompletionStream { static createChatCompletion() { throw unbundled('chat.completions.stream'); } }",
  "parser.mjs": "export function validateInputTools() { throw unbundled('chat.completions.parse'); }\nexport function parseChatCompletion() { throw unbundled('chat.completions.parse'); }",
};
/** Token exchange for cloud workload identities (the client's `workloadIdentity` option), which the plugin never sets. */
const WORKLOAD_IDENTITY = "export class WorkloadIdentityAuth { constructor() { throw unbundled('the workloadIdentity option'); } }";
const UNBUNDLED = "function unbundled(name) { return new Error(`openai: ${name} is left out of this build (scripts/esbuild/slim-openai.mjs).`); }\n";

/**
 * The SDK's client creates every API resource (assistants, realtime, responses, admin, vector stores, …) in its
 * constructor, so esbuild cannot drop them although the plugin never calls them: about 75 KB of main.js, half the
 * SDK. Each resource module the client imports, except those in KEEP, becomes a module exporting the same class
 * names as empty classes (`client.beta` exists, with no methods), chat.completions loses its helpers above, and the
 * workload-identity token exchange goes.
 * The request code, streaming, errors and pagination are the SDK's own, unchanged.
 */
export function slimOpenAI(root) {
  const sdk = dirname(createRequire(join(root, "package.json")).resolve("openai"));
  const client = readFileSync(join(sdk, "client.mjs"), "utf8");
  /** Absolute path of a resource module → the class names the client imports from it. */
  const stubs = new Map();
  for (const match of client.matchAll(/^import \{([^}]*)\} from "\.\/resources\/([^"]+)";$/gm)) {
    if (KEEP.has(match[2])) continue;
    const names = match[1].split(",").map((part) => part.trim().split(/\s+as\s+/)[0]).filter(Boolean);
    stubs.set(join(sdk, "resources", match[2]), names);
  }
  if (stubs.size < 10) throw new Error("slim-openai: openai/client.mjs no longer imports its resources as expected; check the SDK version.");
  const completions = join(sdk, "resources", "chat", "completions", "completions.mjs");
  const workloadIdentity = join(sdk, "auth", "workload-identity-auth.mjs");
  return {
    name: "slim-openai",
    setup(build) {
      build.onLoad({ filter: /[\\/]openai[\\/]resources[\\/].*\.mjs$/ }, (args) => {
        const names = stubs.get(args.path);
        if (!names) return undefined;
        return { contents: names.map((name) => `export class ${name} {}`).join("\n"), loader: "js" };
      });
      build.onLoad({ filter: /[\\/]openai[\\/]auth[\\/]workload-identity-auth\.mjs$/ }, (args) =>
        args.path === workloadIdentity ? { contents: UNBUNDLED + WORKLOAD_IDENTITY, loader: "js" } : undefined,
      );
      build.onResolve({ filter: /^\.\.\/\.\.\/\.\.\/lib\/[A-Za-z]+\.mjs$/ }, (args) => {
        const file = args.path.slice("../../../lib/".length);
        if (args.importer !== completions || !(file in COMPLETION_HELPERS)) return undefined;
        return { path: file, namespace: "openai-unbundled" };
      });
      build.onLoad({ filter: /.*/, namespace: "openai-unbundled" }, (args) => ({ contents: UNBUNDLED + COMPLETION_HELPERS[args.path], loader: "js" }));
    },
  };
}
