// The admin's desk (A1): requests awaiting approval (R2), the moderation queues of gigs,
// reviews and messages (C9, V7, M3), support cancellation of an order (O11, P5), the
// ledger check (P1), and outside production the movable clock (S4) and its deadlines (S1).
// Only the admin sees any of it: the API refuses everyone else, and this page says so.
import { get, post } from "../api.js";
import { alertBox, field, h, toast, uid } from "../dom.js";
import { actionButton, apiForm } from "../forms.js";
import { errorText, money, translator, when } from "../i18n.js";
import { refresh } from "../router.js";
import { requireUser } from "../session.js";

const t = translator({
  en: {
    title: "Administration",
    admins_only: "This page is for administrators only.",
    requests: "Requests awaiting approval",
    no_requests: "No request awaits approval.",
    budget: "Budget {amount}",
    days: "{days} days",
    approve: "Approve",
    reject: "Reject",
    reason: "Reason for the buyer",
    approved: "The request is approved.",
    rejected: "The request is rejected.",
    reports: "Reports on gigs",
    review_reports: "Reports on reviews",
    message_reports: "Reports on messages",
    no_reports: "No open report.",
    reported_gig: "Gig",
    reported_review: "Review by {author}",
    reported_message: "Message from {sender}",
    reason_label: "Reason: {reason}",
    note: "Note (optional)",
    dismiss: "Dismiss",
    remove_gig: "Remove the gig",
    remove_review: "Remove the review",
    remove_message: "Remove the message",
    resolved: "The report is resolved.",
    cancel_order: "Support cancellation of an order",
    cancel_hint: "Only a completed order, within 14 days of its completion, with evidence that the work was not delivered.",
    order_id: "Order id",
    evidence: "Evidence (at least 10 characters)",
    cancel_submit: "Cancel the order",
    cancelled: "Order {id} is now {status}.",
    ledger: "Ledger check",
    ledger_run: "Run the ledger check",
    ledger_ok: "The ledger is balanced: {count} transactions, no negative balance.",
    ledger_bad: "The ledger has problems.",
    balanced: "Balanced",
    yes: "yes",
    no: "no",
    transactions: "Transactions",
    unbalanced: "Unbalanced transactions",
    negative_balances: "Negative balances",
    finished_escrows: "Finished orders with money left in escrow",
    none_found: "none",
    clock: "Platform clock (development only)",
    clock_hint: "Moves the clock forward: every deadline due in between fires, in order.",
    clock_days: "Days",
    clock_hours: "Hours",
    clock_submit: "Move the clock forward",
    clock_now: "The platform's clock now reads {now}.",
    clock_reset: "Reset the clock",
    clock_reset_hint: "Resetting brings the clock back to the system's time. Deadlines that already fired stay fired; the others keep their due time.",
    clock_reset_done: "The platform's clock is back to the system's time: {now}.",
    deadlines: "Pending deadlines",
    deadlines_show: "Show pending deadlines",
    prefix: "Key prefix (optional)",
    key: "Key",
    due: "Due",
    event: "Event",
    no_deadlines: "No pending deadline.",
    more: "Show more",
  },
  fr: {
    title: "Administration",
    admins_only: "Cette page est réservée aux administrateurs.",
    requests: "Demandes en attente d'approbation",
    no_requests: "Aucune demande n'attend d'approbation.",
    budget: "Budget {amount}",
    days: "{days} jours",
    approve: "Approuver",
    reject: "Refuser",
    reason: "Motif pour l'acheteur",
    approved: "La demande est approuvée.",
    rejected: "La demande est refusée.",
    reports: "Signalements de services",
    review_reports: "Signalements d'avis",
    message_reports: "Signalements de messages",
    no_reports: "Aucun signalement ouvert.",
    reported_gig: "Service",
    reported_review: "Avis de {author}",
    reported_message: "Message de {sender}",
    reason_label: "Motif : {reason}",
    note: "Note (facultative)",
    dismiss: "Classer sans suite",
    remove_gig: "Retirer le service",
    remove_review: "Retirer l'avis",
    remove_message: "Retirer le message",
    resolved: "Le signalement est traité.",
    cancel_order: "Annulation d'une commande par le support",
    cancel_hint: "Seulement une commande terminée, dans les 14 jours suivant sa fin, avec la preuve que le travail n'a pas été livré.",
    order_id: "Identifiant de la commande",
    evidence: "Preuve (10 caractères au moins)",
    cancel_submit: "Annuler la commande",
    cancelled: "La commande {id} est maintenant {status}.",
    ledger: "Contrôle du grand livre",
    ledger_run: "Lancer le contrôle du grand livre",
    ledger_ok: "Le grand livre est équilibré : {count} opérations, aucun solde négatif.",
    ledger_bad: "Le grand livre présente des anomalies.",
    balanced: "Équilibré",
    yes: "oui",
    no: "non",
    transactions: "Opérations",
    unbalanced: "Opérations déséquilibrées",
    negative_balances: "Soldes négatifs",
    finished_escrows: "Commandes terminées avec de l'argent encore en séquestre",
    none_found: "aucune",
    clock: "Horloge de la plateforme (développement seulement)",
    clock_hint: "Avance l'horloge : chaque échéance comprise dans l'intervalle se déclenche, dans l'ordre.",
    clock_days: "Jours",
    clock_hours: "Heures",
    clock_submit: "Avancer l'horloge",
    clock_now: "L'horloge de la plateforme indique maintenant {now}.",
    clock_reset: "Remettre l'horloge à l'heure",
    clock_reset_hint: "La remise à l'heure ramène l'horloge à l'heure du système. Les échéances déjà déclenchées le restent ; les autres gardent leur date.",
    clock_reset_done: "L'horloge de la plateforme est revenue à l'heure du système : {now}.",
    deadlines: "Échéances à venir",
    deadlines_show: "Afficher les échéances à venir",
    prefix: "Préfixe de clé (facultatif)",
    key: "Clé",
    due: "Échéance",
    event: "Événement",
    no_deadlines: "Aucune échéance à venir.",
    more: "Voir plus",
  },
});

