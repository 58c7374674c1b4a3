// Quotes (Q1–Q3): a buyer asks a seller for a quote (from their profile or one of their
// gigs); the seller answers with a custom offer; the buyer declines it or orders it.
import { get, post } from "../api.js";
import { alertBox, field, h, toast } from "../dom.js";
import { actionButton, apiForm } from "../forms.js";
import { money, translator, when } from "../i18n.js";
import { navigate, refresh } from "../router.js";
import { requireUser } from "../session.js";
import {
  categoryFields,
  categoryName,
  categoryTree,
  daysText,
  disclosure,
  dollars,
  payForm,
  splitCriteria,
  uploadFiles,
} from "./requests.js";

const t = translator({
  en: {
    quotes_title: "Quotes",
    tabs: "Quote requests",
    sent: "Requests I sent",
    received: "Requests I received",
    none_sent: "You have not asked for a quote yet. Ask a seller from their profile.",
    none_received: "No buyer has asked you for a quote yet.",
    to_seller: "To {seller}",
    from_buyer: "From a buyer",
    from_named_buyer: "From {buyer}",
    "status.open": "Awaiting an offer",
    "status.sent": "Offer sent",
    "status.ordered": "Ordered",
    "status.declined": "Declined",
    "status.expired": "Expired",
    offers: "{count} custom offers",
    budget: "Budget: {price}",
    no_budget: "No budget given",
    asked: "Asked {date}",
    ask_title: "Ask {seller} for a quote",
    ask_form: "Quote request",
    description: "Describe what you need",
    delivery_days: "Wished delivery time (days)",
    budget_field: "Budget ($, optional)",
    files: "Attachments (optional, up to 10 files of at most 1 GB)",
    ask: "Ask for a quote",
    asked_ok: "Your quote request was sent.",
    quote_title: "Quote request",
    back: "Back to quotes",
    not_found: "This quote request does not exist, or is not yours.",
    attachments: "Attachments",
    custom_offers: "Custom offers",
    no_offer: "No custom offer yet.",
    offer_terms: "{price} · {days} · {revisions} revisions",
    expires: "Valid until {date}",
    order: "Order this offer",
    order_form: "Order the custom offer",
    decline: "Decline",
    declined: "You declined the offer.",
    see_order: "See the order",
    answer: "Answer with a custom offer",
    answer_form: "Custom offer",
    price: "Price ($)",
    offer_days: "Delivery (days)",
    revisions: "Revisions included",
    offer_description: "What the offer includes",
    expires_in: "Valid for (days, optional)",
    send_offer: "Send the custom offer",
    offer_sent: "Your custom offer was sent.",
    conversation: "Write to {name}",
  },
  fr: {
    quotes_title: "Devis",
    tabs: "Demandes de devis",
    sent: "Demandes envoyées",
    received: "Demandes reçues",
    none_sent: "Vous n'avez encore demandé aucun devis. Demandez-en un depuis le profil d'un vendeur.",
    none_received: "Aucun acheteur ne vous a encore demandé de devis.",
    to_seller: "À {seller}",
    from_buyer: "D'un acheteur",
    from_named_buyer: "De {buyer}",
    "status.open": "En attente d'une offre",
    "status.sent": "Offre envoyée",
    "status.ordered": "Commandée",
    "status.declined": "Refusée",
    "status.expired": "Expirée",
    offers: "{count} offres personnalisées",
    budget: "Budget : {price}",
    no_budget: "Pas de budget indiqué",
    asked: "Demandé le {date}",
    ask_title: "Demander un devis à {seller}",
    ask_form: "Demande de devis",
    description: "Décrivez votre besoin",
    delivery_days: "Délai souhaité (jours)",
    budget_field: "Budget ($, facultatif)",
    files: "Pièces jointes (facultatives, jusqu'à 10 fichiers de 1 Go au plus)",
    ask: "Demander un devis",
    asked_ok: "Votre demande de devis est envoyée.",
    quote_title: "Demande de devis",
    back: "Retour aux devis",
    not_found: "Cette demande de devis n'existe pas, ou n'est pas la vôtre.",
    attachments: "Pièces jointes",
    custom_offers: "Offres personnalisées",
    no_offer: "Pas encore d'offre personnalisée.",
    offer_terms: "{price} · {days} · {revisions} révisions",
    expires: "Valable jusqu'au {date}",
    order: "Commander cette offre",
    order_form: "Commander l'offre personnalisée",
    decline: "Refuser",
    declined: "Vous avez refusé l'offre.",
    see_order: "Voir la commande",
    answer: "Répondre par une offre personnalisée",
    answer_form: "Offre personnalisée",
    price: "Prix ($)",
    offer_days: "Livraison (jours)",
    revisions: "Révisions incluses",
    offer_description: "Ce que comprend l'offre",
    expires_in: "Valable pendant (jours, facultatif)",
    send_offer: "Envoyer l'offre personnalisée",
    offer_sent: "Votre offre personnalisée est envoyée.",
    conversation: "Écrire à {name}",
  },
});

