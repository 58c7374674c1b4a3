// Buyer requests and the sellers' offers (R1–R7): a buyer posts a request (approved by an
// admin), pauses, resumes, boosts or deletes it, reads the offers sorted as the API allows,
// removes one or orders one; a seller lists the open requests of their categories, declines
// one or sends an offer. The API decides every rule; the pages show what it answers.
import { get, del, idempotencyKey, post, upload } from "../api.js";
import { alertBox, field, h, toast } from "../dom.js";
import { actionButton, apiForm } from "../forms.js";
import { money, translator, when } from "../i18n.js";
import { navigate, refresh } from "../router.js";
import { requireUser } from "../session.js";

const t = translator({
  en: {
    my_requests: "My requests",
    post_request: "Post a request",
    open_requests: "Open requests for my services",
    open_requests_link: "Open requests (sellers)",
    status: "Status",
    all: "All",
    "status.pending": "Awaiting approval",
    "status.active": "Active",
    "status.not_approved": "Not approved",
    "status.paused": "Paused",
    "status.expired": "Expired",
    "status.ordered": "Ordered",
    "status.sent": "Sent",
    "status.removed": "Removed",
    filter: "Show",
    boosted: "Boosted",
    offers_count: "{count} offers",
    offers_link: "See the {count} offers",
    budget: "Budget: {price}",
    delivery: "Delivery in {days} days",
    delivery_24h: "Delivery in 24 hours",
    posted: "Posted {date}",
    expires: "Expires {date}",
    reason: "Reason: {reason}",
    attachment: "Attachment: {name}",
    pause: "Pause",
    resume: "Resume",
    boost: "Boost to the top",
    delete: "Delete",
    delete_confirm: "Yes, delete this request",
    deleted: "The request was deleted.",
    paused: "The request is paused.",
    resumed: "The request is active again.",
    boosted_now: "The request was boosted.",
    no_requests: "You have not posted any request yet.",
    new_title: "Post a request",
    new_form: "New request",
    description: "What do you need?",
    description_hint: "Describe the work; a request cannot be edited once sent, only deleted.",
    category: "Category",
    subcategory: "Subcategory",
    choose: "Choose…",
    any: "Any",
    delivery_days: "Delivery time (days)",
    delivery_hint: "1 (24 hours), 3, 7, or any whole number of days from 1 to 30.",
    budget_field: "Budget ($)",
    attachment_field: "Attachment (optional, at most 30 MB)",
    submit_request: "Send the request",
    sent_for_approval: "Your request was sent; it is visible to sellers once approved.",
    request_title: "Request",
    back_requests: "Back to my requests",
    not_found: "This request does not exist, or is neither yours nor open to you.",
    offers_title: "Offers on your request",
    sort: "Sort by",
    "sort.date": "Date",
    "sort.price": "Price",
    "sort.delivery_time": "Delivery time",
    "sort.rating": "Seller rating",
    "sort.reviews": "Number of reviews",
    apply_sort: "Sort",
    sort_form: "Sort the offers",
    no_offers: "No offer yet.",
    offer_by: "Offer from {seller}",
    seller_level: "Level: {level}",
    rating: "{rating} out of 5 ({count} reviews)",
    no_reviews: "No reviews yet",
    revisions: "{count} revisions",
    price: "Price: {price}",
    remove: "Remove from the list",
    removed: "The offer was removed from your list.",
    contact: "Contact {seller}",
    order_now: "Order now",
    order_form: "Order the offer from {seller}",
    pay_with: "Pay with",
    new_card: "A new card",
    card_number: "Card number",
    card_hint: "Sandbox: 4242 4242 4242 4242 succeeds.",
    pay: "Pay {price} and order",
    ordered: "Your order was placed.",
    decline: "Decline",
    decline_confirm: "Yes, never show it again",
    declined: "You will not see this request again.",
    send_offer: "Send an offer",
    offer_form: "Offer on this request",
    offer_price: "Price ($)",
    offer_days: "Delivery (days)",
    offer_revisions: "Revisions included",
    offer_description: "Your offer",
    offer_sent: "Your offer was sent.",
    no_open: "No open request matches your services now.",
    load_more: "Show more",
  },
  fr: {
    my_requests: "Mes demandes",
    post_request: "Publier une demande",
    open_requests: "Demandes ouvertes pour mes services",
    open_requests_link: "Demandes ouvertes (vendeurs)",
    status: "Statut",
    all: "Toutes",
    "status.pending": "En attente d'approbation",
    "status.active": "Active",
    "status.not_approved": "Non approuvée",
    "status.paused": "En pause",
    "status.expired": "Expirée",
    "status.ordered": "Commandée",
    "status.sent": "Envoyée",
    "status.removed": "Retirée",
    filter: "Afficher",
    boosted: "Mise en avant",
    offers_count: "{count} offres",
    offers_link: "Voir les {count} offres",
    budget: "Budget : {price}",
    delivery: "Livraison en {days} jours",
    delivery_24h: "Livraison en 24 heures",
    posted: "Publiée le {date}",
    expires: "Expire le {date}",
    reason: "Motif : {reason}",
    attachment: "Pièce jointe : {name}",
    pause: "Mettre en pause",
    resume: "Reprendre",
    boost: "Remonter en tête",
    delete: "Supprimer",
    delete_confirm: "Oui, supprimer cette demande",
    deleted: "La demande a été supprimée.",
    paused: "La demande est en pause.",
    resumed: "La demande est de nouveau active.",
    boosted_now: "La demande a été remontée.",
    no_requests: "Vous n'avez encore publié aucune demande.",
    new_title: "Publier une demande",
    new_form: "Nouvelle demande",
    description: "De quoi avez-vous besoin ?",
    description_hint: "Décrivez le travail ; une demande envoyée ne se modifie pas, elle se supprime.",
    category: "Catégorie",
    subcategory: "Sous-catégorie",
    choose: "Choisir…",
    any: "Peu importe",
    delivery_days: "Délai de livraison (jours)",
    delivery_hint: "1 (24 heures), 3, 7, ou tout nombre entier de jours de 1 à 30.",
    budget_field: "Budget ($)",
    attachment_field: "Pièce jointe (facultative, 30 Mo au plus)",
    submit_request: "Envoyer la demande",
    sent_for_approval: "Votre demande est envoyée ; les vendeurs la verront une fois approuvée.",
    request_title: "Demande",
    back_requests: "Retour à mes demandes",
    not_found: "Cette demande n'existe pas, ou n'est ni la vôtre ni ouverte à vous.",
    offers_title: "Offres reçues pour votre demande",
    sort: "Trier par",
    "sort.date": "Date",
    "sort.price": "Prix",
    "sort.delivery_time": "Délai de livraison",
    "sort.rating": "Note du vendeur",
    "sort.reviews": "Nombre d'avis",
    apply_sort: "Trier",
    sort_form: "Trier les offres",
    no_offers: "Aucune offre pour l'instant.",
    offer_by: "Offre de {seller}",
    seller_level: "Niveau : {level}",
    rating: "{rating} sur 5 ({count} avis)",
    no_reviews: "Pas encore d'avis",
    revisions: "{count} révisions",
    price: "Prix : {price}",
    remove: "Retirer de la liste",
    removed: "L'offre a été retirée de votre liste.",
    contact: "Contacter {seller}",
    order_now: "Commander",
    order_form: "Commander l'offre de {seller}",
    pay_with: "Payer avec",
    new_card: "Une nouvelle carte",
    card_number: "Numéro de carte",
    card_hint: "Bac à sable : 4242 4242 4242 4242 est acceptée.",
    pay: "Payer {price} et commander",
    ordered: "Votre commande est passée.",
    decline: "Refuser",
    decline_confirm: "Oui, ne plus jamais la montrer",
    declined: "Vous ne verrez plus cette demande.",
    send_offer: "Envoyer une offre",
    offer_form: "Offre pour cette demande",
    offer_price: "Prix ($)",
    offer_days: "Livraison (jours)",
    offer_revisions: "Révisions incluses",
    offer_description: "Votre offre",
    offer_sent: "Votre offre a été envoyée.",
    no_open: "Aucune demande ouverte ne correspond à vos services pour l'instant.",
    load_more: "Voir plus",
  },
});

