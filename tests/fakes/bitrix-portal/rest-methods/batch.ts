/**
 * batch — EN settings/how-to-call-rest-api/batch.md and docs/bitrix24-protocol.md §7:
 * `{halt, cmd: {key: 'method?query-string'}}` (or a list), at most 50 commands (ERROR_BATCH_LENGTH_EXCEEDED),
 * no nested batch (ERROR_BATCH_METHOD_NOT_ALLOWED for that command), `$result[key][field]` references;
 * answer `{result, result_error, result_total, result_next, result_time}` where each part is a PHP array
 * keyed like `cmd` (empty ⇒ `[]`). With halt, processing stops at the first failing command.
 */
import { isPlainObject, parsePhpForm, phpArray, phpTruthy, type Dict } from "../forms";
import { methodError, RestError } from "../rest-errors";
import { timeBlock } from "../time";
import type { MethodHandler } from "./context";

const MAX_COMMANDS = 50;
const REF = /\$result\[([^\]]+)\]((?:\[[^\]]*\])*)/g;

function lookup(results: Map<string, unknown>, key: string, path: string): unknown {
  let value: unknown = results.get(key);
  for (const m of path.matchAll(/\[([^\]]*)\]/g)) {
    const k = m[1] ?? "";
    if (Array.isArray(value)) value = value[Number(k)];
    else if (isPlainObject(value)) value = value[k];
    else return undefined;
  }
  return value;
}

function substitute(value: unknown, results: Map<string, unknown>): unknown {
  if (typeof value === "string") {
    const whole = /^\$result\[([^\]]+)\]((?:\[[^\]]*\])*)$/.exec(value);
    if (whole) return lookup(results, whole[1] ?? "", whole[2] ?? "") ?? value;
    return value.replace(REF, (m, key: string, path: string) => {
      const v = lookup(results, key, path);
      return v === undefined || typeof v === "object" ? m : String(v);
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, results));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, results)]));
  return value;
}

export const batch: MethodHandler = async (params, ctx) => {
  const cmdRaw = params.cmd;
  const commands: Array<[string, string]> = Array.isArray(cmdRaw)
    ? cmdRaw.map((v, i) => [String(i), String(v)])
    : isPlainObject(cmdRaw)
      ? Object.entries(cmdRaw).map(([k, v]) => [k, String(v)])
      : [];
  if (commands.length > MAX_COMMANDS) throw methodError("ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded");
  const halt = phpTruthy(params.halt);

  const results = new Map<string, unknown>();
  const errors: Array<[string, unknown]> = [];
  const totals: Array<[string, unknown]> = [];
  const nexts: Array<[string, unknown]> = [];
  const times: Array<[string, unknown]> = [];

  for (const [key, row] of commands) {
    const q = row.indexOf("?");
    const method = (q === -1 ? row : row.slice(0, q)).trim().toLowerCase();
    const subParams = substitute(parsePhpForm(q === -1 ? "" : row.slice(q + 1)), results) as Dict;
    const started = ctx.portal.nowMs();
    try {
      const out = await ctx.call(method, subParams);
      results.set(key, out.result);
      if (out.total !== undefined) totals.push([key, out.total]);
      if (out.next !== undefined) nexts.push([key, out.next]);
    } catch (e) {
      if (!(e instanceof RestError)) throw e;
      errors.push([key, { error: e.code, error_description: e.description }]);
    }
    times.push([key, timeBlock(started, ctx.portal.nowMs(), ctx.portal.config.timezoneOffsetMin)]);
    if (halt && errors.length > 0) break;
  }

  return {
    result: phpArray([...results.entries()]),
    result_error: phpArray(errors),
    result_total: phpArray(totals),
    result_next: phpArray(nexts),
    result_time: phpArray(times),
  };
};
