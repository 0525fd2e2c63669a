/**
 * Bitrix's outgoing HTTP, reproduced on a raw socket so the app sees exactly what a portal sends:
 *
 * `Main\Web\HttpClient` (avshatalov48/bitrix-core-business modules/main/lib/web/httpclient.php @8a9c58d):
 * - request line `POST <path?query> HTTP/1.0` (or the `version` option, i.e. handler SETTINGS.HTTP_VERSION);
 * - headers, in this order: `Host`, `Connection: close`, `Accept: *\/*`, `Accept-Language: en`, then for POST
 *   `Content-Type: application/x-www-form-urlencoded` and `Content-Length` (no User-Agent);
 * - connect timeout 30 s (`socketTimeout`), read-inactivity timeout 60 s (`streamTimeout`);
 * - redirects: any answer carrying a non-empty `Location` is followed (max 5) without reading its body;
 *   302/303 switch the method to GET **but the form body is still sent** (with its Content-Length, without the
 *   Content-Type); a relative Location is refused (`URI` "Incorrect URI: …"); on each hop the Host header is
 *   re-added last;
 * - chunked / Content-Length / read-to-EOF bodies.
 *
 * `Sale\Helpers\Rest\Http::sendRequest` (SALE lib/helpers/rest/http.php): transport failure ⇒ errors;
 * HTTP 200 ⇒ `Json::decode` (failure ⇒ `RESPONSE_DECODING_ERROR` "Response decoding error") then top-level keys
 * upper-cased; any other status ⇒ success with **no data**.
 *
 * Decision: the Host header keeps a non-default port (`127.0.0.1:PORT`); Bitrix writes the bare host, which on a
 * real PRINT_URL (default port 443) is the same thing — dropping the port locally would only break app tests.
 */
import net from "node:net";
import tls from "node:tls";

export interface PhpHttpClientOptions {
  /** HttpClient `version`: written verbatim into the request line. Default "1.0". */
  version?: string;
  /** Connect timeout (HttpClient socketTimeout). Default 30 000 ms. */
  socketTimeoutMs?: number;
  /** Read-inactivity timeout (HttpClient streamTimeout). Default 60 000 ms. */
  streamTimeoutMs?: number;
  /** Default 5. */
  redirectMax?: number;
}

export interface HttpClientError {
  code: string;
  message: string;
}

/** One request/response on the wire (one per redirect hop). */
export interface PhpHttpHop {
  method: string;
  url: string;
  /** Request line + headers exactly as written (ends with an empty line). */
  requestHead: string;
  requestHeaders: Array<[string, string]>;
  requestBody: string;
  /** 0 when nothing parseable came back. */
  status: number;
  responseHeaders: Array<[string, string]>;
  /** Empty for a followed redirect (HttpClient disconnects without reading it). */
  responseBody: string;
}

export interface PhpHttpResult {
  /** HttpClient::query() result: false on a transport failure (connect, timeout before headers, bad URI, too many redirects). */
  ok: boolean;
  status: number;
  body: string;
  errors: HttpClientError[];
  hops: PhpHttpHop[];
  effectiveUrl: string;
}

export interface SaleHttpResponse {
  /** `Sale\Result` errors: transport errors, or RESPONSE_DECODING_ERROR. */
  errors: HttpClientError[];
  /** `getData()`: decoded JSON with top-level keys upper-cased; `{}` for non-200 answers and failures. */
  data: Record<string, unknown>;
  /** Set where PHP 8 dies with a TypeError: a 200 body that decodes to a JSON scalar/null (`array_change_key_case`). */
  fatal?: string;
  http: PhpHttpResult;
  startedAt: number;
  finishedAt: number;
}

const ERRNO: Record<string, [number, string]> = {
  ECONNREFUSED: [111, "Connection refused"],
  ETIMEDOUT: [110, "Connection timed out"],
  EHOSTUNREACH: [113, "No route to host"],
  ENETUNREACH: [101, "Network is unreachable"],
  ECONNRESET: [104, "Connection reset by peer"],
};

function connectError(e: NodeJS.ErrnoException): HttpClientError {
  const known = e.code ? ERRNO[e.code] : undefined;
  if (known) return { code: "CONNECTION", message: `[${known[0]}] ${known[1]}` };
  // DNS and TLS failures leave $errno = 0 in stream_socket_client().
  return { code: "SOCKET", message: "Socket connection error." };
}

function defaultPort(url: URL): number {
  return url.protocol === "https:" ? 443 : 80;
}

function hostHeader(url: URL): string {
  return url.port && Number(url.port) !== defaultPort(url) ? `${url.hostname}:${url.port}` : url.hostname;
}

