// Credentials written into a base URL (http://user:pass@host/v1): sent as Basic auth, shown nowhere.

export interface EndpointUrl {
  /** The base URL without its credentials: what requests go to and what messages may show. */
  url: string;
  /** `Basic …` for an Authorization header, or null when the URL carries no credentials. */
  basicAuth: string | null;
  /** The raw and decoded user info, for redaction: none of it may reach a message, a note or a log. */
  secrets: string[];
}

/** Splits `http://user:pass@host/v1` into the URL without credentials and a Basic auth header (fetch refuses such URLs). */
export function splitCredentials(baseUrl: string): EndpointUrl {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/@]*)@/i.exec(baseUrl.trim());
  if (!match) return { url: baseUrl, basicAuth: null, secrets: [] };
  const userInfo = match[2];
  const url = match[1] + baseUrl.trim().slice(match[0].length);
  const [rawUser, ...rest] = userInfo.split(":");
  const rawPass = rest.join(":");
  const user = decode(rawUser);
  const pass = decode(rawPass);
  const secrets = [userInfo, rawPass, pass].filter((s) => s.length > 0);
  return { url, basicAuth: `Basic ${base64(`${user}:${pass}`)}`, secrets };
}

/** The URL as messages show it: any credentials replaced by `***@`. */
export function maskCredentials(baseUrl: string): string {
  return baseUrl.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, "$1***@");
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
