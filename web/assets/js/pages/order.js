// The order page (O14, O15): its terms, time left, timeline, requirements, deliveries,
// requests, reviews, tip and messages; and ONLY the actions the API's `allowed_actions`
// names for the caller, each a form or a button. Every rule is the API's: a refused
// action shows its error where the user acted, a successful one renders the page again.
import { get, idempotencyKey, post, token, upload } from "../api.js";
import { alertBox, field, h, toast, uid } from "../dom.js";
import { actionButton, apiForm } from "../forms.js";
import { errorText, money, relative, translator, when } from "../i18n.js";
import { refresh } from "../router.js";
import { me, requireUser } from "../session.js";
import { starButton, statusBadge } from "./orders.js";

const t = translator({
  en: {
    order: "Order",
    back: "All my orders",
    summary: "Summary",
    status: "Status",
    price: "Price",
    buyer: "Buyer",
    seller: "Seller",
    package: "Package",
    extras: "Extras",
    none_extras: "No extras",
    created: "Ordered",
    started: "Started",
    due: "Due",
    not_started: "Not started yet",
    time_left: "Time left",
    late_by: "Late: due {ago}",
    due_in: "Due {in}",
    review_ends: "Review period ends",
    completed_at: "Completed",
    cancelled_at: "Cancelled",
    cancellation_reason: "Reason",
    revisions: "Revisions",
    revisions_count: "{used} used of {included}",
    delivery_days: "Delivery time",
    days: "{count} days",
    earnings: "Your earnings",
    star_label: "Star this order",
    actions: "What you can do",
    no_actions: "Nothing to do on this order for now.",
    requirements: "Requirements",
    no_requirements: "No requirements yet.",
    requirements_text: "Your requirements",
    submit_requirements: "Send the requirements",
    skip_requirements: "Start without requirements",
    remind_requirements: "Remind the buyer",
    reminded: "The buyer was reminded.",
    deliver_title: "Deliver your work",
    deliver_message: "Message to the buyer",
    deliver_files: "Files",
    deliver_files_hint: "Choose one file or more.",
    confirm_no_files: "I deliver without any file",
    as_draft: "Save as a draft (not sent yet)",
    deliver: "Deliver",
    deliveries: "Deliveries",
    no_deliveries: "Nothing delivered yet.",
    draft: "Draft",
    delivered_on: "Delivered {at}",
    saved_on: "Saved {at}",
    send_draft: "Send this draft",
    download: "Download {name}",
    accept: "Accept the delivery",
    revision_title: "Ask for a revision",
    revision_description: "What should change?",
    ask_revision: "Ask for a revision",
    extend_review_title: "Extend the review period",
    extend_days: "Days (1 to 5)",
    extend_review: "Extend",
    request_extension_title: "Ask for more time",
    extension_days: "More days",
    extension_message: "Why?",
    request_extension: "Ask for an extension",
    extension_requests: "Extension requests",
    extension_item: "{days} more days: {message}",
    accept_extension: "Accept the extension",
    decline_extension: "Decline the extension",
    answer_by: "Answer by {at}",
    add_time_title: "Add time",
    add_time_days: "Days to add",
    note: "Note (optional)",
    add_time: "Add the time",
    offer_extra_title: "Offer a paid extra",
    extra_description: "What the extra is",
    extra_price: "Price ($)",
    extra_days: "Days it adds",
    offer_extra: "Offer the extra",
    extra_offers: "Extra offers",
    extra_item: "{description}: {price}, {days} more days",
    accept_extra: "Pay for and add this extra",
    decline_extra: "Decline this extra",
    cancellation_title: "Ask to cancel the order",
    cancellation_reason_field: "Reason",
    explanation: "Explanation",
    open_cancellation: "Ask to cancel",
    cancellation_requests: "Cancellation requests",
    cancellation_item: "Asked by the {who}: {reason}. {explanation}",
    accept_cancellation: "Accept the cancellation",
    decline_cancellation: "Decline the cancellation",
    withdraw_cancellation: "Withdraw my request",
    cancel_very_late_title: "Cancel this very late order",
    cancel_very_late: "Cancel the order",
    explanation_optional: "Explanation (optional)",
    "reason.buyer_not_responsive": "The buyer is not responding",
    "reason.seller_not_responsive": "The seller is not responding",
    "reason.work_not_as_described": "The work is not as described",
    "reason.order_placed_by_mistake": "The order was placed by mistake",
    "reason.cannot_complete": "The order cannot be completed",
    "reason.mutual_agreement": "Mutual agreement",
    "reason.other": "Other",
    "state.open": "open",
    "state.accepted": "accepted",
    "state.declined": "declined",
    "state.withdrawn": "withdrawn",
    "state.expired": "expired",
    timeline: "Timeline",
    reviews: "Reviews",
    no_reviews: "No review yet.",
    buyer_review: "The buyer's review",
    seller_review: "The seller's review",
    communication: "Communication with the seller",
    service_as_described: "Service as described",
    recommend: "Would recommend",
    rating: "Rating of the buyer",
    score: "{score} out of 5",
    review_text: "Your review",
    review_title: "Review this order",
    send_review: "Publish the review",
    review_window: "You may review until {at}.",
    private_feedback_title: "Private feedback",
    private_feedback_hint: "Only the marketplace reads it: never the seller or other buyers.",
    private_feedback_text: "Your private feedback",
    send_private_feedback: "Send the private feedback",
    your_private_feedback: "Your private feedback: {text}",
    tip_title: "Leave a tip",
    tip_amount: "Tip ($)",
    tip_bounds: "From {min} to {max}; suggested: {suggested}.",
    tip_message: "Message to the seller (optional)",
    send_tip: "Send the tip",
    tipped: "You tipped {amount}.",
    tip_window: "You may tip until {at}.",
    messages: "Messages",
    no_messages: "No message yet.",
    message_text: "Your message",
    message_files: "Attachments (optional)",
    send_message: "Send the message",
    sent: "Done.",
    "who.buyer": "buyer",
    "who.seller": "seller",
    "who.system": "marketplace",
    "who.admin": "support",
    "action.place": "Order placed",
    "action.place_order": "Order placed",
    "action.submit_requirements": "Requirements sent",
    "action.skip_requirements": "Started without requirements",
    "action.remind_requirements": "Buyer reminded of the requirements",
    "action.save_draft": "Draft saved",
    "action.deliver": "Delivered",
    "action.request_revision": "Revision asked",
    "action.extend_review_period": "Review period extended",
    "action.complete_automatically": "Completed automatically",
    "action.accept_delivery": "Delivery accepted",
    "action.request_extension": "Extension asked",
    "action.accept_extension": "Extension accepted",
    "action.decline_extension": "Extension declined",
    "action.extension_unanswered": "Extension unanswered",
    "action.add_time": "Time added",
    "action.offer_extra": "Extra offered",
    "action.accept_extra": "Extra accepted",
    "action.decline_extra": "Extra declined",
    "action.fall_due": "Now late",
    "action.become_very_late": "Now very late",
    "action.cancel_very_late": "Cancelled for lateness",
    "action.open_cancellation": "Cancellation asked",
    "action.accept_cancellation": "Cancellation accepted",
    "action.decline_cancellation": "Cancellation declined",
    "action.withdraw_cancellation": "Cancellation withdrawn",
    "action.cancellation_unanswered": "Cancelled: the request was unanswered",
    "action.support_cancel": "Cancelled by support",
    by_who: "by the {who}",
    "package.basic": "Basic",
    "package.standard": "Standard",
    "package.premium": "Premium",
  },
  fr: {
    order: "Commande",
    back: "Toutes mes commandes",
    summary: "Résumé",
    status: "Statut",
    price: "Prix",
    buyer: "Acheteur",
    seller: "Vendeur",
    package: "Formule",
    extras: "Options",
    none_extras: "Aucune option",
    created: "Commandée",
    started: "Commencée",
    due: "Échéance",
    not_started: "Pas encore commencée",
    time_left: "Temps restant",
    late_by: "En retard : échéance {ago}",
    due_in: "Échéance {in}",
    review_ends: "Fin de la période de validation",
    completed_at: "Terminée",
    cancelled_at: "Annulée",
    cancellation_reason: "Motif",
    revisions: "Retouches",
    revisions_count: "{used} utilisées sur {included}",
    delivery_days: "Délai de livraison",
    days: "{count} jours",
    earnings: "Vos gains",
    star_label: "Mettre cette commande en favori",
    actions: "Ce que vous pouvez faire",
    no_actions: "Rien à faire sur cette commande pour l'instant.",
    requirements: "Consignes",
    no_requirements: "Pas encore de consignes.",
    requirements_text: "Vos consignes",
    submit_requirements: "Envoyer les consignes",
    skip_requirements: "Commencer sans consignes",
    remind_requirements: "Relancer l'acheteur",
    reminded: "L'acheteur a été relancé.",
    deliver_title: "Livrer votre travail",
    deliver_message: "Message à l'acheteur",
    deliver_files: "Fichiers",
    deliver_files_hint: "Choisissez un fichier ou plus.",
    confirm_no_files: "Je livre sans aucun fichier",
    as_draft: "Enregistrer comme brouillon (pas encore envoyé)",
    deliver: "Livrer",
    deliveries: "Livraisons",
    no_deliveries: "Rien de livré pour l'instant.",
    draft: "Brouillon",
    delivered_on: "Livré {at}",
    saved_on: "Enregistré {at}",
    send_draft: "Envoyer ce brouillon",
    download: "Télécharger {name}",
    accept: "Accepter la livraison",
    revision_title: "Demander une retouche",
    revision_description: "Que faut-il changer ?",
    ask_revision: "Demander une retouche",
    extend_review_title: "Prolonger la période de validation",
    extend_days: "Jours (1 à 5)",
    extend_review: "Prolonger",
    request_extension_title: "Demander plus de temps",
    extension_days: "Jours supplémentaires",
    extension_message: "Pourquoi ?",
    request_extension: "Demander un délai",
    extension_requests: "Demandes de délai",
    extension_item: "{days} jours de plus : {message}",
    accept_extension: "Accepter le délai",
    decline_extension: "Refuser le délai",
    answer_by: "Réponse attendue avant {at}",
    add_time_title: "Ajouter du temps",
    add_time_days: "Jours à ajouter",
    note: "Note (facultative)",
    add_time: "Ajouter le temps",
    offer_extra_title: "Proposer une option payante",
    extra_description: "En quoi consiste l'option",
    extra_price: "Prix ($)",
    extra_days: "Jours ajoutés",
    offer_extra: "Proposer l'option",
    extra_offers: "Options proposées",
    extra_item: "{description} : {price}, {days} jours de plus",
    accept_extra: "Payer et ajouter cette option",
    decline_extra: "Refuser cette option",
    cancellation_title: "Demander l'annulation de la commande",
    cancellation_reason_field: "Motif",
    explanation: "Explication",
    open_cancellation: "Demander l'annulation",
    cancellation_requests: "Demandes d'annulation",
    cancellation_item: "Demandée par le {who} : {reason}. {explanation}",
    accept_cancellation: "Accepter l'annulation",
    decline_cancellation: "Refuser l'annulation",
    withdraw_cancellation: "Retirer ma demande",
    cancel_very_late_title: "Annuler cette commande très en retard",
    cancel_very_late: "Annuler la commande",
    explanation_optional: "Explication (facultative)",
    "reason.buyer_not_responsive": "L'acheteur ne répond pas",
    "reason.seller_not_responsive": "Le vendeur ne répond pas",
    "reason.work_not_as_described": "Le travail n'est pas conforme",
    "reason.order_placed_by_mistake": "Commande passée par erreur",
    "reason.cannot_complete": "La commande ne peut pas être terminée",
    "reason.mutual_agreement": "Accord mutuel",
    "reason.other": "Autre",
    "state.open": "ouverte",
    "state.accepted": "acceptée",
    "state.declined": "refusée",
    "state.withdrawn": "retirée",
    "state.expired": "expirée",
    timeline: "Historique",
    reviews: "Avis",
    no_reviews: "Pas encore d'avis.",
    buyer_review: "L'avis de l'acheteur",
    seller_review: "L'avis du vendeur",
    communication: "Communication avec le vendeur",
    service_as_described: "Service conforme à la description",
    recommend: "Recommanderait",
    rating: "Note de l'acheteur",
    score: "{score} sur 5",
    review_text: "Votre avis",
    review_title: "Donner votre avis",
    send_review: "Publier l'avis",
    review_window: "Vous pouvez donner votre avis jusqu'au {at}.",
    private_feedback_title: "Retour privé",
    private_feedback_hint: "Seule la plateforme le lit : jamais le vendeur ni les autres acheteurs.",
    private_feedback_text: "Votre retour privé",
    send_private_feedback: "Envoyer le retour privé",
    your_private_feedback: "Votre retour privé : {text}",
    tip_title: "Laisser un pourboire",
    tip_amount: "Pourboire ($)",
    tip_bounds: "De {min} à {max} ; suggestions : {suggested}.",
    tip_message: "Message au vendeur (facultatif)",
    send_tip: "Envoyer le pourboire",
    tipped: "Vous avez donné un pourboire de {amount}.",
    tip_window: "Vous pouvez donner un pourboire jusqu'au {at}.",
    messages: "Messages",
    no_messages: "Pas encore de message.",
    message_text: "Votre message",
    message_files: "Pièces jointes (facultatives)",
    send_message: "Envoyer le message",
    sent: "C'est fait.",
    "who.buyer": "acheteur",
    "who.seller": "vendeur",
    "who.system": "plateforme",
    "who.admin": "support",
    "action.place": "Commande passée",
    "action.place_order": "Commande passée",
    "action.submit_requirements": "Consignes envoyées",
    "action.skip_requirements": "Commencée sans consignes",
    "action.remind_requirements": "Acheteur relancé pour les consignes",
    "action.save_draft": "Brouillon enregistré",
    "action.deliver": "Livrée",
    "action.request_revision": "Retouche demandée",
    "action.extend_review_period": "Période de validation prolongée",
    "action.complete_automatically": "Terminée automatiquement",
    "action.accept_delivery": "Livraison acceptée",
    "action.request_extension": "Délai demandé",
    "action.accept_extension": "Délai accepté",
    "action.decline_extension": "Délai refusé",
    "action.extension_unanswered": "Délai sans réponse",
    "action.add_time": "Temps ajouté",
    "action.offer_extra": "Option proposée",
    "action.accept_extra": "Option acceptée",
    "action.decline_extra": "Option refusée",
    "action.fall_due": "En retard",
    "action.become_very_late": "Très en retard",
    "action.cancel_very_late": "Annulée pour retard",
    "action.open_cancellation": "Annulation demandée",
    "action.accept_cancellation": "Annulation acceptée",
    "action.decline_cancellation": "Annulation refusée",
    "action.withdraw_cancellation": "Annulation retirée",
    "action.cancellation_unanswered": "Annulée : demande sans réponse",
    "action.support_cancel": "Annulée par le support",
    by_who: "par le {who}",
    "package.basic": "Basique",
    "package.standard": "Standard",
    "package.premium": "Premium",
  },
});