const STATUSES = ["pending", "active", "paused", "not_approved", "expired", "ordered"];
const SORTS = ["date", "price", "delivery_time", "rating", "reviews"];

// ---------------------------------------------------------------- shared with quotes.js

let categories = null;

/** The category tree (GET /v1/categories), read once. */
export async function categoryTree() {
  if (!categories) categories = (await get("/v1/categories")).categories;
  return categories;
}

/** A category's and subcategory's names from their slugs. */
export function categoryName(tree, category, subcategory) {
  const cat = tree.find((c) => c.slug === category);
  const sub = cat?.subcategories.find((s) => s.slug === subcategory);
  return [cat?.name || category, sub?.name || subcategory].join(" › ");
}

/** Dollars typed by a person → minor units (the API's money). */
export function dollars(value) {
  if (value === undefined || value === null || value === "") return undefined;
  return { amount: Math.round(Number(value) * 100), currency: "USD" };
}

/** Category, subcategory and the subcategory's criteria as linked selects. The criteria
 * controls are named `attr:<slug>`; `criteria(values)` gathers them. */
export function categoryFields(tree, { category = "", subcategory = "" } = {}) {
  const catField = field({
    label: t("category"),
    name: "category",
    type: "select",
    value: category,
    options: [{ value: "", label: t("choose") }, ...tree.map((c) => ({ value: c.slug, label: c.name }))],
  });
  const subField = field({ label: t("subcategory"), name: "subcategory", type: "select", options: [] });
  const attributes = h("div", { class: "stack request-criteria" });
  const catSelect = catField.querySelector("select");
  const subSelect = subField.querySelector("select");
  const fillAttributes = () => {
    const cat = tree.find((c) => c.slug === catSelect.value);
    const sub = cat?.subcategories.find((s) => s.slug === subSelect.value);
    attributes.replaceChildren(
      ...(sub?.attributes || []).map((attribute) =>
        field({
          label: attribute.name,
          name: `attr:${attribute.slug}`,
          type: "select",
          options: [{ value: "", label: t("any") }, ...attribute.values.map((v) => ({ value: v, label: v }))],
        }),
      ),
    );
  };
  const fillSubs = (chosen) => {
    const cat = tree.find((c) => c.slug === catSelect.value);
    subSelect.replaceChildren(
      h("option", { value: "" }, t("choose")),
      ...(cat?.subcategories || []).map((s) => h("option", { value: s.slug, selected: s.slug === chosen }, s.name)),
    );
    fillAttributes();
  };
  catSelect.addEventListener("change", () => fillSubs(""));
  subSelect.addEventListener("change", fillAttributes);
  fillSubs(subcategory);
  return [catField, subField, attributes];
}

