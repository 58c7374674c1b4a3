// Ordering a service (O1, P2): a package, extras, a card (a saved one or a new one), then
// POST /v1/orders with ONE Idempotency-Key made when this page renders, so a retry (a
// declined card, a lost answer) never makes a second order. The sum shown is for the
// eye only: the fee and what is charged are the API's, shown on the order's page.
import { get, idempotencyKey, post } from "../api.js";
import { h, uid } from "../dom.js";
import { apiForm } from "../forms.js";
import { money, translator } from "../i18n.js";
import { navigate } from "../router.js";
import { requireUser } from "../session.js";
import { revisionsText, tierName } from "./gig.js";

const t = translator({
  en: {
    title: "Order: {title}",
    order_form: "Order this service",
    package: "Package",
    package_option: "{tier}: {price}, {days}-day delivery, {revisions}",
    extras: "Extras",
    extra_option: "{name} (+{price})",
    extra_days: ", +{days} days",
    card: "Payment card",
    saved_card: "{brand} ending in {last4}",
    default: " (default)",
    new_card: "A new card",
    card_number: "Card number",
    card_hint: "16 digits. Sandbox: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined.",
    total: "Subtotal",
    total_note: "The service fee is added when you pay; the order shows what was charged.",
    place_order: "Place the order",
    declined_hint: "Choose another card or enter a new one, then place the order again.",
    back: "Back to the service",
    paused: "This service takes no order at the moment.",
  },
  fr: {
    title: "Commander : {title}",
    order_form: "Commander ce service",
    package: "Formule",
    package_option: "{tier} : {price}, livraison en {days} jours, {revisions}",
    extras: "Options",
    extra_option: "{name} (+{price})",
    extra_days: ", +{days} jours",
    card: "Carte de paiement",
    saved_card: "{brand} se terminant par {last4}",
    default: " (par défaut)",
    new_card: "Une nouvelle carte",
    card_number: "Numéro de carte",
    card_hint: "16 chiffres. Bac à sable : 4242 4242 4242 4242 est acceptée, 4000 0000 0000 0002 est refusée.",
    total: "Sous-total",
    total_note: "Les frais de service s'ajoutent au paiement ; la commande indique le montant débité.",
    place_order: "Passer la commande",
    declined_hint: "Choisissez une autre carte ou saisissez-en une nouvelle, puis repassez la commande.",
    back: "Retour au service",
    paused: "Ce service ne prend pas de commande pour l'instant.",
  },
});

const NEW = "new";

function radio({ name, value, checked, label, describedBy }) {
  const id = uid(name);
  return h(
    "div",
    { class: "field field-check" },
    h("input", { type: "radio", id, name, value, checked, "aria-describedby": describedBy }),
    h("label", { for: id }, label),
  );
}

function brand(name) {
  return name ? name.charAt(0).toUpperCase() + name.slice(1) : "";
}

function cardLabel(card) {
  return t("saved_card", { brand: brand(card.brand), last4: card.last4 }) + (card.is_default ? t("default") : "");
}

