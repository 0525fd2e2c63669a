/** A readable 401 inside the iframe instead of a blank frame or raw JSON. */
export function deniedPage(message: string): Response {
  const html = `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Облачная касса</title>
<style>body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#333;background:#eef2f4;margin:0;padding:24px}
.card{background:#fff;border-radius:12px;padding:20px 24px;max-width:560px}h1{font-size:18px;font-weight:600;margin:0 0 8px}p{margin:0;color:#525c69}</style>
</head><body><div class="card"><h1>Вход не подтверждён</h1><p>${escapeHtml(message)}</p></div></body></html>`;
  return new Response(html, { status: 401, headers: { "content-type": "text/html; charset=utf-8" } });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