const REASONS = [
  "buyer_not_responsive",
  "seller_not_responsive",
  "work_not_as_described",
  "order_placed_by_mistake",
  "cannot_complete",
  "mutual_agreement",
  "other",
];

/** A translated word, or the API's own name made readable when there is none. */
function word(prefix, name) {
  const key = `${prefix}.${name}`;
  const text = t(key);
  return text === key ? String(name).replaceAll("_", " ") : text;
}

const dollars = (value, currency) => ({ amount: Math.round(Number(value) * 100), currency: currency || "USD" });

/** A file behind an authenticated download route: fetched with the token, then saved. */
function downloadLink(path, name) {
  return h(
    "a",
    {
      href: path,
      class: "download",
      download: name,
      "aria-label": t("download", { name }),
      onClick: async (event) => {
        event.preventDefault();
        try {
          const response = await fetch(path, { headers: { Authorization: `Bearer ${token()}` } });
          if (!response.ok) {
            const body = await response.json().catch(() => null);
            throw Object.assign(new Error("download"), { code: body?.error?.code || "network", message: body?.error?.message || "" });
          }
          const url = URL.createObjectURL(await response.blob());
          const a = h("a", { href: url, download: name, hidden: true });
          document.body.append(a);
          a.click();
          a.remove();
          setTimeout(() => URL.revokeObjectURL(url), 10_000);
        } catch (error) {
          toast(errorText(error));
        }
      },
    },
    name,
  );
}

