// The suite's servers on loopback: the host page (the "app" origin) and the scripted model behind a CORS front (another origin).
import { build } from "esbuild";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";

export const ROOT = join(import.meta.dirname, "..", "..", "..");
const HOST_DIR = join(import.meta.dirname, "..", "host");

/** Every Markdown note of examples/vault (not .obsidian), keyed by vault path. */
export function exampleVaultFiles() {
  const vault = join(ROOT, "examples", "vault");
  const files = {};
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".md")) files[relative(vault, path).split(sep).join("/")] = readFileSync(path, "utf8");
    }
  };
  walk(vault);
  // A run folder left by `npm run demo` is not part of the example vault.
  for (const path of Object.keys(files)) if (path.startsWith("SOP runs/")) delete files[path];
  return files;
}

/** The host page bundled for the browser (IIFE): mocks, CodeMirror, markdown-it and the shell. */
export async function bundleHost() {
  const result = await build({
    entryPoints: [join(HOST_DIR, "host.mjs")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "warning",
  });
  return result.outputFiles[0].text;
}

/** tests/support/mock-openai-server.ts, compiled for Node, imported from a temporary folder. */
export async function loadMockServer() {
  const dir = mkdtempSync(join(tmpdir(), "sop-e2e-mock-"));
  const outfile = join(dir, "mock-openai-server.mjs");
  try {
    await build({ entryPoints: [join(ROOT, "tests", "support", "mock-openai-server.ts")], bundle: true, platform: "node", format: "esm", target: "node20", outfile, logLevel: "warning" });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server.address().port)));
}

function closer(server) {
  const sockets = new Set();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

let iconsJson = null;

/** Every Lucide icon by name (lucide-static, the set Obsidian's setIcon draws from), read once. */
function lucideIcons() {
  if (iconsJson === null) {
    const dir = join(ROOT, "node_modules", "lucide-static", "icons");
    const icons = {};
    for (const name of readdirSync(dir)) if (name.endsWith(".svg")) icons[name.slice(0, -4)] = readFileSync(join(dir, name), "utf8");
    iconsJson = JSON.stringify(icons);
  }
  return iconsJson;
}

/** Serves the host page and what it loads: host bundle, theme, shell, the plugin's styles.css and main.js, vault, settings. */
export async function startPageServer({ hostJs, files, settings }) {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SOP Runtime e2e host</title>
<link rel="stylesheet" href="/theme.css"><link rel="stylesheet" href="/shell.css"><link rel="stylesheet" href="/styles.css">
</head><body><script src="/host.js"></script></body></html>`;
  const routes = {
    "/": ["text/html", () => html],
    "/host.js": ["text/javascript", () => hostJs],
    "/theme.css": ["text/css", () => readFileSync(join(HOST_DIR, "theme.css"), "utf8")],
    "/shell.css": ["text/css", () => readFileSync(join(HOST_DIR, "shell.css"), "utf8")],
    "/styles.css": ["text/css", () => readFileSync(join(ROOT, "styles.css"), "utf8")],
    "/main.js": ["text/javascript", () => readFileSync(join(ROOT, "main.js"), "utf8")],
    "/manifest.json": ["application/json", () => readFileSync(join(ROOT, "manifest.json"), "utf8")],
    "/vault.json": ["application/json", () => JSON.stringify(files)],
    "/settings.json": ["application/json", () => JSON.stringify(settings)],
    "/icons.json": ["application/json", () => lucideIcons()],
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://host").pathname;
    if (path === "/favicon.ico") {
      res.writeHead(204).end();
      return;
    }
    const route = routes[path];
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": `${route[0]}; charset=utf-8`, "cache-control": "no-store" });
    res.end(route[1]());
  });
  const close = closer(server);
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/`, close };
}

/**
 * Forwards to the scripted model and adds the CORS headers a hosted endpoint sends, so the page's streaming fetch
 * crosses origins as it does from Obsidian (app://obsidian.md) to a provider. Responses are piped, never buffered.
 */
export async function startCorsFront(targetBaseUrl) {
  const target = new URL(targetBaseUrl);
  const cors = {
    "access-control-allow-origin": "*",
    "access-control-allow-headers": "*",
    "access-control-allow-methods": "GET, POST, OPTIONS",
  };
  const server = createServer((req, res) => {
    if (req.method === "OPTIONS") {
      res.writeHead(204, cors).end();
      return;
    }
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...cors });
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  const close = closer(server);
  const port = await listen(server);
  return { baseUrl: `http://127.0.0.1:${port}/v1`, close };
}
