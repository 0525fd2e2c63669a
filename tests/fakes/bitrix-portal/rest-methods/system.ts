/**
 * server.time, app.info, user.current, user.admin, profile — shapes from EN api-reference/common/*.md
 * and api-reference/user/user-current.md (user.current carries no ADMIN; profile does, and b24jssdk's
 * `initIsAdmin` reads `profile.ADMIN`).
 */
import { isoWithOffset } from "../time";
import type { MethodHandler } from "./context";

/** `YYYY-MM-DDThh:mm:ss±hh:mm` in the portal's zone, shifted by clockShiftMs (EN server-time.md). */
const serverTime: MethodHandler = (_params, ctx) => ctx.portal.nowIso();

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
  "user.admin": userAdmin,
  profile,
};