/** The `attr:*` values of a form as the API's `criteria`, and the rest without them. */
export function splitCriteria(values) {
  const criteria = {};
  const rest = {};
  for (const [key, value] of Object.entries(values)) {
    if (key.startsWith("attr:")) {
      if (value) criteria[key.slice(5)] = value;
    } else rest[key] = value;
  }
  return { criteria, rest };
}

/** Uploads every file chosen in a form's file inputs for `use`; their ids. */
export async function uploadFiles(form, use) {
  const ids = [];
  for (const input of form.querySelectorAll("input[type=file]")) {
    for (const file of input.files) ids.push(await upload(file, use));
  }
  return ids;
}

/** "Pay and order": a card of mine or a new one, then `order(paymentMethodId, key)`.
 * The Idempotency-Key is made once for this intention and reused on a retry; a refused
 * payment (the API's answer, not a lost connection) makes the next attempt a new one. */
export async function payForm({ label, price, order }) {
  const cards = (await get("/v1/me/payment-methods")).results || [];
  let key = idempotencyKey();
  const options = [
    ...cards.map((card) => ({
      value: card.id,
      label: `${card.brand} •••• ${card.last4}`,
    })),
    { value: "new", label: t("new_card") },
  ];
  const chosen = cards.find((c) => c.is_default)?.id || cards[0]?.id || "new";
  const methodField = field({ label: t("pay_with"), name: "payment_method_id", type: "select", value: chosen, options });
  const cardField = field({
    label: t("card_number"),
    name: "card_number",
    hint: t("card_hint"),
    attrs: { inputmode: "numeric", autocomplete: "cc-number" },
  });
  const select = methodField.querySelector("select");
  const cardInput = cardField.querySelector("input");
  const showCard = () => {
    const isNew = select.value === "new";
    cardField.hidden = !isNew;
    cardInput.disabled = !isNew;
  };
  select.addEventListener("change", showCard);
  showCard();
  return apiForm({
    label,
    fields: [methodField, cardField],
    submit: t("pay", { price: money(price) }),
    action: async (values) => {
      let method = values.payment_method_id;
      if (method === "new") {
        const card = await post("/v1/me/payment-methods", { card_number: values.card_number || "" });
        method = card.id;
        select.prepend(h("option", { value: card.id }, `${card.brand} •••• ${card.last4}`));
        select.value = card.id;
        showCard();
      }
      try {
        const answer = await order(method, key);
        toast(t("ordered"));
        navigate(`/orders/${answer.id}`);
      } catch (error) {
        if (error && error.status >= 400 && error.status < 500) key = idempotencyKey();
        throw error;
      }
    },
  });
}