function panel(id, title, ...children) {
  return h("section", { class: "panel", "aria-labelledby": id }, h("h2", { id }, title), ...children);
}

/** A list fetched page by page with the API's cursor; `item` draws one result. */
async function pagedList(path, query, item, empty) {
  const first = await get(path, { ...query, limit: 20 });
  const list = h("ul", { class: "list" }, first.results.map(item));
  let cursor = first.next_cursor;
  const more = actionButton(t("more"), async () => {
    const next = await get(path, { ...query, limit: 20, cursor });
    list.append(...next.results.map(item));
    cursor = next.next_cursor;
    more.hidden = !cursor;
  });
  more.hidden = !cursor;
  return first.results.length ? h("div", {}, list, more) : h("p", { class: "muted" }, empty);
}

// ---- requests (R2) ----

function requestItem(request) {
  const errorBox = alertBox();
  const reasonField = field({ label: t("reason"), name: "reason", attrs: { maxlength: 1000 } });
  const reasonInput = reasonField.querySelector("input");
  return h(
    "li",
    { class: "admin-item", dataset: { request: request.id } },
    h("p", {}, request.description),
    h(
      "p",
      { class: "muted" },
      `${request.category} › ${request.subcategory}`,
      " · ",
      t("budget", { amount: money(request.budget) }),
      " · ",
      t("days", { days: request.delivery_days }),
      " · ",
      when(request.created_at),
    ),
    errorBox,
    h(
      "div",
      { class: "actions" },
      actionButton(
        t("approve"),
        async () => {
          await post(`/v1/admin/requests/${request.id}/approve`);
          toast(t("approved"));
          refresh();
        },
        { kind: "primary", errorBox },
      ),
      reasonField,
      actionButton(
        t("reject"),
        async () => {
          await post(`/v1/admin/requests/${request.id}/reject`, { reason: reasonInput.value });
          toast(t("rejected"));
          refresh();
        },
        { kind: "danger", errorBox },
      ),
    ),
  );
}

// ---- reports (C9, V7, M3) ----

function resolution(path, removeAction, removeLabel) {
  const errorBox = alertBox();
  const noteField = field({ label: t("note"), name: "note", attrs: { maxlength: 1000 } });
  const note = noteField.querySelector("input");
  const resolve = (action) => async () => {
    await post(path, { action, note: note.value });
    toast(t("resolved"));
    refresh();
  };
  return [
    errorBox,
    h(
      "div",
      { class: "actions" },
      noteField,
      actionButton(t("dismiss"), resolve("dismiss"), { errorBox }),
      actionButton(removeLabel, resolve(removeAction), { kind: "danger", errorBox }),
    ),
  ];
}

