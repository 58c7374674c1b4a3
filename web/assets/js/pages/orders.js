// My orders (O13): as buyer or as seller (tabs), each list the API offers (its `filter`),
// stars as toggle buttons, and more orders page by page (the API's cursor). The address
// holds the role and the list, so a list can be bookmarked and gone back to.
import { del, get, put } from "../api.js";
import { h } from "../dom.js";
import { actionButton } from "../forms.js";
import { money, relative, translator, when } from "../i18n.js";
import { requireUser } from "../session.js";

export const t = translator({
  en: {
    title: "My orders",
    as_buyer: "Buying",
    as_seller: "Selling",
    roles: "My role",
    lists: "Lists",
    all: "All",
    "list.priority": "Priority",
    "list.active": "Active",
    "list.late": "Late",
    "list.delivered": "Delivered",
    "list.completed": "Completed",
    "list.cancelled": "Cancelled",
    "list.starred": "Starred",
    "list.awaiting_requirements": "Awaiting requirements",
    "list.new": "New",
    "list.revision_requested": "Revision requested",
    "list.awaiting_review": "Awaiting review",
    "list.updates": "Updates",
    order: "Order",
    seller: "Seller",
    buyer: "Buyer",
    status: "Status",
    price: "Price",
    due: "Due",
    star: "Star",
    starred: "Starred",
    star_label: "Star “{title}”",
    no_orders: "No order in this list.",
    count: "{count} orders shown",
    not_started: "Not started",
    "status.incomplete": "Awaiting requirements",
    "status.in_progress": "In progress",
    "status.delivered": "Delivered",
    "status.in_revision": "In revision",
    "status.late": "Late",
    "status.very_late": "Very late",
    "status.in_dispute": "Cancellation requested",
    "status.completed": "Completed",
    "status.cancelled": "Cancelled",
  },
  fr: {
    title: "Mes commandes",
    as_buyer: "Achats",
    as_seller: "Ventes",
    roles: "Mon rôle",
    lists: "Listes",
    all: "Toutes",
    "list.priority": "Prioritaires",
    "list.active": "Actives",
    "list.late": "En retard",
    "list.delivered": "Livrées",
    "list.completed": "Terminées",
    "list.cancelled": "Annulées",
    "list.starred": "Favorites",
    "list.awaiting_requirements": "En attente des consignes",
    "list.new": "Nouvelles",
    "list.revision_requested": "Retouche demandée",
    "list.awaiting_review": "En attente de validation",
    "list.updates": "Nouveautés",
    order: "Commande",
    seller: "Vendeur",
    buyer: "Acheteur",
    status: "Statut",
    price: "Prix",
    due: "Échéance",
    star: "Favori",
    starred: "Favori",
    star_label: "Mettre « {title} » en favori",
    no_orders: "Aucune commande dans cette liste.",
    count: "{count} commandes affichées",
    not_started: "Pas commencée",
    "status.incomplete": "En attente des consignes",
    "status.in_progress": "En cours",
    "status.delivered": "Livrée",
    "status.in_revision": "En retouche",
    "status.late": "En retard",
    "status.very_late": "Très en retard",
    "status.in_dispute": "Annulation demandée",
    "status.completed": "Terminée",
    "status.cancelled": "Annulée",
  },
});

// The lists of GET /v1/orders's `filter` (its OpenAPI enum): a buyer's, and a seller's
// (the buyer's and more); the API refuses a seller's list asked as a buyer.
const BUYER_LISTS = ["priority", "active", "late", "delivered", "completed", "cancelled", "starred"];
const SELLER_LISTS = [...BUYER_LISTS, "awaiting_requirements", "new", "revision_requested", "awaiting_review", "updates"];
const PAGE = 20;

/** An order's status as a badge, in the user's language. */
export function statusBadge(status) {
  const key = `status.${status}`;
  const text = t(key);
  return h("span", { class: ["status", `status-${status}`] }, text === key ? status.replaceAll("_", " ") : text);
}

