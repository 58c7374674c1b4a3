// Pages by address: `#/gigs/42?tab=reviews`. A page is {path, render({params, query})}
// answering a Node (or a Promise of one); `refresh()` renders the current one again.
// Hash addresses need nothing from the server: `/` serves the one HTML page.
import { h } from "./dom.js";
import { errorText, t } from "./i18n.js";

const routes = [];
let notFound = null;
let rendering = 0;

export function register(pages) {
  for (const page of pages) {
    const names = [];
    const source = page.path.replace(/:(\w+)/g, (_, name) => {
      names.push(name);
      return "([^/]+)";
    });
    routes.push({ ...page, names, pattern: new RegExp(`^${source}$`) });
  }
}

export function setNotFound(render) {
  notFound = render;
}

/** The in-app address of a path: `href("/orders/3")` → "#/orders/3". */
export const href = (path) => `#${path}`;

export function currentPath() {
  return window.location.hash.slice(1) || "/";
}

export function navigate(path) {
  if (currentPath() === path) refresh();
  else window.location.hash = path;
}

function match(path) {
  for (const route of routes) {
    const found = route.pattern.exec(path);
    if (found) {
      const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(found[i + 1])]));
      return { route, params };
    }
  }
  return null;
}

function errorPage(error) {
  return h(
    "section",
    { class: "page" },
    h("h1", {}, t("error_title")),
    h("p", { role: "alert" }, errorText(error)),
    h("p", {}, h("a", { href: "#/" }, t("back_home"))),
  );
}

/** Renders the page of the current address into <main>, then titles the document after
 * its heading and moves the focus there (what a screen reader announces). */
export async function refresh({ focus = false } = {}) {
  const main = document.getElementById("main");
  const [path, search] = currentPath().split("?");
  const query = Object.fromEntries(new URLSearchParams(search || ""));
  const found = match(path);
  const mine = ++rendering;
  main.setAttribute("aria-busy", "true");
  let node;
  try {
    node = found ? await found.route.render({ params: found.params, query }) : notFound();
  } catch (error) {
    if (error && error.name === "Redirected") return;
    if (!(error && error.code)) console.error(error);
    node = errorPage(error);
  }
  if (mine !== rendering) return; // a later navigation won
  main.replaceChildren(node);
  main.removeAttribute("aria-busy");
  const heading = main.querySelector("h1");
  document.title = heading ? `${heading.textContent} · Microtache` : "Microtache";
  if (focus && heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
}

export function start() {
  window.addEventListener("hashchange", () => {
    window.scrollTo(0, 0);
    refresh({ focus: true });
  });
  return refresh();
}
