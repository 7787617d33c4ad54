// The plugin's fetch for the model layer: the window's streaming fetch, falling back (visibly, remembered in settings) to requestUrl.
import { requestUrl } from "obsidian";
import type { SopRuntimeSettings } from "../../settings";
import { fallbackFetch, requestUrlFetch } from "./fallback-fetch";
import type { FetchLike, RequestUrlLike, TransportMemory } from "./fallback-fetch";

export interface TransportHost {
  settings(): SopRuntimeSettings;
  saveSettings(): Promise<void>;
  notify(message: string): void;
  /** Test seams; Obsidian's own by default. */
  fetch?: FetchLike;
  requestUrl?: RequestUrlLike;
}

export function pluginTransport(host: TransportHost): FetchLike {
  const memory: TransportMemory = {
    isBuffered: (endpoint) => host.settings().bufferedEndpoints.includes(endpoint),
    rememberBuffered: (endpoint) => {
      const settings = host.settings();
      if (settings.bufferedEndpoints.includes(endpoint)) return;
      settings.bufferedEndpoints.push(endpoint);
      void host.saveSettings().catch(() => undefined);
    },
    forgetBuffered: (endpoint) => {
      const settings = host.settings();
      if (!settings.bufferedEndpoints.includes(endpoint)) return;
      settings.bufferedEndpoints = settings.bufferedEndpoints.filter((e) => e !== endpoint);
      void host.saveSettings().catch(() => undefined);
    },
  };
  const primary: FetchLike = host.fetch ?? ((input, init) => activeWindow.fetch(input, init));
  return fallbackFetch({
    primary,
    buffered: requestUrlFetch(host.requestUrl ?? requestUrl),
    memory,
    onFallback: (endpoint) => host.notify(`${endpoint} does not allow streaming from Obsidian (CORS); answers now arrive whole.`),
  });
}
