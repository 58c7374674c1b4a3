// The web app: one HTML page, pages by address (router.js), every word in French and
// English (i18n.js), every action a call to this deployment's public API (api.js).
import { h } from "./dom.js";
import { lang, t } from "./i18n.js";
import { renderHeader } from "./layout.js";
import { connect, disconnect } from "./live.js";
import { refresh, register, setNotFound, start } from "./router.js";
import * as account from "./pages/account.js";
import * as admin from "./pages/admin.js";
import * as auth from "./pages/auth.js";
import * as checkout from "./pages/checkout.js";
import * as gig from "./pages/gig.js";
import * as inbox from "./pages/inbox.js";
import * as order from "./pages/order.js";
import * as orders from "./pages/orders.js";
import * as quotes from "./pages/quotes.js";
import * as requests from "./pages/requests.js";
import * as search from "./pages/search.js";
import * as seller from "./pages/seller.js";
import * as selling from "./pages/selling.js";

for (const page of [search, auth, gig, seller, checkout, order, orders, requests, quotes, inbox, selling, account, admin]) {
  register(page.routes);
}
setNotFound(() => h("section", { class: "page" }, h("h1", {}, t("not_found_page")), h("p", {}, h("a", { href: "#/" }, t("back_home")))));

function signedInOrOut() {
  connect();
  renderHeader();
  refresh();
}

window.addEventListener("microtache:signed-in", signedInOrOut);
window.addEventListener("microtache:signed-out", () => {
  disconnect();
  renderHeader();
});
window.addEventListener("microtache:language", () => {
  renderHeader();
  refresh();
});

document.documentElement.lang = lang();
renderHeader();
connect();
start();
