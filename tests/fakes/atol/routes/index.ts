/** All routes of the fake ATOL v5 server (report before register: both match two-segment paths). */
import type { AtolRoute } from "../router";
import { getTokenRoutes } from "./get-token";
import { registerRoutes } from "./register";
import { reportRoutes } from "./report";

export const ATOL_ROUTES: AtolRoute[] = [...getTokenRoutes, ...reportRoutes, ...registerRoutes];