function connect(url: URL, timeoutMs: number): Promise<net.Socket | HttpClientError> {
  return new Promise((resolve) => {
    const port = url.port ? Number(url.port) : defaultPort(url);
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const socket =
      url.protocol === "https:"
        ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host })
        : net.connect({ host, port });
    let done = false;
    const finish = (v: net.Socket | HttpClientError) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.removeListener("error", onError);
      resolve(v);
    };
    const onError = (e: NodeJS.ErrnoException) => {
      socket.destroy();
      finish(connectError(e));
    };
    const timer = setTimeout(() => {
      socket.destroy();
      finish({ code: "CONNECTION", message: "[110] Connection timed out" });
    }, timeoutMs);
    socket.once("error", onError);
    socket.once(url.protocol === "https:" ? "secureConnect" : "connect", () => finish(socket));
  });
}

interface ParsedHead {
  status: number;
  headers: Array<[string, string]>;
}

/** HttpClient::parseHeaders: status from `HTTP\S+ (\d+)` on the first line, then `name: value` lines. */
function parseHead(text: string): ParsedHead {
  let status = 0;
  const headers: Array<[string, string]> = [];
  text.split("\n").forEach((line, i) => {
    if (i === 0) {
      const m = /HTTP\S+ (\d+)/.exec(line);
      if (m?.[1]) status = Number.parseInt(m[1], 10);
    } else if (line.includes(":")) {
      const at = line.indexOf(":");
      headers.push([line.slice(0, at), line.slice(at + 1).trim()]);
    }
  });
  return { status, headers };
}

/** HttpHeaders::get — case-insensitive, first value. */
export function headerValue(headers: Array<[string, string]>, name: string): string | undefined {
  return headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}

function decodeChunked(raw: Buffer): { body: Buffer; complete: boolean } {
  const parts: Buffer[] = [];
  let pos = 0;
  while (pos < raw.length) {
    const eol = raw.indexOf("\r\n", pos);
    if (eol === -1) break;
    const sizeLine = raw.subarray(pos, eol).toString("latin1").split(";")[0]!.trim();
    if (sizeLine === "") {
      pos = eol + 2;
      continue;
    }
    const size = Number.parseInt(sizeLine, 16) || 0;
    if (size === 0) return { body: Buffer.concat(parts), complete: true };
    const start = eol + 2;
    parts.push(raw.subarray(start, Math.min(start + size, raw.length)));
    if (start + size > raw.length) break;
    pos = start + size + 2;
  }
  return { body: Buffer.concat(parts), complete: false };
}

interface ReadOutcome {
  head: ParsedHead | null;
  body: Buffer;
  /** Timed out before the headers were complete (query() fails). */
  headTimeout: boolean;
}

function readResponse(socket: net.Socket, streamTimeoutMs: number, stopAtRedirect: boolean): Promise<ReadOutcome> {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    let head: ParsedHead | null = null;
    let bodyStart = 0;
    let done = false;
    const finish = (outcome: ReadOutcome) => {
      if (done) return;
      done = true;
      socket.removeAllListeners("data");
      socket.destroy();
      resolve(outcome);
    };
    const bodyNow = (eof: boolean): Buffer | null => {
      const raw = buf.subarray(bodyStart);
      const te = headerValue(head!.headers, "Transfer-Encoding");
      if (te === "chunked") {
        const d = decodeChunked(raw);
        return d.complete || eof ? d.body : null;
      }
      const cl = headerValue(head!.headers, "Content-Length");
      if (cl !== undefined) {
        const n = Math.max(0, Number.parseInt(cl, 10) || 0);
        return raw.length >= n ? raw.subarray(0, n) : eof ? raw : null;
      }
      return eof ? raw : null;
    };
    const step = (eof: boolean) => {
      if (!head) {
        const idx = buf.indexOf("\r\n\r\n");
        if (idx === -1) {
          if (eof) finish({ head: parseHead(buf.toString("latin1")), body: Buffer.alloc(0), headTimeout: false });
          return;
        }
        head = parseHead(buf.subarray(0, idx).toString("latin1"));
        bodyStart = idx + 4;
      }
      const location = headerValue(head.headers, "Location");
      if (stopAtRedirect && location !== undefined && location !== "") {
        finish({ head, body: Buffer.alloc(0), headTimeout: false });
        return;
      }
      const body = bodyNow(eof);
      if (body) finish({ head, body, headTimeout: false });
    };
    socket.setTimeout(streamTimeoutMs, () => {
      if (!head) finish({ head: null, body: Buffer.alloc(0), headTimeout: true });
      else finish({ head, body: bodyNow(true) ?? Buffer.alloc(0), headTimeout: false });
    });
    socket.on("data", (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      step(false);
    });
    socket.on("end", () => step(true));
    socket.on("close", () => step(true));
    // A reset after connecting reads like the end of the stream to PHP (feof()).
    socket.on("error", () => step(true));
  });
}

