/**
 * catalog.vat.list — EN api-reference/catalog/vat/catalog-vat-list.md: `result: {vats: [...]}` plus top-level
 * `total` (and `next` past a 50-row page); fields id, name, rate, active, sort, timestampX; select/filter/order use
 * these lower-camel names; `start` pages by 50. Administrator only; the documented denial is
 * `{"error": 200040300010, "error_description": "Access Denied"}`.
 */
import { applyFilter, applyOrder } from "../filter";
import { isPlainObject, type Dict } from "../forms";
import { RestError } from "../rest-errors";
import { Paged, type MethodHandler } from "./context";

const PAGE = 50;

const vatList: MethodHandler = (params, ctx) => {
  if (!ctx.user.admin) throw new RestError(400, 200040300010, "Access Denied");
  const select = Array.isArray(params.select) ? params.select.map(String) : [];
  const filter = isPlainObject(params.filter) ? params.filter : {};
  const order = isPlainObject(params.order) ? params.order : { id: "ASC" };
  const start = Math.max(0, Number.parseInt(String(params.start ?? "0"), 10) || 0);
  const field = (row: Dict, f: string) => {
    const key = Object.keys(row).find((k) => k.toLowerCase() === f.toLowerCase());
    return key ? row[key] : undefined;
  };
  const rows = applyOrder(applyFilter(ctx.portal.vats as Dict[], filter, field), order, field);
  const page = rows.slice(start, start + PAGE).map((row) => {
    if (select.length === 0) return { ...row };
    return Object.fromEntries(
      Object.entries(row).filter(([k]) => select.some((s) => s.toLowerCase() === k.toLowerCase())),
    );
  });
  const next = start + PAGE < rows.length ? start + PAGE : undefined;
  return new Paged({ vats: page }, rows.length, next);
};

export const catalogMethods: Record<string, MethodHandler> = {
  "catalog.vat.list": vatList,
};