function fileInput(label, name, hint) {
  return field({ label, name, type: "file", hint, attrs: { multiple: true } });
}

async function uploadAll(form, name, use) {
  const input = form.elements.namedItem(name);
  const ids = [];
  for (const file of input?.files || []) ids.push(await upload(file, use));
  return ids;
}

/** A titled action form (apiForm) in its own panel. */
function actionForm(title, options) {
  return h("section", { class: "action panel" }, h("h3", {}, title), apiForm({ label: title, ...options }));
}

/** A score from 1 to 5 as an accessible radio group. */
function scoreGroup(name, legend) {
  const id = uid(name);
  return h(
    "fieldset",
    { class: "score", id },
    h("legend", {}, legend),
    h(
      "div",
      { class: "row" },
      [1, 2, 3, 4, 5].map((score) => {
        const inputId = `${id}-${score}`;
        return h(
          "span",
          { class: "score-choice" },
          h("input", { type: "radio", name, value: String(score), id: inputId, required: true }),
          h("label", { for: inputId }, h("span", { "aria-hidden": "true" }, String(score)), h("span", { class: "visually-hidden" }, t("score", { score }))),
        );
      }),
    ),
  );
}

function numbers(body, names) {
  for (const name of names) if (body[name] !== undefined) body[name] = Number(body[name]);
  return body;
}