/** `HttpClient::query($method, $url, $body)` with Bitrix's redirect handling. */
export async function phpHttpQuery(
  method: "GET" | "POST",
  url: string,
  body: string,
  opts: PhpHttpClientOptions = {},
): Promise<PhpHttpResult> {
  const version = opts.version ?? "1.0";
  const socketTimeoutMs = opts.socketTimeoutMs ?? 30_000;
  const streamTimeoutMs = opts.streamTimeoutMs ?? 60_000;
  const redirectMax = opts.redirectMax ?? 5;
  const hops: PhpHttpHop[] = [];
  let queryMethod: string = method;
  let effectiveUrl = url;
  let redirectCount = 0;
  // Persistent request headers (HttpHeaders): Host is re-added (last) after each redirect.
  let persistent: Array<[string, string]> = [];
  const fail = (error: HttpClientError): PhpHttpResult => ({ ok: false, status: hops.at(-1)?.status ?? 0, body: "", errors: [error], hops, effectiveUrl });

  for (;;) {
    let parsed: URL;
    try {
      parsed = new URL(effectiveUrl);
      if (!parsed.hostname) throw new Error("no host");
    } catch {
      return fail({ code: "URI", message: `Incorrect URI: ${effectiveUrl}` });
    }

    const setIfAbsent = (name: string, value: string) => {
      if (!persistent.some(([k]) => k.toLowerCase() === name.toLowerCase())) persistent.push([name, value]);
    };
    setIfAbsent("Host", hostHeader(parsed));
    setIfAbsent("Connection", "close");
    setIfAbsent("Accept", "*/*");
    setIfAbsent("Accept-Language", "en");
    if (parsed.username) {
      const auth = Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString("base64");
      persistent = persistent.filter(([k]) => k.toLowerCase() !== "authorization");
      persistent.push(["Authorization", `Basic ${auth}`]);
    }
    const headers: Array<[string, string]> = [...persistent];
    if (queryMethod === "POST") headers.push(["Content-Type", "application/x-www-form-urlencoded"]);
    if (body !== "" || queryMethod === "POST" || queryMethod === "PUT") headers.push(["Content-Length", String(Buffer.byteLength(body))]);
    const path = `${parsed.pathname || "/"}${parsed.search}`;
    const requestHead = `${queryMethod} ${path} HTTP/${version}\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`;

    const socket = await connect(parsed, socketTimeoutMs);
    if (!(socket instanceof net.Socket)) return fail(socket);
    socket.write(requestHead);
    if (body !== "") socket.write(body);

    const read = await readResponse(socket, streamTimeoutMs, true);
    const hop: PhpHttpHop = {
      method: queryMethod,
      url: effectiveUrl,
      requestHead,
      requestHeaders: headers,
      requestBody: body,
      status: read.head?.status ?? 0,
      responseHeaders: read.head?.headers ?? [],
      responseBody: "",
    };
    hops.push(hop);
    if (read.headTimeout) {
      return fail({ code: "STREAM_TIMEOUT", message: `Stream reading timeout of ${streamTimeoutMs / 1000} second(s) has been reached.` });
    }

    const location = headerValue(hop.responseHeaders, "Location");
    if (location !== undefined && location !== "") {
      if (redirectCount >= redirectMax) {
        return fail({ code: "REDIRECT", message: `Maximum number of redirects (${redirectMax}) has been reached at URL ${url}` });
      }
      effectiveUrl = location;
      persistent = persistent.filter(([k]) => k.toLowerCase() !== "host");
      if (hop.status === 302 || hop.status === 303) queryMethod = "GET";
      redirectCount++;
      continue;
    }

    hop.responseBody = read.body.toString("utf8");
    return { ok: true, status: hop.status, body: hop.responseBody, errors: [], hops, effectiveUrl };
  }
}

/** `Sale\Helpers\Rest\Http::sendRequest($url, $params, ['HTTP_CLIENT_OPTIONS' => ['version' => …]])`. */
export async function saleHttpSendRequest(url: string, formBody: string, opts: PhpHttpClientOptions = {}): Promise<SaleHttpResponse> {
  const startedAt = Date.now();
  const http = await phpHttpQuery("POST", url, formBody, opts);
  const out: SaleHttpResponse = { errors: [], data: {}, http, startedAt, finishedAt: 0 };
  if (!http.ok) {
    out.errors = http.errors;
  } else if (http.status === 200) {
    let decoded: unknown;
    let decodedOk = true;
    try {
      decoded = JSON.parse(http.body);
    } catch {
      decodedOk = false;
    }
    if (!decodedOk) {
      out.errors = [{ code: "RESPONSE_DECODING_ERROR", message: "Response decoding error" }];
    } else if (decoded !== null && typeof decoded === "object") {
      const entries = Array.isArray(decoded) ? decoded.map((v, i) => [String(i), v] as const) : Object.entries(decoded);
      for (const [k, v] of entries) out.data[k.toUpperCase()] = v;
    } else {
      out.fatal = `TypeError: array_change_key_case(): Argument #1 ($array) must be of type array, ${decoded === null ? "null" : typeof decoded} given`;
    }
  }
  out.finishedAt = Date.now();
  return out;
}