/** A button showing a panel (built on first click) under it, with aria-expanded. */
export function disclosure(label, build, { kind = "" } = {}) {
  const panel = h("div", { class: "disclosure-panel", hidden: true });
  let built = false;
  const button = h("button", { type: "button", class: ["button", kind], "aria-expanded": "false" }, label);
  button.addEventListener("click", async () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    if (open && !built) {
      built = true;
      panel.replaceChildren(await build());
    }
    button.setAttribute("aria-expanded", String(open));
    panel.hidden = !open;
    if (open) panel.querySelector("input, select, textarea, button")?.focus();
  });
  return [button, panel];
}

/** A danger action asked twice: the first click shows the confirming button. */
export function confirmed(label, confirmLabel, action) {
  const errorBox = alertBox();
  const confirm = actionButton(confirmLabel, action, { kind: "danger", errorBox });
  confirm.hidden = true;
  const first = h("button", { type: "button", class: "button danger" }, label);
  first.addEventListener("click", () => {
    first.hidden = true;
    confirm.hidden = false;
    confirm.focus();
  });
  return h("span", { class: "confirmed" }, first, confirm, errorBox);
}

export function daysText(days) {
  return days === 1 ? t("delivery_24h") : t("delivery", { days });
}

// ---------------------------------------------------------------- buyer's requests

function statusChip(status) {
  return h("span", { class: ["status", `status-${status}`] }, t(`status.${status}`));
}

function requestActions(request, after = refresh) {
  const errorBox = alertBox();
  const run = (path, message) => async () => {
    await post(`/v1/requests/${request.id}/${path}`);
    toast(message);
    after();
  };
  const buttons = [];
  if (request.status === "active") {
    buttons.push(actionButton(t("pause"), run("pause", t("paused")), { errorBox }));
    if (!request.boosted) buttons.push(actionButton(t("boost"), run("boost", t("boosted_now")), { errorBox }));
  }
  if (request.status === "paused") buttons.push(actionButton(t("resume"), run("resume", t("resumed")), { errorBox }));
  if (request.status !== "ordered") {
    buttons.push(
      confirmed(t("delete"), t("delete_confirm"), async () => {
        await del(`/v1/requests/${request.id}`);
        toast(t("deleted"));
        navigate("/requests");
      }),
    );
  }
  return h("div", { class: "stack" }, h("div", { class: "row request-actions" }, buttons), errorBox);
}