const done = async () => {
  toast(t("sent"));
  await refresh();
};

// --- the actions the API allows (allowed_actions), each a form or a button -------------

function actions(order, role) {
  const allowed = new Set(order.allowed_actions || []);
  const base = `/v1/orders/${order.id}`;
  const errors = alertBox();
  errors.classList.add("action-error");
  const buttons = [];
  const forms = [];
  const button = (name, label, path, kind = "") =>
    buttons.push(actionButton(label, async () => { await post(path); await done(); }, { kind, errorBox: errors, attrs: { dataset: { action: name } } }));

  if (allowed.has("submit_requirements"))
    forms.push(
      actionForm(t("requirements"), {
        fields: [field({ label: t("requirements_text"), name: "text", type: "textarea" })],
        submit: t("submit_requirements"),
        action: async (values) => { await post(`${base}/requirements`, values); await done(); },
      }),
    );
  if (allowed.has("skip_requirements")) button("skip_requirements", t("skip_requirements"), `${base}/skip-requirements`);
  if (allowed.has("remind_requirements"))
    buttons.push(
      actionButton(t("remind_requirements"), async () => { await post(`${base}/requirement-reminders`); toast(t("reminded")); await refresh(); }, { errorBox: errors }),
    );
  if (allowed.has("accept_delivery")) button("accept_delivery", t("accept"), `${base}/acceptance`, "primary");
  if (allowed.has("deliver") || allowed.has("save_draft"))
    forms.push(
      actionForm(t("deliver_title"), {
        fields: [
          field({ label: t("deliver_message"), name: "message", type: "textarea" }),
          fileInput(t("deliver_files"), "files", t("deliver_files_hint")),
          field({ label: t("confirm_no_files"), name: "confirm_no_files", type: "checkbox" }),
          allowed.has("save_draft") && field({ label: t("as_draft"), name: "draft", type: "checkbox" }),
        ],
        submit: t("deliver"),
        action: async (values, form) => {
          const files = await uploadAll(form, "files", "delivery");
          const body = { message: values.message ?? "" };
          if (files.length) body.files = files;
          if (values.confirm_no_files) body.confirm_no_files = true;
          if (values.draft) body.draft = true;
          await post(`${base}/deliveries`, body);
          await done();
        },
      }),
    );
  if (allowed.has("request_revision"))
    forms.push(
      actionForm(t("revision_title"), {
        fields: [field({ label: t("revision_description"), name: "description", type: "textarea" })],
        submit: t("ask_revision"),
        action: async (values) => { await post(`${base}/revision-requests`, values); await done(); },
      }),
    );
  if (allowed.has("extend_review_period"))
    forms.push(
      actionForm(t("extend_review_title"), {
        fields: [field({ label: t("extend_days"), name: "days", type: "number", value: 1, attrs: { min: 1, max: 5 } })],
        submit: t("extend_review"),
        action: async (values) => { await post(`${base}/review-period-extensions`, values); await done(); },
      }),
    );
  if (allowed.has("request_extension"))
    forms.push(
      actionForm(t("request_extension_title"), {
        fields: [
          field({ label: t("extension_days"), name: "days", type: "number", attrs: { min: 1, max: 30 } }),
          field({ label: t("extension_message"), name: "message", type: "textarea" }),
        ],
        submit: t("request_extension"),
        action: async (values) => { await post(`${base}/extension-requests`, values); await done(); },
      }),
    );
  if (allowed.has("add_time"))
    forms.push(
      actionForm(t("add_time_title"), {
        fields: [
          field({ label: t("add_time_days"), name: "days", type: "number", attrs: { min: 1, max: 30 } }),
          field({ label: t("note"), name: "note", type: "textarea" }),
        ],
        submit: t("add_time"),
        action: async (values) => { await post(`${base}/extras`, values); await done(); },
      }),
    );
  if (allowed.has("offer_extra"))
    forms.push(
      actionForm(t("offer_extra_title"), {
        fields: [
          field({ label: t("extra_description"), name: "description" }),
          field({ label: t("extra_price"), name: "price", type: "number", attrs: { min: 0, step: "0.01" } }),
          field({ label: t("extra_days"), name: "days", type: "number", value: 0, attrs: { min: 0, max: 30 } }),
          field({ label: t("note"), name: "note", type: "textarea" }),
        ],
        submit: t("offer_extra"),
        action: async (values) => {
          const body = { ...values };
          if (body.price !== undefined) body.price = dollars(body.price, order.price?.currency);
          await post(`${base}/extras`, body);
          await done();
        },
      }),
    );
  if (allowed.has("open_cancellation"))
    forms.push(
      actionForm(t("cancellation_title"), {
        fields: [
          field({
            label: t("cancellation_reason_field"),
            name: "reason",
            type: "select",
            options: REASONS.map((reason) => ({ value: reason, label: word("reason", reason) })),
          }),
          field({ label: t("explanation"), name: "explanation", type: "textarea" }),
        ],
        submit: t("open_cancellation"),
        action: async (values) => { await post(`${base}/cancellation-requests`, values); await done(); },
      }),
    );
  if (allowed.has("cancel_very_late"))
    forms.push(
      actionForm(t("cancel_very_late_title"), {
        fields: [field({ label: t("explanation_optional"), name: "explanation", type: "textarea" })],
        submit: t("cancel_very_late"),
        action: async (values) => { await post(`${base}/cancel`, values); await done(); },
      }),
    );
  if (!buttons.length && !forms.length) return h("section", { class: "panel", "aria-labelledby": "order-actions" }, h("h2", { id: "order-actions" }, t("actions")), h("p", { class: "muted" }, t("no_actions")));
  return h(
    "section",
    { class: "panel order-actions", "aria-labelledby": "order-actions" },
    h("h2", { id: "order-actions" }, t("actions")),
    errors,
    buttons.length > 0 && h("div", { class: "row" }, buttons),
    forms,
  );
}

