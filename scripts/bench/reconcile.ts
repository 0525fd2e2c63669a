// Reconciliation at scale (issue 5 target: one month of 100,000 payments and receipts within 5 s on 2 cores, real
// Postgres). Seeds one portal's month with SQL generate_series — a realistic mix: most payments have their fiscalised
// receipt, 1 % differ by a kopeck of rounding, 0.4 % have no receipt, 0.3 % are fiscalised across the day boundary —
// then times reconcilePortal twice: the first run stores the findings, the second must store nothing new.
import type pg from "pg";
import type { Db } from "../../lib/db/client";

export interface ReconcileBench {
  payments: number;
  receipts: number;
  firstRunMs: number;
  rerunMs: number;
  mismatches: number;
  mismatchesAfterRerun: number;
}

const MONTH_FROM = Date.parse("2026-10-01T00:00:00+05:00");
const MONTH_MS = 31 * 86_400_000;

export async function seedMonth(sql: pg.Client, n: number): Promise<{ portalId: string }> {
  const portal = await sql.query<{ id: string }>(
    `insert into portals (member_id, domain, status, timezone) values ('bench-reconcile-' || gen_random_uuid(), 'bench.bitrix24.ru', 'installed', 'Asia/Yekaterinburg') returning id`,
  );
  const portalId = portal.rows[0]!.id;
  const profile = await sql.query<{ id: string }>(
    `insert into cashbox_profiles (portal_id, name, provider, mode, credentials_public, company, vat_map)
     values ($1, 'Bench', 'sandbox', 'test', '{}', '{"inn":"5544332219","sno":"osn","paymentAddress":"https://shop.example","email":"shop@example.ru"}', '{"1":"vat22"}')
     returning id`,
    [portalId],
  );
  const step = MONTH_MS / n;
  // Payment g: paid at from + g·step, sum 1000.00…10 960.00 ₽ by g.
  await sql.query(
    `insert into crm_payments (portal_id, payment_id, order_id, deal_id, sum_kop, paid, date_paid)
     select $1, g, g, g, 100000 + (g % 997) * 1000, true, to_timestamp(($2::bigint + g * $3::float8) / 1000)
     from generate_series(1, $4::int) g`,
    [portalId, MONTH_FROM, step, n],
  );
  // Receipt of payment g (none when g % 250 = 0): accepted 2 s after the payment, fiscalised 20 s later — or, for
  // g % 333 = 0, 6 minutes later across midnight portal time; one kopeck short for g % 100 = 0 (rounding).
  await sql.query(
    `with src as (
       select g, p.sum_kop - case when g % 100 = 0 then 1 else 0 end as total,
              p.date_paid + interval '2 seconds' as accepted,
              case when g % 333 = 0 then date_trunc('day', p.date_paid at time zone 'Asia/Yekaterinburg') at time zone 'Asia/Yekaterinburg' + interval '1 day 2 minutes'
                   else p.date_paid + interval '22 seconds' end as fiscal_at
       from generate_series(1, $2::int) g join crm_payments p on p.portal_id = $1 and p.payment_id = g
       where g % 250 <> 0
     )
     insert into receipts (portal_id, profile_id, source, bitrix_uuid, check_type, operation, receipt, total_kop, status, external_id,
                           fiscal, fiscal_at, payment_id, deal_id, match_method, created_at, fiscalised_at)
     select $1, $3, 'bitrix', 'check|bench|' || g, 'sell', 'sell',
            jsonb_build_object('operation', 'sell', 'checkType', 'sell', 'totalKop', total, 'client', jsonb_build_object('email', 'buyer' || g || '@example.ru'),
              'company', '{}'::jsonb,
              'items', jsonb_build_array(jsonb_build_object('name', 'Товар ' || (g % 50), 'priceKop', total, 'quantityMilli', 1000, 'sumKop', total,
                 'vat', 'vat22', 'vatSumKop', round(total * 22 / 122.0), 'paymentMethod', 'full_payment', 'paymentObject', 1, 'measure', 0)),
              'payments', jsonb_build_array(jsonb_build_object('type', 'cashless', 'sumKop', total))),
            total, 'done', 'bench-' || g,
            jsonb_build_object('regNumberKkt', '0000000001012345', 'fnNumber', '9999078900001111', 'fiscalDocNumber', g, 'fiscalDocAttr', (3000000000 + g)::text,
              'fiscalReceiptNumber', g % 500, 'shiftNumber', g / 500, 'fiscalAt', (extract(epoch from fiscal_at) * 1000)::bigint,
              'fiscalAtRaw', to_char(fiscal_at at time zone 'Europe/Moscow', 'DD.MM.YYYY HH24:MI:SS'), 'totalKop', total),
            fiscal_at, g, g, 'auto', accepted, fiscal_at
     from src`,
    [portalId, n, profile.rows[0]!.id],
  );
  await sql.query("analyze crm_payments; analyze receipts");
  return { portalId };
}

export async function benchReconcile(sql: pg.Client, db: Db, n = 100_000): Promise<ReconcileBench> {
  const { portalId } = await seedMonth(sql, n);
  const { getPortalById } = await import("../../lib/db/queries/portals");
  const { reconcilePortal } = await import("../../lib/mismatches/reconcile-portal");
  const portal = (await getPortalById(db, portalId))!;
  const period = { from: new Date(MONTH_FROM), to: new Date(MONTH_FROM + MONTH_MS) };
  const now = new Date(MONTH_FROM + MONTH_MS + 7 * 86_400_000);
  const count = async () => Number((await sql.query(`select count(*) as n from mismatches where portal_id = $1`, [portalId])).rows[0].n);
  const counts = async (table: string) => Number((await sql.query(`select count(*) as n from ${table} where portal_id = $1`, [portalId])).rows[0].n);

  let t0 = performance.now();
  await reconcilePortal(db, portal, period, now);
  const firstRunMs = performance.now() - t0;
  const mismatches = await count();
  t0 = performance.now();
  await reconcilePortal(db, portal, period, now);
  const rerunMs = performance.now() - t0;
  return { payments: await counts("crm_payments"), receipts: await counts("receipts"), firstRunMs, rerunMs, mismatches, mismatchesAfterRerun: await count() };
}

// `tsx scripts/bench/reconcile.ts` runs this part alone against BENCH_DATABASE_URL (a fresh database is made there).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { withBenchDatabase } = await import("./database");
  await withBenchDatabase(async ({ admin, db }) => {
    const n = Number(process.env.BENCH_RECONCILE_N ?? 100_000);
    console.log(JSON.stringify(await benchReconcile(admin, db, n), null, 2));
  });
}