function requestFacts(request, tree) {
  return [
    h(
      "p",
      { class: "row" },
      statusChip(request.status),
      request.boosted && h("span", { class: "chip" }, t("boosted")),
      h("span", { class: "muted" }, categoryName(tree, request.category, request.subcategory)),
    ),
    h(
      "p",
      { class: "muted" },
      t("budget", { price: money(request.budget) }),
      " · ",
      daysText(request.delivery_days),
      " · ",
      t("posted", { date: when(request.created_at) }),
      request.expires_at && [" · ", t("expires", { date: when(request.expires_at) })],
    ),
    Object.keys(request.criteria || {}).length > 0 &&
      h(
        "ul",
        { class: "chips" },
        Object.entries(request.criteria).map(([k, v]) => h("li", { class: "chip" }, `${k}: ${v}`)),
      ),
    request.attachment && h("p", {}, t("attachment", { name: request.attachment.name })),
    request.rejection_reason && h("p", { class: "warning" }, t("reason", { reason: request.rejection_reason })),
  ];
}

function offersLink(request) {
  return h("a", { href: `#/requests/${request.id}/offers` }, t("offers_link", { count: request.offer_count ?? 0 }));
}

async function renderMine({ query }) {
  await requireUser();
  const tree = await categoryTree();
  const status = STATUSES.includes(query.status) ? query.status : "";
  const list = h("ul", { class: "list request-list" });
  const more = h("div");
  const load = async (cursor) => {
    const page = await get("/v1/requests", { status, cursor, limit: 20 });
    list.append(
      ...page.results.map((request) =>
        h(
          "li",
          { class: "card request-card" },
          h("h2", {}, h("a", { href: `#/requests/${request.id}` }, excerpt(request.description))),
          requestFacts(request, tree),
          h("p", {}, offersLink(request)),
          requestActions(request),
        ),
      ),
    );
    more.replaceChildren(
      page.next_cursor ? actionButton(t("load_more"), () => load(page.next_cursor)) : "",
    );
    return page;
  };
  const first = await load();
  const filter = h(
    "nav",
    { class: "tabs", "aria-label": t("filter") },
    [["", t("all")], ...STATUSES.map((s) => [s, t(`status.${s}`)])].map(([value, label]) =>
      h(
        "a",
        { href: value ? `#/requests?status=${value}` : "#/requests", "aria-current": value === status ? "page" : null },
        label,
      ),
    ),
  );
  return h(
    "section",
    { class: "page requests-page" },
    h(
      "div",
      { class: "row page-head" },
      h("h1", {}, t("my_requests")),
      h("a", { href: "#/requests/new", class: "button primary" }, t("post_request")),
      h("a", { href: "#/requests/open" }, t("open_requests_link")),
    ),
    filter,
    first.results.length ? list : h("p", { class: "muted" }, t("no_requests")),
    more,
  );
}

function excerpt(text, size = 90) {
  return text.length > size ? `${text.slice(0, size - 1)}…` : text;
}

async function renderNew() {
  await requireUser();
  const tree = await categoryTree();
  const form = apiForm({
    label: t("new_form"),
    fields: [
      field({ label: t("description"), name: "description", type: "textarea", hint: t("description_hint"), attrs: { maxlength: 2500 } }),
      categoryFields(tree),
      field({ label: t("delivery_days"), name: "delivery_days", type: "number", hint: t("delivery_hint"), attrs: { min: 1, max: 30, step: 1 } }),
      field({ label: t("budget_field"), name: "budget", type: "number", attrs: { min: 1, step: "0.01" } }),
      field({ label: t("attachment_field"), name: "files", type: "file" }),
    ],
    submit: t("submit_request"),
    action: async (values, formNode) => {
      const { criteria, rest } = splitCriteria(values);
      const files = await uploadFiles(formNode, "request_attachment");
      const created = await post("/v1/requests", {
        description: rest.description || "",
        category: rest.category || "",
        subcategory: rest.subcategory || "",
        criteria,
        delivery_days: rest.delivery_days,
        budget: dollars(rest.budget),
        ...(files.length ? { files } : {}),
      });
      toast(t("sent_for_approval"));
      navigate(`/requests/${created.id}`);
    },
  });
  return h("section", { class: "page narrow" }, h("h1", {}, t("new_title")), form);
}