const fromBuyer = (quote) => (quote.buyer ? t("from_named_buyer", { buyer: quote.buyer }) : t("from_buyer"));

const status = (value) => h("span", { class: ["status", `status-${value}`] }, t(`status.${value}`));

async function renderList({ query }) {
  await requireUser();
  const tree = await categoryTree();
  const role = query.role === "seller" ? "seller" : "buyer";
  const page = await get("/v1/quote-requests", { role, limit: 50 });
  const items = page.results.map((quote) =>
    h(
      "li",
      { class: "card quote-card" },
      h(
        "h2",
        {},
        h("a", { href: `#/quote-requests/${quote.id}` }, categoryName(tree, quote.category, quote.subcategory)),
      ),
      h(
        "p",
        { class: "row" },
        status(quote.status),
        h("span", {}, role === "buyer" ? t("to_seller", { seller: quote.seller }) : fromBuyer(quote)),
        h("span", { class: "muted" }, t("offers", { count: quote.custom_offers.length })),
      ),
      h("p", { class: "request-description" }, quote.description),
      h("p", { class: "muted" }, t("asked", { date: when(quote.created_at) })),
    ),
  );
  return h(
    "section",
    { class: "page" },
    h("h1", {}, t("quotes_title")),
    h(
      "nav",
      { class: "tabs", "aria-label": t("tabs") },
      h("a", { href: "#/quotes?role=buyer", "aria-current": role === "buyer" ? "page" : null }, t("sent")),
      h("a", { href: "#/quotes?role=seller", "aria-current": role === "seller" ? "page" : null }, t("received")),
    ),
    items.length
      ? h("ul", { class: "list quote-list" }, items)
      : h("p", { class: "muted" }, role === "buyer" ? t("none_sent") : t("none_received")),
  );
}

async function renderAsk({ params, query }) {
  await requireUser();
  const tree = await categoryTree();
  let preset = {};
  if (query.gig_id) {
    const gig = await get(`/v1/gigs/${encodeURIComponent(query.gig_id)}`).catch(() => null);
    if (gig) preset = { category: gig.category, subcategory: gig.subcategory };
  }
  const form = apiForm({
    label: t("ask_form"),
    fields: [
      field({ label: t("description"), name: "description", type: "textarea", attrs: { maxlength: 2500 } }),
      categoryFields(tree, preset),
      field({ label: t("delivery_days"), name: "delivery_days", type: "number", attrs: { min: 1, max: 90 } }),
      field({ label: t("budget_field"), name: "budget", type: "number", attrs: { min: 1, step: "0.01" } }),
      field({ label: t("files"), name: "files", type: "file", attrs: { multiple: true } }),
    ],
    submit: t("ask"),
    action: async (values, formNode) => {
      const { criteria, rest } = splitCriteria(values);
      const files = await uploadFiles(formNode, "quote_attachment");
      const created = await post(`/v1/sellers/${encodeURIComponent(params.username)}/quote-requests`, {
        description: rest.description || "",
        category: rest.category || "",
        subcategory: rest.subcategory || "",
        criteria,
        delivery_days: rest.delivery_days,
        budget: dollars(rest.budget) || null,
        files,
      });
      toast(t("asked_ok"));
      navigate(`/quote-requests/${created.id}`);
    },
  });
  return h(
    "section",
    { class: "page narrow" },
    h("p", {}, h("a", { href: `#/sellers/${encodeURIComponent(params.username)}` }, params.username)),
    h("h1", {}, t("ask_title", { seller: params.username })),
    form,
  );
}

/** A quote request I sent or received; null when the API says it does not exist for me. */
async function fetchQuote(id) {
  try {
    return await get(`/v1/quote-requests/${encodeURIComponent(id)}`);
  } catch (error) {
    if (error.status === 404) return null;
    throw error;
  }
}

function answerForm(quote) {
  return apiForm({
    label: t("answer_form"),
    fields: [
      field({ label: t("price"), name: "price", type: "number", attrs: { min: 1, step: "0.01" } }),
      field({ label: t("offer_days"), name: "delivery_days", type: "number", value: quote.delivery_days, attrs: { min: 1, max: 90 } }),
      field({ label: t("revisions"), name: "revisions", type: "number", value: 1, attrs: { min: 0, max: 20 } }),
      field({ label: t("offer_description"), name: "description", type: "textarea", attrs: { maxlength: 1500 } }),
      field({ label: t("expires_in"), name: "expires_in_days", type: "number", attrs: { min: 1, max: 30 } }),
    ],
    submit: t("send_offer"),
    action: async (values) => {
      await post(`/v1/quote-requests/${quote.id}/custom-offers`, {
        price: dollars(values.price),
        delivery_days: values.delivery_days,
        revisions: values.revisions,
        description: values.description || "",
        ...(values.expires_in_days ? { expires_in_days: values.expires_in_days } : {}),
      });
      toast(t("offer_sent"));
      refresh();
    },
  });
}

