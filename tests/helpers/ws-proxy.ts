import net from "node:net";
import { WebSocketServer, createWebSocketStream } from "ws";

/** Neon-compatible WebSocket → TCP bridge on loopback, so tests run the Neon driver against a local Postgres. */
export async function startWsProxy(): Promise<{ url: string; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  wss.on("connection", (ws, req) => {
    const address = new URL(req.url ?? "/", "http://x").searchParams.get("address") ?? "";
    if (!/^(127\.0\.0\.1|localhost):\d+$/.test(address)) return ws.close(1008, "address not allowed");
    const i = address.lastIndexOf(":");
    const sock = net.connect(Number(address.slice(i + 1)), address.slice(0, i));
    sock.setNoDelay(true);
    const stream = createWebSocketStream(ws);
    stream.pipe(sock).pipe(stream);
    const kill = () => {
      sock.destroy();
      ws.terminate();
    };
    sock.on("error", kill);
    stream.on("error", kill);
    ws.on("close", () => sock.destroy());
  });
  await new Promise<void>((resolve) => wss.on("listening", () => resolve()));
  const { port } = wss.address() as net.AddressInfo;
  return {
    url: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        wss.clients.forEach((c) => c.terminate());
        wss.close(() => resolve());
      }),
  };
}