// --- what the order holds ---------------------------------------------------------------

function summary(order, role, now) {
  const item = (label, ...value) => [h("dt", {}, label), h("dd", {}, ...value)];
  let due = t("not_started");
  if (order.due_at) {
    const rel = relative(order.due_at, now);
    due = [when(order.due_at), " ", h("span", { class: "muted" }, `(${rel})`)];
  }
  const left = order.time_left_seconds;
  return h(
    "section",
    { class: "panel order-summary", "aria-labelledby": "order-summary" },
    h("div", { class: "row spread" }, h("h2", { id: "order-summary" }, t("summary")), role !== "admin" && starButton(order, t("star_label"))),
    h(
      "dl",
      { class: "facts" },
      item(t("status"), statusBadge(order.status)),
      item(t("price"), h("span", { class: "price" }, money(order.price))),
      order.earnings && role === "seller" && item(t("earnings"), money(order.earnings)),
      item(t("buyer"), order.buyer?.username || ""),
      item(t("seller"), order.seller?.username || ""),
      order.package && item(t("package"), word("package", order.package)),
      item(
        t("extras"),
        order.extras?.length
          ? h("ul", { class: "plain" }, order.extras.map((extra) => h("li", {}, [extra.name || extra.description || "", extra.price ? ` (${money(extra.price)})` : ""].join(""))))
          : t("none_extras"),
      ),
      order.delivery_days != null && item(t("delivery_days"), t("days", { count: order.delivery_days })),
      item(t("revisions"), t("revisions_count", { used: order.revisions_used ?? 0, included: order.revisions_included ?? 0 })),
      item(t("created"), when(order.created_at)),
      order.started_at && item(t("started"), when(order.started_at)),
      item(t("due"), due),
      left != null &&
        item(
          t("time_left"),
          h("strong", { class: left < 0 ? "late" : "" }, left < 0 ? t("late_by", { ago: relative(order.due_at, now) }) : t("due_in", { in: relative(order.due_at, now) })),
        ),
      order.review_ends_at && item(t("review_ends"), when(order.review_ends_at), " ", h("span", { class: "muted" }, `(${relative(order.review_ends_at, now)})`)),
      order.completed_at && item(t("completed_at"), when(order.completed_at)),
      order.cancelled_at && item(t("cancelled_at"), when(order.cancelled_at)),
      order.cancellation_reason && item(t("cancellation_reason"), word("reason", order.cancellation_reason)),
    ),
  );
}