function offerCard(offer, isBuyer) {
  const errorBox = alertBox();
  const actions = [];
  if (isBuyer && offer.status === "sent") {
    const [orderButton, orderPanel] = disclosure(
      t("order"),
      () =>
        payForm({
          label: t("order_form"),
          price: offer.price,
          order: (paymentMethodId, key) =>
            post(`/v1/custom-offers/${offer.id}/order`, { payment_method_id: paymentMethodId }, { idempotency: key }),
        }),
      { kind: "primary" },
    );
    actions.push(
      h(
        "div",
        { class: "row" },
        orderButton,
        actionButton(
          t("decline"),
          async () => {
            await post(`/v1/custom-offers/${offer.id}/decline`);
            toast(t("declined"));
            refresh();
          },
          { kind: "danger", errorBox },
        ),
      ),
      errorBox,
      orderPanel,
    );
  }
  return h(
    "li",
    { class: "card offer-card" },
    h(
      "p",
      { class: "row" },
      status(offer.status),
      h(
        "span",
        { class: "price" },
        t("offer_terms", { price: money(offer.price), days: daysText(offer.delivery_days), revisions: offer.revisions }),
      ),
    ),
    offer.description && h("p", { class: "offer-description" }, offer.description),
    h("p", { class: "muted" }, when(offer.created_at), offer.expires_at && [" · ", t("expires", { date: when(offer.expires_at) })]),
    offer.order_id && h("p", {}, h("a", { href: `#/orders/${offer.order_id}` }, t("see_order"))),
    actions,
  );
}

async function renderQuote({ params }) {
  const user = await requireUser();
  const tree = await categoryTree();
  const quote = await fetchQuote(params.id);
  if (!quote) {
    return h(
      "section",
      { class: "page" },
      h("h1", {}, t("quote_title")),
      h("p", { role: "alert" }, t("not_found")),
      h("a", { href: "#/quotes" }, t("back")),
    );
  }
  const isBuyer = quote.buyer_id === user.id;
  const isSeller = quote.seller_id === user.id;
  const [answerButton, answerPanel] = isSeller && quote.status !== "ordered"
    ? disclosure(t("answer"), () => answerForm(quote), { kind: "primary" })
    : [null, null];
  return h(
    "section",
    { class: "page" },
    h("p", {}, h("a", { href: `#/quotes?role=${isSeller ? "seller" : "buyer"}` }, t("back"))),
    h("h1", {}, t("quote_title")),
    h(
      "article",
      { class: "panel stack" },
      h(
        "p",
        { class: "row" },
        status(quote.status),
        h("span", {}, isBuyer ? t("to_seller", { seller: quote.seller }) : fromBuyer(quote)),
        h("span", { class: "muted" }, categoryName(tree, quote.category, quote.subcategory)),
      ),
      h("p", { class: "request-description" }, quote.description),
      Object.keys(quote.criteria || {}).length > 0 &&
        h("ul", { class: "chips" }, Object.entries(quote.criteria).map(([k, v]) => h("li", { class: "chip" }, `${k}: ${v}`))),
      h(
        "p",
        { class: "muted" },
        daysText(quote.delivery_days),
        " · ",
        quote.budget ? t("budget", { price: money(quote.budget) }) : t("no_budget"),
        " · ",
        t("asked", { date: when(quote.created_at) }),
      ),
      quote.attachments?.length > 0 && [
        h("h2", {}, t("attachments")),
        h("ul", {}, quote.attachments.map((file) => h("li", {}, file.name))),
      ],
      isBuyer &&
        h("p", {}, h("a", { href: `#/inbox/new?with=${encodeURIComponent(quote.seller)}` }, t("conversation", { name: quote.seller }))),
      // M1: a quote request counts as the buyer writing first, so the seller may answer
      isSeller &&
        quote.buyer &&
        h("p", {}, h("a", { href: `#/inbox/new?with=${encodeURIComponent(quote.buyer)}` }, t("conversation", { name: quote.buyer }))),
    ),
    h("h2", {}, t("custom_offers")),
    quote.custom_offers.length
      ? h("ul", { class: "list" }, quote.custom_offers.map((offer) => offerCard(offer, isBuyer)))
      : h("p", { class: "muted" }, t("no_offer")),
    answerButton,
    answerPanel,
  );
}

export const routes = [
  { path: "/quotes", render: renderList },
  { path: "/sellers/:username/quote", render: renderAsk },
  { path: "/quote-requests/:id", render: renderQuote },
];