/** One request: mine (or any, for an admin) whole; a seller's it is open to as the open list
 * shows it (no status); null when the API says it does not exist for me (404). */
async function fetchRequest(id) {
  try {
    return await get(`/v1/requests/${encodeURIComponent(id)}`);
  } catch (error) {
    if (error.status === 404) return null;
    throw error;
  }
}

async function renderOne({ params }) {
  await requireUser();
  const tree = await categoryTree();
  const request = await fetchRequest(params.id);
  if (!request) {
    return h(
      "section",
      { class: "page" },
      h("h1", {}, t("request_title")),
      h("p", { role: "alert" }, t("not_found")),
      h("p", { class: "row" }, h("a", { href: "#/requests" }, t("back_requests")), h("a", { href: "#/requests/open" }, t("open_requests"))),
    );
  }
  if (!request.status) {
    // a seller's view (R6): what the open list shows, with its offer and decline actions
    const [offerButton, offerPanel] = disclosure(t("send_offer"), () => offerForm(request), { kind: "primary" });
    return h(
      "section",
      { class: "page narrow" },
      h("p", {}, h("a", { href: "#/requests/open" }, t("open_requests"))),
      h("h1", {}, t("request_title")),
      h(
        "article",
        { class: "panel stack open-request" },
        h("p", { class: "request-description" }, request.description),
        requestFacts({ ...request, status: "active" }, tree),
        h("p", { class: "muted" }, t("offers_count", { count: request.offer_count ?? 0 })),
        openActions(request, () => navigate("/requests/open"), offerButton),
        offerPanel,
      ),
    );
  }
  return h(
    "section",
    { class: "page narrow" },
    h("p", {}, h("a", { href: "#/requests" }, t("back_requests"))),
    h("h1", {}, t("request_title")),
    h("article", { class: "panel stack" }, h("p", { class: "request-description" }, request.description), requestFacts(request, tree), h("p", {}, offersLink(request))),
    requestActions(request),
  );
}

function ratingText(offer) {
  return offer.seller_rating != null
    ? t("rating", { rating: Number(offer.seller_rating).toFixed(1), count: offer.seller_review_count })
    : t("no_reviews");
}

async function renderOffers({ params, query }) {
  await requireUser();
  const sort = SORTS.includes(query.sort) ? query.sort : "date";
  const answer = await get(`/v1/requests/${params.id}/offers`, { sort });
  const sortSelect = field({
    label: t("sort"),
    name: "sort",
    type: "select",
    value: sort,
    options: SORTS.map((s) => ({ value: s, label: t(`sort.${s}`) })),
  });
  const sortForm = h(
    "form",
    {
      class: "row offer-sort",
      "aria-label": t("sort_form"),
      onSubmit: (event) => {
        event.preventDefault();
        navigate(`/requests/${params.id}/offers?sort=${sortSelect.querySelector("select").value}`);
      },
    },
    sortSelect,
    h("button", { type: "submit", class: "button" }, t("apply_sort")),
  );
  const cards = answer.results.map((offer) => {
    const errorBox = alertBox();
    const [orderButton, orderPanel] = disclosure(
      t("order_now"),
      () =>
        payForm({
          label: t("order_form", { seller: offer.seller }),
          price: offer.price,
          order: (paymentMethodId, key) =>
            post(`/v1/offers/${offer.id}/order`, { payment_method_id: paymentMethodId }, { idempotency: key }),
        }),
      { kind: "primary" },
    );
    return h(
      "li",
      { class: "card offer-card", "aria-label": t("offer_by", { seller: offer.seller }) },
      h("h2", {}, t("offer_by", { seller: "" }), h("a", { href: `#/sellers/${offer.seller}` }, offer.seller)),
      h("p", { class: "muted" }, t("seller_level", { level: offer.seller_level || "new" }), " · ", ratingText(offer)),
      h("p", { class: "price" }, t("price", { price: money(offer.price) })),
      h("p", { class: "muted" }, daysText(offer.delivery_days), " · ", t("revisions", { count: offer.revisions }), " · ", when(offer.created_at)),
      h("p", { class: "offer-description" }, offer.description),
      h(
        "div",
        { class: "row" },
        orderButton,
        h("a", { class: "button", href: `#/inbox/new?with=${encodeURIComponent(offer.seller)}` }, t("contact", { seller: offer.seller })),
        actionButton(
          t("remove"),
          async () => {
            await del(`/v1/requests/${params.id}/offers/${offer.id}`);
            toast(t("removed"));
            refresh();
          },
          { errorBox },
        ),
      ),
      errorBox,
      orderPanel,
    );
  });
  return h(
    "section",
    { class: "page" },
    h("p", {}, h("a", { href: `#/requests/${params.id}` }, t("request_title")), " · ", h("a", { href: "#/requests" }, t("back_requests"))),
    h("h1", {}, t("offers_title")),
    h("p", { class: "muted" }, t("offers_count", { count: answer.offer_count ?? answer.results.length })),
    sortForm,
    cards.length ? h("ul", { class: "list offer-list" }, cards) : h("p", { class: "muted" }, t("no_offers")),
  );
}

