// GET|POST /api/ping – answers at once with no work: the benchmark's baseline for the server's own overhead.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const pong = () => Response.json({ ok: true });
export { pong as GET, pong as POST };