function gigReportItem(report) {
  return h(
    "li",
    { class: "admin-item", dataset: { report: report.id } },
    h("p", {}, t("reported_gig"), ": ", h("a", { href: `#/gigs/${report.gig_id}` }, report.gig_id)),
    h("p", {}, t("reason_label", { reason: report.reason }), report.details ? ` — ${report.details}` : ""),
    h("p", { class: "muted" }, when(report.created_at)),
    resolution(`/v1/admin/reports/${report.id}/resolve`, "remove_gig", t("remove_gig")),
  );
}

function reviewReportItem(report) {
  const review = report.review || {};
  return h(
    "li",
    { class: "admin-item", dataset: { report: report.id } },
    h("p", {}, t("reported_review", { author: review.author_username || review.author_id || "?" })),
    review.text && h("blockquote", {}, review.text),
    h("p", {}, t("reason_label", { reason: report.reason }), report.details ? ` — ${report.details}` : ""),
    h("p", { class: "muted" }, when(report.created_at)),
    resolution(`/v1/admin/review-reports/${report.id}/resolve`, "remove_review", t("remove_review")),
  );
}

function messageReportItem(report) {
  const message = report.message || {};
  return h(
    "li",
    { class: "admin-item", dataset: { report: report.id } },
    h("p", {}, t("reported_message", { sender: message.sender || message.sender_id || "?" })),
    message.text && h("blockquote", {}, message.text),
    h("p", {}, t("reason_label", { reason: report.reason }), report.details ? ` — ${report.details}` : ""),
    h("p", { class: "muted" }, when(report.created_at)),
    resolution(`/v1/admin/message-reports/${report.id}/resolve`, "remove_message", t("remove_message")),
  );
}

// ---- support cancellation (O11), ledger (P1), clock (S4), deadlines (S1) ----

function cancelForm() {
  const result = h("p", { class: "notice", role: "status", hidden: true });
  return [
    h("p", { class: "hint" }, t("cancel_hint")),
    apiForm({
      label: t("cancel_order"),
      submit: t("cancel_submit"),
      fields: [
        field({ label: t("order_id"), name: "order_id", attrs: { required: true, autocomplete: "off" } }),
        field({ label: t("evidence"), name: "evidence", type: "textarea", attrs: { required: true, minlength: 10, maxlength: 5000 } }),
      ],
      action: async ({ order_id, evidence }, form) => {
        const order = await post(`/v1/admin/orders/${encodeURIComponent(order_id || "")}/cancel`, { evidence: evidence || "" });
        result.hidden = false;
        result.replaceChildren(t("cancelled", { id: order.id, status: order.status }), " ", h("a", { href: `#/orders/${order.id}` }, order.id));
        form.reset();
      },
    }),
    result,
  ];
}

function listOrNone(items) {
  return items && items.length ? items.map((item) => (Array.isArray(item) ? item.join(" / ") : item)).join(", ") : t("none_found");
}

function ledgerCheck() {
  const result = h("div", { class: "check-result", role: "status", "aria-live": "polite" });
  const errorBox = alertBox();
  const run = actionButton(
    t("ledger_run"),
    async () => {
      const check = await get("/v1/admin/ledger/check");
      const healthy = check.balanced && !(check.negative_balances || []).length && !(check.finished_escrows_not_empty || []).length;
      result.className = healthy ? "check-result ok" : "check-result warning";
      result.replaceChildren(
        h("p", {}, h("strong", {}, healthy ? t("ledger_ok", { count: check.transactions }) : t("ledger_bad"))),
        h(
          "dl",
          { class: "figures" },
          h("div", { class: "figure" }, h("dt", {}, t("balanced")), h("dd", {}, check.balanced ? t("yes") : t("no"))),
          h("div", { class: "figure" }, h("dt", {}, t("transactions")), h("dd", {}, String(check.transactions))),
          h("div", { class: "figure" }, h("dt", {}, t("unbalanced")), h("dd", {}, listOrNone(check.unbalanced))),
          h("div", { class: "figure" }, h("dt", {}, t("negative_balances")), h("dd", {}, listOrNone(check.negative_balances))),
          h("div", { class: "figure" }, h("dt", {}, t("finished_escrows")), h("dd", {}, listOrNone(check.finished_escrows_not_empty))),
        ),
      );
    },
    { kind: "primary", errorBox },
  );
  return [errorBox, run, result];
}

