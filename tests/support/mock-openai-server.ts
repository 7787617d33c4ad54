// A scripted OpenAI chat-completions server on loopback for tests: real HTTP, streaming, every fault.
//
// Usage:
//   const mock = await startMockOpenAI([
//     { stream: ["Hel", "lo"] },                                   // SSE text, usage in the last chunk
//     { stream: ["a", "b"], delayMs: 20, finishReason: "length" }, // slow chunks (or [0, 500]: per chunk), cut by length
//     { json: "Hello" },                                           // one non-streamed JSON answer
//     { status: 429, headers: { "retry-after": "0.05" } },         // an HTTP fault (body optional)
//     { stream: ["part"], resetAfter: 1 },                         // connection reset after 1 chunk
//     { stream: ["part"], malformedAfter: 1 },                     // a broken SSE chunk after 1 chunk
//     { stream: ["part"], errorAfter: 1 },                         // an in-stream error event after 1 chunk
//     { hang: true },                                              // never answers (timeouts)
//   ]);
//   new OpenAI({ baseURL: mock.baseUrl, ... });   // baseUrl ends in /v1
//   mock.requests   // every request in order: { method, path, headers (lower-case), body (parsed JSON) }
//   mock.chatRequests()  // only the POST …/chat/completions ones
//   await mock.close();
//
// The script is a list consumed one reply per chat request (a request past its end gets a 500 naming
// the problem), or a function `(request, index) => reply`. `startMockOpenAI({ chat, models })` also
// scripts GET /v1/models: a list of ids (default ["mock-model"]) or a status fault.
// Usage: `usage: { prompt_tokens, completion_tokens }` is sent (streamed only when the request asks with
// stream_options.include_usage); by default it is computed from the request and reply; `usage: null`
// sends none. It listens on 127.0.0.1 only, on a free port, and close() ends every open connection.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface MockUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

export type MockFinishReason = "stop" | "length" | "content_filter";

interface ReplyCommon {
  finishReason?: MockFinishReason;
  usage?: MockUsage | null;
  /** The model named in the answer; defaults to the requested one. */
  model?: string;
}

export interface MockStreamReply extends ReplyCommon {
  stream: string[];
  /** Wait before each text chunk: one value for all, or one per chunk. */
  delayMs?: number | number[];
  /** Destroys the connection after this many text chunks. */
  resetAfter?: number;
  /** Sends a chunk that is not JSON after this many text chunks, then ends. */
  malformedAfter?: number;
  /** Sends an in-stream error event (`data: {"error": …}`, as OpenRouter does) after this many text chunks, then ends. */
  errorAfter?: number;
}

export interface MockJsonReply extends ReplyCommon {
  json: string;
}

export interface MockStatusReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface MockHangReply {
  hang: true;
}

export type MockReply = MockStreamReply | MockJsonReply | MockStatusReply | MockHangReply;

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export type ChatScript = MockReply[] | ((request: RecordedRequest, index: number) => MockReply);

export interface MockScript {
  chat: ChatScript;
  models?: string[] | MockStatusReply;
}

export interface MockOpenAI {
  /** e.g. http://127.0.0.1:43123/v1 */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Only the chat-completion requests, in order. */
  chatRequests(): RecordedRequest[];
  close(): Promise<void>;
}

interface ChatBody {
  model?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  messages?: { content?: unknown }[];
}

