// Node resolve hook for the app-process child: `server-only` (a guard that throws outside React Server bundles) is
// an empty module here, as vitest's alias makes it for the in-process tests.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(`export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: "data:text/javascript,export {}", shortCircuit: true };
  return next(specifier, context);
}`),
);