async function checkoutPage({ params, query }) {
  await requireUser();
  const gigId = params.id;
  const [gig, cards] = await Promise.all([get(`/v1/gigs/${encodeURIComponent(gigId)}`), get("/v1/me/payment-methods")]);
  // one intention, one key: every retry of this order (another card, a lost answer) reuses it
  const key = idempotencyKey();
  const chosenTier = gig.packages.some((p) => p.tier === query.package) ? query.package : gig.packages[0].tier;
  const saved = cards.results || [];
  const defaultCard = saved.find((card) => card.is_default) || saved[0];

  const packages = h(
    "fieldset",
    { class: "packages-choice" },
    h("legend", {}, t("package")),
    gig.packages.map((pack) =>
      radio({
        name: "package",
        value: pack.tier,
        checked: pack.tier === chosenTier,
        label: t("package_option", { tier: tierName(pack.tier), price: money(pack.price), days: pack.delivery_days, revisions: revisionsText(pack.revisions).toLowerCase() }),
      }),
    ),
  );

  const extras =
    gig.extras?.length > 0 &&
    h(
      "fieldset",
      { class: "extras-choice" },
      h("legend", {}, t("extras")),
      gig.extras.map((extra, index) => {
        const id = uid("extra");
        return h(
          "div",
          { class: "field field-check" },
          h("input", { type: "checkbox", id, name: `extra-${index}`, dataset: { extra: extra.name } }),
          h(
            "label",
            { for: id },
            t("extra_option", { name: extra.name, price: money(extra.price) }),
            extra.delivery_days ? t("extra_days", { days: extra.delivery_days }) : "",
          ),
        );
      }),
    );

  const cardList = h(
    "div",
    { class: "saved-cards" },
    saved.map((card) => radio({ name: "payment_method_id", value: card.id, checked: card === defaultCard, label: cardLabel(card) })),
  );
  const numberId = uid("card_number");
  const number = h("input", {
    id: numberId,
    name: "card_number",
    type: "text",
    inputmode: "numeric",
    autocomplete: "cc-number",
    "aria-describedby": `${numberId}-hint ${numberId}-error`,
  });
  const newCard = radio({ name: "payment_method_id", value: NEW, checked: !defaultCard, label: t("new_card") });
  const cardBox = h(
    "fieldset",
    { class: "card-choice" },
    h("legend", {}, t("card")),
    cardList,
    newCard,
    h(
      "div",
      { class: "field new-card" },
      h("label", { for: numberId }, t("card_number")),
      number,
      h("p", { class: "hint", id: `${numberId}-hint` }, t("card_hint")),
      h("p", { class: "field-error", id: `${numberId}-error`, hidden: true }),
    ),
  );
  // typing a number means paying with that new card
  number.addEventListener("input", () => {
    newCard.querySelector("input").checked = true;
  });

  const total = h("output", { class: "price", "aria-live": "polite" });
  const hint = h("p", { class: "muted declined-hint", hidden: true }, t("declined_hint"));

  const form = apiForm({
    label: t("order_form"),
    className: "stack checkout-form",
    fields: [
      packages,
      extras,
      cardBox,
      h("p", { class: "total" }, t("total"), " ", total),
      h("p", { class: "muted" }, t("total_note")),
      hint,
    ],
    submit: t("place_order"),
    action: async (values, form) => {
      hint.hidden = true;
      let method = values.payment_method_id;
      if (!method || method === NEW) {
        // a new card first: it joins the saved ones, so a retry does not add it again
        const card = await post("/v1/me/payment-methods", { card_number: number.value.trim() });
        cardList.append(radio({ name: "payment_method_id", value: card.id, checked: true, label: cardLabel(card) }));
        number.value = "";
        method = card.id;
      }
      const chosen = [...form.querySelectorAll("input[data-extra]")].filter((box) => box.checked).map((box) => box.dataset.extra);
      try {
        const order = await post(
          "/v1/orders",
          { gig_id: gig.id, package: values.package, extras: chosen, payment_method_id: method },
          { idempotency: key },
        );
        navigate(`/orders/${encodeURIComponent(order.id)}`);
      } catch (error) {
        if (error && error.code === "payment_failed") hint.hidden = false;
        throw error;
      }
    },
  });

  const update = () => {
    const tier = form.querySelector("input[name=package]:checked")?.value;
    const pack = gig.packages.find((p) => p.tier === tier) || gig.packages[0];
    let amount = pack.price.amount;
    for (const box of form.querySelectorAll("input[data-extra]")) {
      if (box.checked) amount += gig.extras.find((extra) => extra.name === box.dataset.extra)?.price.amount || 0;
    }
    total.textContent = money({ amount, currency: pack.price.currency });
  };
  form.addEventListener("change", update);
  update();

  return h(
    "section",
    { class: "page checkout-page" },
    h("p", {}, h("a", { href: `#/gigs/${encodeURIComponent(gig.id)}` }, t("back"))),
    h("h1", {}, t("title", { title: gig.title })),
    gig.status !== "active" && h("p", { class: "warning", role: "status" }, t("paused")),
    h("div", { class: "panel" }, form),
  );
}

export const routes = [{ path: "/gigs/:id/order", render: checkoutPage }];