export async function startMockOpenAI(script: MockScript | ChatScript): Promise<MockOpenAI> {
  const { chat, models = ["mock-model"] } = isMockScript(script) ? script : { chat: script };
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let chatCount = 0;

  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const recorded: RecordedRequest = {
        method: req.method ?? "GET",
        path: req.url ?? "/",
        headers: flattenHeaders(req),
        body: parseJson(raw),
      };
      requests.push(recorded);
      if (recorded.method === "GET" && recorded.path.endsWith("/models")) {
        if (Array.isArray(models)) {
          return sendJson(res, 200, { object: "list", data: models.map((id) => ({ id, object: "model", owned_by: "mock" })) });
        }
        return sendStatus(res, models);
      }
      if (recorded.method === "POST" && recorded.path.endsWith("/chat/completions")) {
        const index = chatCount++;
        const reply = typeof chat === "function" ? chat(recorded, index) : chat[index];
        if (!reply) return sendJson(res, 500, { error: { message: `mock script has no reply for chat request ${index + 1}` } });
        const body = typeof recorded.body === "object" && recorded.body !== null ? (recorded.body as ChatBody) : {};
        return serveChat(req, res, reply, body);
      }
      sendJson(res, 404, { error: { message: `mock has no route ${recorded.method} ${recorded.path}` } });
    });
  });
  server.on("connection", (socket) => {
    // Loopback only: the server is a test double and must never serve anything else.
    if (!isLoopback(socket.remoteAddress)) return socket.destroy();
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.path.endsWith("/chat/completions")),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function serveChat(req: IncomingMessage, res: ServerResponse, reply: MockReply, body: ChatBody): Promise<void> {
  if ("hang" in reply) return; // never answers; close() ends the socket
  if ("status" in reply) return sendStatus(res, reply);
  const model = reply.model ?? body.model ?? "mock-model";
  const finishReason = reply.finishReason ?? "stop";
  const text = "json" in reply ? reply.json : reply.stream.join("");
  const usage = reply.usage === undefined ? defaultUsage(body, "json" in reply ? 1 : reply.stream.length) : reply.usage;
  const base = { id: "chatcmpl-mock", created: 1_700_000_000, model };

  if ("json" in reply) {
    return sendJson(res, 200, {
      ...base,
      object: "chat.completion",
      choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: finishReason }],
      ...(usage ? { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } } : {}),
    });
  }

  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const chunk = (delta: object, finish: string | null, extra: object = {}) =>
    `data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
  // Each write is flushed before the next step, so a reset after N chunks really delivers those N first.
  const send = (data: string) => new Promise<void>((resolve) => res.write(data, () => resolve()));
  const reset = async () => {
    await delay(10);
    req.socket.destroy();
  };
  await send(chunk({ role: "assistant", content: "" }, null));
  for (const [i, piece] of reply.stream.entries()) {
    if (reply.resetAfter === i) return reset();
    if (reply.malformedAfter === i) return void res.end("data: {not json}\n\n");
    if (reply.errorAfter === i) return void res.end(streamError);
    const wait = Array.isArray(reply.delayMs) ? (reply.delayMs[i] ?? 0) : (reply.delayMs ?? 0);
    if (wait > 0) await delay(wait);
    if (res.destroyed) return;
    await send(chunk({ content: piece }, null));
  }
  if (reply.resetAfter === reply.stream.length) return reset();
  if (reply.malformedAfter === reply.stream.length) return void res.end("data: {not json}\n\n");
  if (reply.errorAfter === reply.stream.length) return void res.end(streamError);
  res.write(chunk({}, finishReason));
  if (usage && body.stream_options?.include_usage) {
    const total = usage.prompt_tokens + usage.completion_tokens;
    res.write(`data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [], usage: { ...usage, total_tokens: total } })}\n\n`);
  }
  res.end("data: [DONE]\n\n");
}

const streamError = `data: ${JSON.stringify({ error: { message: "Upstream provider error", code: 502 } })}\n\n`;

function sendStatus(res: ServerResponse, reply: MockStatusReply): void {
  const body = reply.body ?? { error: { message: `mock status ${reply.status}`, type: "mock_error" } };
  res.writeHead(reply.status, { ...(typeof body === "string" ? { "content-type": "text/plain" } : { "content-type": "application/json" }), ...reply.headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function defaultUsage(body: ChatBody, pieces: number): MockUsage {
  const promptChars = (body.messages ?? []).reduce((sum, m) => sum + (typeof m.content === "string" ? m.content.length : 0), 0);
  return { prompt_tokens: promptChars, completion_tokens: pieces };
}

function isMockScript(script: MockScript | ChatScript): script is MockScript {
  return typeof script === "object" && !Array.isArray(script);
}

function isLoopback(address: string | undefined): boolean {
  return address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", () => resolve(""));
  });
}

function parseJson(raw: string): unknown {
  if (raw === "") return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether a request is a reviewer's (it asks for JSON findings): tests that script steps answer it with no findings. */
export function isReviewRequest(request: RecordedRequest): boolean {
  return (request.body as { response_format?: unknown } | null)?.response_format !== undefined;
}

export const NO_FINDINGS: MockReply = { stream: ['{"findings": []}'] };