function requirements(order) {
  return h(
    "section",
    { class: "panel", "aria-labelledby": "order-requirements" },
    h("h2", { id: "order-requirements" }, t("requirements")),
    order.requirements ? h("p", { class: "prewrap" }, order.requirements) : h("p", { class: "muted" }, t("no_requirements")),
  );
}

function deliveries(order) {
  const allowed = new Set(order.allowed_actions || []);
  const list = order.deliveries || [];
  return h(
    "section",
    { class: "panel", "aria-labelledby": "order-deliveries" },
    h("h2", { id: "order-deliveries" }, t("deliveries")),
    list.length
      ? h(
          "ol",
          { class: "list deliveries" },
          list.map((delivery) => {
            const errorBox = alertBox();
            return h(
              "li",
              { class: "delivery" },
              h(
                "p",
                { class: "muted" },
                delivery.draft ? [h("span", { class: "status" }, t("draft")), " ", t("saved_on", { at: when(delivery.created_at) })] : t("delivered_on", { at: when(delivery.sent_at || delivery.created_at) }),
              ),
              h("p", { class: "prewrap" }, delivery.message),
              delivery.files?.length > 0 &&
                h(
                  "ul",
                  { class: "files" },
                  delivery.files.map((file) =>
                    h("li", {}, downloadLink(`/v1/orders/${order.id}/deliveries/${delivery.id}/files/${encodeURIComponent(file.name)}`, file.name)),
                  ),
                ),
              delivery.draft &&
                allowed.has("deliver") && [
                  errorBox,
                  actionButton(t("send_draft"), async () => { await post(`/v1/orders/${order.id}/deliveries/${delivery.id}/send`); await done(); }, { kind: "primary", errorBox }),
                ],
            );
          }),
        )
      : h("p", { class: "muted" }, t("no_deliveries")),
  );
}