function clockForm() {
  const result = h("p", { class: "notice", role: "status", hidden: true });
  const errorBox = alertBox();
  return [
    h("p", { class: "hint" }, t("clock_hint")),
    apiForm({
      label: t("clock"),
      submit: t("clock_submit"),
      className: "stack clock-form",
      fields: h(
        "div",
        { class: "row" },
        field({ label: t("clock_days"), name: "days", type: "number", value: 0, attrs: { min: 0, max: 366, step: 1 } }),
        field({ label: t("clock_hours"), name: "hours", type: "number", value: 0, attrs: { min: 0, max: 23, step: 1 } }),
      ),
      action: async ({ days = 0, hours = 0 }) => {
        const seconds = Math.round(Number(days) * 86400 + Number(hours) * 3600);
        const moved = await post("/v1/admin/clock/advance", { seconds });
        result.hidden = false;
        result.textContent = t("clock_now", { now: when(moved.now) });
        result.dataset.now = moved.now;
      },
    }),
    h("p", { class: "hint" }, t("clock_reset_hint")),
    errorBox,
    actionButton(
      t("clock_reset"),
      async () => {
        const reset = await post("/v1/admin/clock/reset");
        result.hidden = false;
        result.textContent = t("clock_reset_done", { now: when(reset.now) });
        result.dataset.now = reset.now;
      },
      { errorBox },
    ),
    result,
  ];
}

function deadlinesView() {
  const holder = h("div", { "aria-live": "polite" });
  const prefixId = uid("prefix");
  const prefix = h("input", { id: prefixId, name: "prefix", autocomplete: "off" });
  const errorBox = alertBox();
  const show = actionButton(
    t("deadlines_show"),
    async () => {
      const answer = await get("/v1/admin/deadlines", { prefix: prefix.value.trim(), limit: 100 });
      const rows = answer.deadlines || [];
      holder.replaceChildren(
        rows.length
          ? h(
              "div",
              { class: "table-wrap" },
              h(
                "table",
                {},
                h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("key")), h("th", { scope: "col" }, t("due")), h("th", { scope: "col" }, t("event")))),
                h("tbody", {}, rows.map((d) => h("tr", {}, h("td", {}, d.key), h("td", {}, when(d.due_at)), h("td", {}, d.event_type)))),
              ),
            )
          : h("p", { class: "muted" }, t("no_deadlines")),
      );
    },
    { errorBox },
  );
  return [h("div", { class: "field" }, h("label", { for: prefixId }, t("prefix")), prefix), errorBox, show, holder];
}

async function section(id, title, build) {
  try {
    return panel(id, title, await build());
  } catch (error) {
    if (error && error.name === "Redirected") throw error;
    return panel(id, title, h("p", { class: "alert", role: "alert" }, errorText(error)));
  }
}

async function adminPage() {
  const user = await requireUser();
  if (user.role !== "admin") {
    return h("section", { class: "page" }, h("h1", {}, t("title")), h("p", { class: "warning", role: "alert" }, t("admins_only")));
  }
  const sections = await Promise.all([
    section("admin-requests", t("requests"), () => pagedList("/v1/admin/requests", { status: "pending" }, requestItem, t("no_requests"))),
    section("admin-reports", t("reports"), () => pagedList("/v1/admin/reports", { status: "open" }, gigReportItem, t("no_reports"))),
    section("admin-review-reports", t("review_reports"), () => pagedList("/v1/admin/review-reports", { status: "open" }, reviewReportItem, t("no_reports"))),
    section("admin-message-reports", t("message_reports"), () => pagedList("/v1/admin/message-reports", { status: "open" }, messageReportItem, t("no_reports"))),
  ]);
  return h(
    "section",
    { class: "page admin" },
    h("h1", {}, t("title")),
    h(
      "div",
      { class: "admin-sections" },
      sections,
      panel("admin-cancel", t("cancel_order"), cancelForm()),
      panel("admin-ledger", t("ledger"), ledgerCheck()),
      panel("admin-clock", t("clock"), clockForm()),
      panel("admin-deadlines", t("deadlines"), deadlinesView()),
    ),
  );
}

export const routes = [{ path: "/admin", render: adminPage }];
