/**
 * server.time, app.info, user.current, user.admin, profile — shapes from EN api-reference/common/*.md
 * and api-reference/user/user-current.md (user.current carries no ADMIN; profile does, and b24jssdk's
 * `initIsAdmin` reads `profile.ADMIN`).
 */
import { isoWithOffset } from "../time";
import { Paged, type MethodHandler } from "./context";

/** `YYYY-MM-DDThh:mm:ss±hh:mm` in the portal's zone, shifted by clockShiftMs (EN server-time.md). */
const serverTime: MethodHandler = (_params, ctx) => ctx.portal.nowIso();

/**
 * user.get — EN api-reference/user/user-get.md: `FILTER` (also `filter`) by user fields; a key may carry a prefix
 * (`@ID` = IN an array; a plain key with an array value also matches any of them); pages of 50 with `total` and
 * `next`; IDs come back as strings. Only ID, ACTIVE, NAME, LAST_NAME and EMAIL are filtered here; other keys are
 * ignored (the emulator's users have no other fields).
 */
const userGet: MethodHandler = (params, ctx) => {
  const filter = (params.FILTER ?? params.filter ?? {}) as Record<string, unknown>;
  const conditions = Object.entries(filter).map(([key, value]) => {
    const field = key.replace(/^[@=!%<>]+/, "").toUpperCase();
    const wanted = (Array.isArray(value) ? value : [value]).map(String);
    return { field, wanted, negate: key.startsWith("!") };
  });
  const rows = [...ctx.portal.users.values()]
    .map((u) => ({ ID: u.ID, ACTIVE: true, NAME: u.NAME, LAST_NAME: u.LAST_NAME, EMAIL: u.EMAIL, USER_TYPE: "employee" }))
    .filter((row) =>
      conditions.every(({ field, wanted, negate }) => {
        if (!(field in row)) return true;
        const hit = wanted.includes(String(row[field as keyof typeof row]));
        return negate ? !hit : hit;
      }),
    )
    .sort((a, b) => Number(a.ID) - Number(b.ID));
  const start = Math.max(0, Number.parseInt(String(params.start ?? 0), 10) || 0);
  const page = rows.slice(start, start + 50);
  return new Paged(page, rows.length, start + 50 < rows.length ? start + 50 : undefined);
};

const appInfo: MethodHandler = (_params, ctx) => ({
  ID: ctx.portal.appLocalId,
  CODE: ctx.clientId,
  VERSION: 1,
  STATUS: "L",
  INSTALLED: ctx.portal.isInstallFinished,
  PAYMENT_EXPIRED: "N",
  DAYS: null,
  LANGUAGE_ID: "ru",
  LICENSE: "ru_pro100",
  LICENSE_TYPE: "pro100",
  LICENSE_FAMILY: "pro",
});

const userCurrent: MethodHandler = (_params, ctx) => {
  const u = ctx.user;
  const registered = isoWithOffset(Date.UTC(2024, 0, 15), ctx.portal.config.timezoneOffsetMin);
  return {
    ID: u.ID,
    ACTIVE: true,
    NAME: u.NAME,
    LAST_NAME: u.LAST_NAME,
    EMAIL: u.EMAIL,
    LAST_LOGIN: ctx.portal.nowIso(),
    DATE_REGISTER: registered,
    IS_ONLINE: "Y",
    PERSONAL_GENDER: "",
    PERSONAL_BIRTHDAY: "",
    WORK_POSITION: "",
    UF_EMPLOYMENT_DATE: "",
    UF_DEPARTMENT: [1],
  };
};

const userAdmin: MethodHandler = (_params, ctx) => ctx.user.admin;

const profile: MethodHandler = (_params, ctx) => ({
  ID: ctx.user.ID,
  ADMIN: ctx.user.admin,
  NAME: ctx.user.NAME,
  LAST_NAME: ctx.user.LAST_NAME,
  PERSONAL_GENDER: "",
  TIME_ZONE: "",
});

export const systemMethods: Record<string, MethodHandler> = {
  "server.time": serverTime,
  "app.info": appInfo,
  "user.current": userCurrent,
  "user.get": userGet,
  "user.admin": userAdmin,
  profile,
};
