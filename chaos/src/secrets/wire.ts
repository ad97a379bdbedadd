import { subscribe, unsubscribe } from "node:diagnostics_channel";

// Every `Authorization` value this process sends, over node:http(s) and over fetch (undici): a
// bearer token a driver signs (GCP's self-signed JWTs) is a secret no error, record or log may show.

interface HttpStart {
  request: { getHeader(name: string): unknown };
}
interface UndiciCreate {
  request: { headers: string | string[] };
}

/** Starts recording; `values` fills as requests go out, `stop` ends the recording. */
export function recordAuthorizations(): { values: Set<string>; stop: () => void } {
  const values = new Set<string>();
  const add = (value: unknown) => {
    const text = Array.isArray(value) ? value.join(", ") : typeof value === "string" ? value : "";
    // The scheme ("Bearer") is no secret: the credential after it is.
    const credential = text.replace(/^\S+\s+/, "");
    if (credential.length >= 16) values.add(credential);
  };
  const onHttp = (message: unknown) => add((message as HttpStart).request.getHeader("authorization"));
  const onFetch = (message: unknown) => {
    const { headers } = (message as UndiciCreate).request;
    // undici keeps headers as "name: value\r\n" lines, or as a flat [name, value, ...] array.
    if (typeof headers === "string") {
      for (const line of headers.split("\r\n"))
        if (/^authorization:/i.test(line)) add(line.slice(line.indexOf(":") + 1).trim());
    } else {
      for (let i = 0; i + 1 < headers.length; i += 2)
        if (headers[i]?.toLowerCase() === "authorization") add(headers[i + 1]);
    }
  };
  subscribe("http.client.request.start", onHttp);
  subscribe("undici:request:create", onFetch);
  return {
    values,
    stop: () => {
      unsubscribe("http.client.request.start", onHttp);
      unsubscribe("undici:request:create", onFetch);
    },
  };
}