function requests(order, role) {
  const allowed = new Set(order.allowed_actions || []);
  const base = `/v1/orders/${order.id}`;
  const parts = [];
  const answer = (label, path, kind, errorBox) =>
    actionButton(label, async () => { await post(path); await done(); }, { kind, errorBox });
  if (order.extension_requests?.length)
    parts.push(
      h("h3", {}, t("extension_requests")),
      h(
        "ul",
        { class: "list" },
        order.extension_requests.map((request) => {
          const errorBox = alertBox();
          const open = request.state === "open";
          return h(
            "li",
            {},
            h("p", {}, t("extension_item", { days: request.days, message: request.message }), " ", h("span", { class: "status" }, word("state", request.state))),
            open && request.answer_by && h("p", { class: "muted" }, t("answer_by", { at: when(request.answer_by) })),
            errorBox,
            open &&
              h(
                "div",
                { class: "row" },
                allowed.has("accept_extension") && answer(t("accept_extension"), `${base}/extension-requests/${request.id}/accept`, "primary", errorBox),
                allowed.has("decline_extension") && answer(t("decline_extension"), `${base}/extension-requests/${request.id}/decline`, "danger", errorBox),
              ),
          );
        }),
      ),
    );
  if (order.extra_offers?.length)
    parts.push(
      h("h3", {}, t("extra_offers")),
      h(
        "ul",
        { class: "list" },
        order.extra_offers.map((offer) => {
          const errorBox = alertBox();
          const open = offer.state === "open";
          return h(
            "li",
            {},
            h("p", {}, t("extra_item", { description: offer.description, price: money(offer.price), days: offer.days }), " ", h("span", { class: "status" }, word("state", offer.state))),
            errorBox,
            open &&
              h(
                "div",
                { class: "row" },
                allowed.has("accept_extra") &&
                  actionButton(t("accept_extra"), async () => { await post(`${base}/extras/${offer.id}/accept`, {}); await done(); }, { kind: "primary", errorBox }),
                allowed.has("decline_extra") && answer(t("decline_extra"), `${base}/extras/${offer.id}/decline`, "danger", errorBox),
              ),
          );
        }),
      ),
    );
  if (order.cancellation_requests?.length)
    parts.push(
      h("h3", {}, t("cancellation_requests")),
      h(
        "ul",
        { class: "list" },
        order.cancellation_requests.map((request) => {
          const errorBox = alertBox();
          const open = request.state === "open";
          const mine = request.opened_by === role;
          return h(
            "li",
            {},
            h(
              "p",
              {},
              t("cancellation_item", { who: word("who", request.opened_by), reason: word("reason", request.reason), explanation: request.explanation }),
              " ",
              h("span", { class: "status" }, word("state", request.state)),
            ),
            open && request.answer_by && h("p", { class: "muted" }, t("answer_by", { at: when(request.answer_by) })),
            errorBox,
            open &&
              h(
                "div",
                { class: "row" },
                !mine && allowed.has("accept_cancellation") && answer(t("accept_cancellation"), `${base}/cancellation-requests/${request.id}/accept`, "danger", errorBox),
                !mine && allowed.has("decline_cancellation") && answer(t("decline_cancellation"), `${base}/cancellation-requests/${request.id}/decline`, "", errorBox),
                mine && allowed.has("withdraw_cancellation") && answer(t("withdraw_cancellation"), `${base}/cancellation-requests/${request.id}/withdraw`, "", errorBox),
              ),
          );
        }),
      ),
    );
  return parts.length ? h("section", { class: "panel order-requests" }, parts) : null;
}

function timeline(order) {
  return h(
    "section",
    { class: "panel", "aria-labelledby": "order-timeline" },
    h("h2", { id: "order-timeline" }, t("timeline")),
    h(
      "ol",
      { class: "timeline" },
      (order.timeline || []).map((entry) =>
        h(
          "li",
          {},
          h("time", { datetime: entry.at }, when(entry.at)),
          " · ",
          h("strong", {}, word("action", entry.action)),
          entry.actor && [" ", h("span", { class: "muted" }, t("by_who", { who: word("who", entry.actor) }))],
          entry.status && [" ", statusBadge(entry.status)],
          entry.note && h("p", { class: "prewrap" }, entry.note),
        ),
      ),
    ),
  );
}

function reviewView(title, review) {
  const scores = ["communication", "service_as_described", "recommend", "rating"].filter((name) => review[name] != null);
  return h(
    "article",
    { class: "review" },
    h("h3", {}, title),
    h("dl", { class: "facts" }, scores.map((name) => [h("dt", {}, t(name)), h("dd", {}, t("score", { score: review[name] }))])),
    h("p", { class: "prewrap" }, review.text),
  );
}

function reviews(order, role, answer) {
  if (!answer) return null;
  const base = `/v1/orders/${order.id}`;
  const parts = [];
  if (answer.buyer_review) parts.push(reviewView(t("buyer_review"), answer.buyer_review));
  if (answer.seller_review) parts.push(reviewView(t("seller_review"), answer.seller_review));
  if (answer.private_feedback) parts.push(h("p", { class: "notice" }, t("your_private_feedback", { text: answer.private_feedback.text })));
  if (!parts.length) parts.push(h("p", { class: "muted" }, t("no_reviews")));
  if (answer.can_review) {
    const scores =
      role === "buyer"
        ? [scoreGroup("communication", t("communication")), scoreGroup("service_as_described", t("service_as_described")), scoreGroup("recommend", t("recommend"))]
        : [scoreGroup("rating", t("rating"))];
    parts.push(
      actionForm(t("review_title"), {
        fields: [
          answer.window_ends_at && h("p", { class: "muted" }, t("review_window", { at: when(answer.window_ends_at) })),
          scores,
          field({ label: t("review_text"), name: "text", type: "textarea" }),
        ],
        submit: t("send_review"),
        action: async (values) => {
          await post(`${base}/reviews`, numbers({ ...values }, ["communication", "service_as_described", "recommend", "rating"]));
          await done();
        },
      }),
    );
  }
  if (role === "buyer" && answer.buyer_review && !answer.private_feedback)
    parts.push(
      actionForm(t("private_feedback_title"), {
        fields: [field({ label: t("private_feedback_text"), name: "text", type: "textarea", hint: t("private_feedback_hint") })],
        submit: t("send_private_feedback"),
        action: async (values) => { await post(`${base}/private-feedback`, values); await done(); },
      }),
    );
  return h("section", { class: "panel order-reviews", "aria-labelledby": "order-reviews" }, h("h2", { id: "order-reviews" }, t("reviews")), parts);
}

