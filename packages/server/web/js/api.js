/* global document, fetch, sessionStorage, TextDecoderStream, URL */
// Calls to the server's API with the Bearer token the user entered (kept in sessionStorage, so it
// is gone when the tab closes). Paths are relative to the page (served at <base>/web/), so the page
// works wherever the server is mounted.

const tokenKey = "cloud-barista.token";
const apiBase = new URL("../", document.baseURI);

export function getToken() {
  return sessionStorage.getItem(tokenKey) ?? "";
}

export function setToken(token) {
  if (token) sessionStorage.setItem(tokenKey, token);
  else sessionStorage.removeItem(tokenKey);
}

/** An error the API answered, with its JSON body's message, code and field. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.code;
    this.field = body?.field;
  }
}

function headers(extra = {}) {
  const token = getToken();
  return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
}

/** A JSON call; throws ApiError for any answer but 2xx. */
export async function api(path, { method = "GET", body, signal } = {}) {
  const response = await fetch(new URL(path, apiBase), {
    method,
    signal,
    headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

/**
 * Follows a Server-Sent Events stream with fetch (EventSource cannot send an Authorization header).
 * Calls onEvent(name, data) per event until the stream ends or the signal aborts.
 */
export async function followEvents(path, onEvent, signal) {
  const response = await fetch(new URL(path, apiBase), {
    signal,
    headers: headers({ Accept: "text/event-stream" }),
  });
  if (!response.ok || !response.body) {
    const text = await response.text();
    throw new ApiError(response.status, text ? JSON.parse(text) : undefined);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
      }
      if (data.length > 0) onEvent(name, JSON.parse(data.join("\n")));
    }
  }
}
