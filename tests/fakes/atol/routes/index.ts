/** All routes of the fake ATOL v5 server. Add sell/sell_refund/corrections/report modules here. */
import type { AtolRoute } from "../router";
import { getTokenRoutes } from "./get-token";

export const ATOL_ROUTES: AtolRoute[] = [...getTokenRoutes];