/** A toggle button that stars or unstars an order (PUT/DELETE /v1/orders/{id}/star). */
export function starButton(order, label) {
  let starred = Boolean(order.starred);
  const button = actionButton(
    "",
    async () => {
      const answer = starred ? await del(`/v1/orders/${order.id}/star`) : await put(`/v1/orders/${order.id}/star`);
      starred = answer && "starred" in answer ? Boolean(answer.starred) : !starred;
      show();
    },
    { attrs: { class: "button star-toggle", "aria-label": label || t("star_label", { title: order.title }) } },
  );
  function show() {
    button.setAttribute("aria-pressed", String(starred));
    button.textContent = starred ? `★ ${t("starred")}` : `☆ ${t("star")}`;
  }
  show();
  return button;
}

function dueText(order) {
  if (!order.due_at) return t("not_started");
  return `${when(order.due_at)} (${relative(order.due_at)})`;
}

function row(order, role) {
  const other = role === "buyer" ? order.seller : order.buyer;
  return h(
    "tr",
    { dataset: { orderId: order.id } },
    h("td", {}, h("a", { href: `#/orders/${order.id}` }, order.title || order.id)),
    h("td", {}, other?.username || ""),
    h("td", {}, statusBadge(order.status)),
    h("td", { class: "price" }, money(order.price)),
    h("td", {}, dueText(order)),
    h("td", {}, starButton(order)),
  );
}

function address(role, filter) {
  const query = new URLSearchParams({ role });
  if (filter) query.set("filter", filter);
  return `#/orders?${query}`;
}

async function ordersPage({ query }) {
  await requireUser();
  const role = query.role === "seller" ? "seller" : "buyer";
  const lists = role === "seller" ? SELLER_LISTS : BUYER_LISTS;
  const filter = lists.includes(query.filter) ? query.filter : "";
  const asked = { role, filter: filter || undefined, limit: PAGE };
  const first = await get("/v1/orders", asked);
  const body = h("tbody", {}, first.results.map((order) => row(order, role)));
  const shown = h("p", { class: "muted", "aria-live": "polite" }, t("count", { count: first.results.length }));
  let cursor = first.next_cursor;
  const more = actionButton(t("more"), async () => {
    const page = await get("/v1/orders", { ...asked, cursor });
    body.append(...page.results.map((order) => row(order, role)));
    cursor = page.next_cursor;
    shown.textContent = t("count", { count: body.children.length });
    more.hidden = !cursor;
  });
  more.hidden = !cursor;
  const tab = (name, label) =>
    h("a", { href: address(name, ""), class: "chip", "aria-current": role === name ? "page" : null }, label);
  const chip = (name, label) =>
    h("a", { href: address(role, name), class: "chip", "aria-current": filter === name ? "page" : null }, label);
  return h(
    "section",
    { class: "page orders-page" },
    h("h1", {}, t("title")),
    h("nav", { class: "tabs", "aria-label": t("roles") }, tab("buyer", t("as_buyer")), tab("seller", t("as_seller"))),
    h("nav", { class: "chips order-lists", "aria-label": t("lists") }, chip("", t("all")), lists.map((name) => chip(name, t(`list.${name}`)))),
    shown,
    first.results.length
      ? h(
          "div",
          { class: "table-wrap" },
          h(
            "table",
            { class: "orders-table" },
            h("caption", { class: "visually-hidden" }, `${t("title")}: ${role === "seller" ? t("as_seller") : t("as_buyer")}, ${filter ? t(`list.${filter}`) : t("all")}`),
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                h("th", { scope: "col" }, t("order")),
                h("th", { scope: "col" }, role === "buyer" ? t("seller") : t("buyer")),
                h("th", { scope: "col" }, t("status")),
                h("th", { scope: "col" }, t("price")),
                h("th", { scope: "col" }, t("due")),
                h("th", { scope: "col" }, t("star")),
              ),
            ),
            body,
          ),
        )
      : h("p", {}, t("no_orders")),
    more,
  );
}

export const routes = [{ path: "/orders", render: ordersPage }];