function tip(order, options) {
  if (!options || (!options.can_tip && !options.tip)) return null;
  const parts = [];
  if (options.tip) parts.push(h("p", { class: "notice" }, t("tipped", { amount: money(options.tip.amount) })));
  else {
    const key = idempotencyKey(); // one per tip form: a retry after an error reuses it
    const currency = options.minimum?.currency || order.price?.currency || "USD";
    parts.push(
      options.window_ends_at && h("p", { class: "muted" }, t("tip_window", { at: when(options.window_ends_at) })),
      apiForm({
        label: t("tip_title"),
        fields: [
          field({
            label: t("tip_amount"),
            name: "amount",
            type: "number",
            hint: options.minimum && t("tip_bounds", { min: money(options.minimum), max: money(options.maximum), suggested: (options.suggested_amounts || []).map(money).join(", ") }),
            value: options.suggested_amounts?.[0] ? options.suggested_amounts[0].amount / 100 : undefined,
            attrs: { min: 0, step: "0.01" },
          }),
          field({ label: t("tip_message"), name: "message", type: "textarea" }),
        ],
        submit: t("send_tip"),
        action: async (values) => {
          const body = { amount: dollars(values.amount ?? 0, currency) };
          if (values.message) body.message = values.message;
          await post(`/v1/orders/${order.id}/tips`, body, { idempotency: key });
          await done();
        },
      }),
    );
  }
  return h("section", { class: "panel order-tip", "aria-labelledby": "order-tip" }, h("h2", { id: "order-tip" }, t("tip_title")), parts);
}

function messages(order, page) {
  if (!page) return null;
  const base = `/v1/orders/${order.id}`;
  const list = h(
    "ol",
    { class: "list order-messages" },
    page.results.map((message) =>
      h(
        "li",
        {},
        h("p", { class: "muted" }, h("strong", {}, message.sender || ""), " · ", h("time", { datetime: message.created_at }, when(message.created_at))),
        h("p", { class: "prewrap" }, message.text),
        message.files?.length > 0 &&
          h("ul", { class: "files" }, message.files.map((file) => h("li", {}, downloadLink(`${base}/messages/${message.id}/files/${file.upload_id}`, file.name)))),
      ),
    ),
  );
  return h(
    "section",
    { class: "panel", "aria-labelledby": "order-messages" },
    h("h2", { id: "order-messages" }, t("messages")),
    page.results.length ? list : h("p", { class: "muted" }, t("no_messages")),
    apiForm({
      label: t("messages"),
      fields: [field({ label: t("message_text"), name: "text", type: "textarea" }), fileInput(t("message_files"), "files")],
      submit: t("send_message"),
      action: async (values, form) => {
        const files = await uploadAll(form, "files", "order_message_attachment");
        const body = { text: values.text ?? "" };
        if (files.length) body.files = files;
        await post(`${base}/messages`, body);
        await refresh();
      },
    }),
  );
}

async function orderPage({ params }) {
  const user = await requireUser();
  const order = await get(`/v1/orders/${encodeURIComponent(params.id)}`);
  const account = user || (await me());
  const role = order.buyer?.id === account.id ? "buyer" : order.seller?.id === account.id ? "seller" : "admin";
  const optional = (promise) => promise.catch(() => null);
  const [reviewAnswer, tipOptions, messagePage] = await Promise.all([
    optional(get(`/v1/orders/${order.id}/reviews`)),
    role === "buyer" ? optional(get(`/v1/orders/${order.id}/tips`)) : null,
    role === "admin" ? null : optional(get(`/v1/orders/${order.id}/messages`, { limit: 200 })),
  ]);
  // the platform's clock when the order tells it (time left to the due time), else this browser's
  const now =
    order.due_at && order.time_left_seconds != null ? new Date(new Date(order.due_at).getTime() - order.time_left_seconds * 1000) : order.now ? new Date(order.now) : new Date();
  return h(
    "section",
    { class: "page order-page", dataset: { status: order.status, role } },
    h("p", {}, h("a", { href: "#/orders" + (role === "seller" ? "?role=seller" : "") }, `← ${t("back")}`)),
    h("h1", {}, order.title || `${t("order")} ${order.id}`),
    h(
      "div",
      { class: "order-layout" },
      h("div", { class: "order-main" }, actions(order, role), requests(order, role), requirements(order), deliveries(order), reviews(order, role, reviewAnswer), tip(order, tipOptions), messages(order, messagePage)),
      h("div", { class: "order-side" }, summary(order, role, now), timeline(order)),
    ),
  );
}

export const routes = [{ path: "/orders/:id", render: orderPage }];
