/** A few rules that make the emulated pages read as a Bitrix24 portal (Air: light page, white cards, blue accents). */
export const PORTAL_CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#333;background:#eef2f4}
a{color:#0154c8;text-decoration:none}a:hover{text-decoration:underline}
.top{display:flex;align-items:center;gap:16px;height:56px;padding:0 24px;background:#fff;border-bottom:1px solid #edeef0}
.logo{font-weight:700;font-size:20px;color:#2fc6f6}.logo b{color:#0075ff}
.demo{margin-left:auto;font-size:12px;color:#9a5d00;background:#fff4d6;border-radius:999px;padding:3px 10px}
.wrap{display:grid;grid-template-columns:220px 1fr;min-height:calc(100vh - 56px)}
.menu{padding:16px 8px;background:#f6f8f9;border-right:1px solid #edeef0}
.menu h4{margin:14px 12px 6px;font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:#828b95}
.menu a{display:block;padding:7px 12px;border-radius:8px;color:#333}.menu a.on{background:#e6f4ff;color:#0154c8;font-weight:600}
main{padding:20px 24px;min-width:0}
h1{font-size:22px;font-weight:600;margin:0 0 4px}
.sub{color:#828b95;margin:0 0 16px}
.card{background:#fff;border-radius:12px;padding:16px 20px;margin-bottom:16px;box-shadow:0 1px 2px rgba(0,0,0,.04)}
.card h2{font-size:15px;margin:0 0 10px}
table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:8px 10px;border-top:1px solid #f0f0f0}
th{font-size:12px;color:#828b95;font-weight:500;border-top:0}
.num{text-align:right;white-space:nowrap}
.badge{display:inline-block;padding:2px 8px;border-radius:999px;font-size:12px;background:#edeef0;color:#525c69}
.badge.ok{background:#caffe7;color:#14813a}.badge.wait{background:#fff4d6;color:#9a5d00}
.btn{display:inline-block;height:30px;padding:0 14px;border-radius:8px;border:0;background:#0075ff;color:#fff;font:inherit;font-weight:600;cursor:pointer}
.btn:hover{background:#0068e3}
.tabs{display:flex;gap:4px;margin:0 0 -1px;padding:0 8px}
.tabs span{padding:9px 16px;border-radius:10px 10px 0 0;color:#828b95;background:#e6eaed}
.tabs span.on{background:#fff;color:#333;font-weight:600}
.frame{background:#fff;border-radius:12px;overflow:hidden}
iframe{display:block;width:100%;border:0}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:16px}
.kv{color:#828b95;font-size:12px}
`;