// ---------------------------------------------------------------- seller's open requests

function offerForm(request) {
  return apiForm({
    label: t("offer_form"),
    fields: [
      field({ label: t("offer_price"), name: "price", type: "number", attrs: { min: 1, step: "0.01" } }),
      field({ label: t("offer_days"), name: "delivery_days", type: "number", value: request.delivery_days, attrs: { min: 1, max: 90 } }),
      field({ label: t("offer_revisions"), name: "revisions", type: "number", value: 1, attrs: { min: 0, max: 20 } }),
      field({ label: t("offer_description"), name: "description", type: "textarea", attrs: { maxlength: 1500 } }),
    ],
    submit: t("send_offer"),
    action: async (values) => {
      await post(`/v1/requests/${request.id}/offers`, {
        price: dollars(values.price),
        delivery_days: values.delivery_days,
        revisions: values.revisions,
        description: values.description || "",
      });
      toast(t("offer_sent"));
      refresh();
    },
  });
}

function openActions(request, afterDecline, offerButton) {
  return h(
    "div",
    { class: "row" },
    offerButton,
    confirmed(t("decline"), t("decline_confirm"), async () => {
      await post(`/v1/requests/${request.id}/decline`);
      toast(t("declined"));
      afterDecline();
    }),
  );
}

async function renderOpen() {
  await requireUser();
  const tree = await categoryTree();
  const list = h("ul", { class: "list request-list" });
  const more = h("div");
  const load = async (cursor) => {
    const page = await get("/v1/requests/open", { cursor, limit: 20 });
    list.append(
      ...page.results.map((request) => {
        const [offerButton, offerPanel] = disclosure(t("send_offer"), () => offerForm(request), { kind: "primary" });
        return h(
          "li",
          { class: "card request-card open-request" },
          h("h2", {}, h("a", { href: `#/requests/${request.id}` }, categoryName(tree, request.category, request.subcategory))),
          h("p", { class: "request-description" }, request.description),
          requestFacts({ ...request, status: "active" }, tree),
          h("p", { class: "muted" }, t("offers_count", { count: request.offer_count ?? 0 })),
          openActions(request, refresh, offerButton),
          offerPanel,
        );
      }),
    );
    more.replaceChildren(page.next_cursor ? actionButton(t("load_more"), () => load(page.next_cursor)) : "");
    return page;
  };
  const first = await load();
  return h(
    "section",
    { class: "page requests-page" },
    h("div", { class: "row page-head" }, h("h1", {}, t("open_requests")), h("a", { href: "#/requests" }, t("my_requests"))),
    first.results.length ? list : h("p", { class: "muted" }, t("no_open")),
    more,
  );
}

export const routes = [
  { path: "/requests", render: renderMine },
  { path: "/requests/new", render: renderNew },
  { path: "/requests/open", render: renderOpen },
  { path: "/requests/:id", render: renderOne },
  { path: "/requests/:id/offers", render: renderOffers },
];
