// Conversations (M1–M3) and notifications (N1–N4). A live push (live.js) is a hint: the
// open page reads the API again; each page stops listening once it is no longer shown.
import { get, post, put, token, upload } from "../api.js";
import { alertBox, field, h, toast } from "../dom.js";
import { actionButton, apiForm } from "../forms.js";
import { errorText, translator, when } from "../i18n.js";
import { renderHeader } from "../layout.js";
import { navigate, refresh } from "../router.js";
import { requireUser } from "../session.js";

const KINDS = [
  "order_placed", "requirements_submitted", "order_delivered", "revision_requested", "extension_requested",
  "extension_answered", "cancellation_requested", "cancellation_answered", "order_late", "order_cancelled",
  "order_completes_soon", "order_due_soon", "order_completed", "review_received", "private_feedback_asked",
  "tip_received", "offer_received", "custom_offer_received", "request_approved", "request_rejected",
  "earnings_cleared", "withdrawal_sent", "order_message_received", "message_received",
];

const t = translator({
  en: {
    inbox: "Inbox",
    no_conversations: "No conversation yet. Write to a seller from one of their services or their profile.",
    unread: "{count} unread",
    no_message: "No message yet",
    you: "You",
    you_said: "You: ",
    new_title: "Write to {name}",
    new_title_blank: "New message",
    with: "To (username)",
    message: "Message",
    files: "Attachments (optional, up to 5)",
    send: "Send",
    sent: "Your message was sent.",
    conversation_with: "Conversation with {name}",
    back_inbox: "Back to the inbox",
    messages: "Messages",
    older: "Show older messages",
    blocked_me: "{name} blocked you: you can no longer write here.",
    i_blocked: "You blocked {name}: they can no longer write to you.",
    cannot_write: "You cannot write in this conversation.",
    block: "Block {name}",
    unblock: "Unblock {name}",
    blocked_now: "{name} can no longer write to you.",
    unblocked_now: "{name} can write to you again.",
    report: "Report",
    report_form: "Report this message",
    reason: "Reason",
    "reason.spam": "Spam",
    "reason.abuse": "Abuse",
    "reason.scam": "Scam",
    "reason.personal_information": "Personal information",
    "reason.other": "Other",
    details: "Details (optional)",
    send_report: "Send the report",
    reported: "The message was reported to moderation.",
    removed: "This message was removed.",
    quote_request: "Quote request",
    custom_offer: "Custom offer",
    see_quote: "See the quote request",
    download: "Download {name}",
    notifications: "Notifications",
    no_notifications: "No notification yet.",
    unread_count: "{count} unread",
    unread_mark: "Unread",
    mark_read: "Mark as read",
    mark_all: "Mark all as read",
    all_read: "Everything is read.",
    settings_link: "E-mail settings",
    settings_title: "Notification e-mails",
    settings_intro: "You are always told in the app; choose which kinds also send you an e-mail.",
    settings_form: "E-mail for each kind of notification",
    kind: "Kind",
    email: "E-mail",
    saved: "Your settings were saved.",
    "kind.order_placed": "A new order",
    "kind.requirements_submitted": "Requirements submitted",
    "kind.order_delivered": "A delivery",
    "kind.revision_requested": "A revision asked",
    "kind.extension_requested": "An extension asked",
    "kind.extension_answered": "An extension answered",
    "kind.cancellation_requested": "A cancellation asked",
    "kind.cancellation_answered": "A cancellation answered",
    "kind.order_late": "An order late",
    "kind.order_cancelled": "An order cancelled",
    "kind.order_completes_soon": "An order about to complete",
    "kind.order_due_soon": "An order due soon",
    "kind.order_completed": "An order completed",
    "kind.review_received": "A review received",
    "kind.private_feedback_asked": "Private feedback asked",
    "kind.tip_received": "A tip",
    "kind.offer_received": "An offer on a request",
    "kind.custom_offer_received": "A custom offer",
    "kind.request_approved": "A request approved",
    "kind.request_rejected": "A request rejected",
    "kind.earnings_cleared": "Earnings cleared",
    "kind.withdrawal_sent": "A withdrawal sent",
    "kind.order_message_received": "A message on an order",
    "kind.message_received": "A new message",
  },
  fr: {
    inbox: "Messagerie",
    no_conversations: "Aucune conversation. Écrivez à un vendeur depuis l'un de ses services ou son profil.",
    unread: "{count} non lus",
    no_message: "Pas encore de message",
    you: "Vous",
    you_said: "Vous : ",
    new_title: "Écrire à {name}",
    new_title_blank: "Nouveau message",
    with: "À (nom d'utilisateur)",
    message: "Message",
    files: "Pièces jointes (facultatives, 5 au plus)",
    send: "Envoyer",
    sent: "Votre message est envoyé.",
    conversation_with: "Conversation avec {name}",
    back_inbox: "Retour à la messagerie",
    messages: "Messages",
    older: "Voir les messages plus anciens",
    blocked_me: "{name} vous a bloqué : vous ne pouvez plus écrire ici.",
    i_blocked: "Vous avez bloqué {name} : cette personne ne peut plus vous écrire.",
    cannot_write: "Vous ne pouvez pas écrire dans cette conversation.",
    block: "Bloquer {name}",
    unblock: "Débloquer {name}",
    blocked_now: "{name} ne peut plus vous écrire.",
    unblocked_now: "{name} peut de nouveau vous écrire.",
    report: "Signaler",
    report_form: "Signaler ce message",
    reason: "Motif",
    "reason.spam": "Spam",
    "reason.abuse": "Abus",
    "reason.scam": "Arnaque",
    "reason.personal_information": "Informations personnelles",
    "reason.other": "Autre",
    details: "Précisions (facultatives)",
    send_report: "Envoyer le signalement",
    reported: "Le message a été signalé à la modération.",
    removed: "Ce message a été retiré.",
    quote_request: "Demande de devis",
    custom_offer: "Offre personnalisée",
    see_quote: "Voir la demande de devis",
    download: "Télécharger {name}",
    notifications: "Notifications",
    no_notifications: "Aucune notification pour l'instant.",
    unread_count: "{count} non lues",
    unread_mark: "Non lue",
    mark_read: "Marquer comme lue",
    mark_all: "Tout marquer comme lu",
    all_read: "Tout est lu.",
    settings_link: "Réglages des e-mails",
    settings_title: "E-mails de notification",
    settings_intro: "Vous êtes toujours prévenu dans l'application ; choisissez les types qui vous envoient aussi un e-mail.",
    settings_form: "E-mail pour chaque type de notification",
    kind: "Type",
    email: "E-mail",
    saved: "Vos réglages sont enregistrés.",
    "kind.order_placed": "Une nouvelle commande",
    "kind.requirements_submitted": "Des exigences envoyées",
    "kind.order_delivered": "Une livraison",
    "kind.revision_requested": "Une révision demandée",
    "kind.extension_requested": "Un délai demandé",
    "kind.extension_answered": "Une réponse à un délai",
    "kind.cancellation_requested": "Une annulation demandée",
    "kind.cancellation_answered": "Une réponse à une annulation",
    "kind.order_late": "Une commande en retard",
    "kind.order_cancelled": "Une commande annulée",
    "kind.order_completes_soon": "Une commande bientôt terminée",
    "kind.order_due_soon": "Une commande bientôt due",
    "kind.order_completed": "Une commande terminée",
    "kind.review_received": "Un avis reçu",
    "kind.private_feedback_asked": "Un avis privé demandé",
    "kind.tip_received": "Un pourboire",
    "kind.offer_received": "Une offre sur une demande",
    "kind.custom_offer_received": "Une offre personnalisée",
    "kind.request_approved": "Une demande approuvée",
    "kind.request_rejected": "Une demande refusée",
    "kind.earnings_cleared": "Des gains disponibles",
    "kind.withdrawal_sent": "Un retrait envoyé",
    "kind.order_message_received": "Un message sur une commande",
    "kind.message_received": "Un nouveau message",
  },
});

const REASONS = ["spam", "abuse", "scam", "personal_information", "other"];

/** Runs `react(detail)` on each live push of `types` while `node` is shown; then stops. */
function whileShown(node, types, react) {
  const listener = (event) => {
    if (!node.isConnected) {
      window.removeEventListener("microtache:live", listener);
      return;
    }
    if (types.includes(event.detail.type)) react(event.detail);
  };
  window.addEventListener("microtache:live", listener);
  // a page replaced before any push still lets its listener go
  const watch = setInterval(() => {
    if (!node.isConnected && node.dataset.shown) {
      window.removeEventListener("microtache:live", listener);
      clearInterval(watch);
    } else if (node.isConnected) node.dataset.shown = "1";
  }, 2000);
}

// ---------------------------------------------------------------- the inbox

function excerpt(text, size = 120) {
  return text && text.length > size ? `${text.slice(0, size - 1)}…` : text || "";
}

async function conversationItems(user) {
  const page = await get("/v1/conversations", { limit: 50 });
  return page.results.map((conversation) => {
    const last = conversation.last_message;
    const name = conversation.with || "?";
    return h(
      "li",
      { class: conversation.unread_count > 0 ? "unread" : null },
      h(
        "a",
        { href: `#/conversations/${conversation.id}` },
        h("span", { class: "who" }, name),
        conversation.unread_count > 0 && h("span", { class: "badge" }, t("unread", { count: conversation.unread_count })),
        h("span", { class: "muted" }, when(last?.created_at || conversation.updated_at)),
        h(
          "span",
          { class: "last" },
          last ? [last.sender_id === user.id ? t("you_said") : "", excerpt(last.removed ? t("removed") : last.text)] : t("no_message"),
        ),
      ),
    );
  });
}

async function renderInbox() {
  const user = await requireUser();
  const list = h("ul", { class: "list conversation-list", "aria-live": "polite" });
  const empty = h("p", { class: "muted" }, t("no_conversations"));
  const fill = async () => {
    const items = await conversationItems(user);
    list.replaceChildren(...items);
    empty.hidden = items.length > 0;
    list.hidden = items.length === 0;
  };
  await fill();
  const node = h("section", { class: "page" }, h("h1", {}, t("inbox")), empty, list);
  whileShown(node, ["message_sent", "notification_created"], () => fill().catch(() => {}));
  return node;
}

async function renderNew({ query }) {
  await requireUser();
  const name = query.with || "";
  const form = apiForm({
    label: name ? t("new_title", { name }) : t("new_title_blank"),
    fields: [
      !name && field({ label: t("with"), name: "with", attrs: { autocomplete: "off" } }),
      field({ label: t("message"), name: "text", type: "textarea", attrs: { maxlength: 5000 } }),
      field({ label: t("files"), name: "files", type: "file", attrs: { multiple: true } }),
    ],
    submit: t("send"),
    action: async (values, formNode) => {
      const files = await uploadAll(formNode);
      const answer = await post("/v1/conversations", {
        with: name || values.with || "",
        text: values.text || "",
        ...(files.length ? { files } : {}),
        ...(query.gig_id ? { gig_id: query.gig_id } : {}),
      });
      toast(t("sent"));
      navigate(`/conversations/${answer.conversation.id}`);
    },
  });
  return h(
    "section",
    { class: "page narrow" },
    h("p", {}, h("a", { href: "#/inbox" }, t("back_inbox"))),
    h("h1", {}, name ? t("new_title", { name }) : t("new_title_blank")),
    form,
  );
}

async function uploadAll(form) {
  const ids = [];
  for (const input of form.querySelectorAll("input[type=file]")) {
    for (const file of input.files) ids.push(await upload(file, "message_attachment"));
  }
  return ids;
}

// ---------------------------------------------------------------- one conversation

/** A message's file: its route answers a redirect to the bytes, for the bearer only, so
 * the browser fetches it with the token and hands the bytes over as a download. */
function fileLink(conversationId, message, file) {
  return h(
    "button",
    {
      type: "button",
      class: "link-button",
      onClick: async () => {
        try {
          const response = await fetch(
            `/v1/conversations/${conversationId}/messages/${message.id}/files/${file.upload_id}`,
            { headers: { Authorization: `Bearer ${token()}` } },
          );
          if (!response.ok) throw Object.assign(new Error("download"), { code: `http_${response.status}` });
          const url = URL.createObjectURL(await response.blob());
          const a = h("a", { href: url, download: file.name, hidden: true });
          document.body.append(a);
          a.click();
          a.remove();
          setTimeout(() => URL.revokeObjectURL(url), 10000);
        } catch (error) {
          toast(errorText(error));
        }
      },
    },
    t("download", { name: file.name }),
  );
}

function reportForm(conversationId, message) {
  return apiForm({
    label: t("report_form"),
    fields: [
      field({ label: t("reason"), name: "reason", type: "select", options: REASONS.map((r) => ({ value: r, label: t(`reason.${r}`) })) }),
      field({ label: t("details"), name: "details", type: "textarea", attrs: { rows: 2, maxlength: 2000 } }),
    ],
    submit: t("send_report"),
    action: async (values, form) => {
      await post(`/v1/conversations/${conversationId}/messages/${message.id}/reports`, values);
      toast(t("reported"));
      form.closest(".report-panel").hidden = true;
    },
  });
}

function messageItem(conversationId, message, user) {
  const mine = message.sender_id === user.id;
  const special = message.kind === "quote_request" || message.kind === "custom_offer";
  let reportPart = null;
  if (!mine && !message.removed) {
    const panel = h("div", { class: "report-panel disclosure-panel", hidden: true });
    const button = h("button", { type: "button", class: "link-button", "aria-expanded": "false" }, t("report"));
    button.addEventListener("click", () => {
      const open = panel.hidden;
      if (open && !panel.firstChild) panel.append(reportForm(conversationId, message));
      panel.hidden = !open;
      button.setAttribute("aria-expanded", String(open));
    });
    reportPart = [button, panel];
  }
  return h(
    "li",
    { class: ["message", mine && "mine", special && "special"], dataset: { id: message.id, removed: String(Boolean(message.removed)) } },
    h("p", { class: "message-meta" }, mine ? t("you") : message.sender || "?", " · ", when(message.created_at)),
    message.kind === "quote_request" && h("p", {}, h("strong", {}, t("quote_request")), " · ", h("a", { href: `#/quote-requests/${message.reference_id}` }, t("see_quote"))),
    message.kind === "custom_offer" && h("p", {}, h("strong", {}, t("custom_offer"))),
    h("p", { class: "message-text" }, message.removed ? t("removed") : message.text),
    message.files?.length > 0 &&
      h("ul", { class: "message-files" }, message.files.map((file) => h("li", {}, fileLink(conversationId, message, file)))),
    reportPart,
  );
}

async function renderConversation({ params }) {
  const user = await requireUser();
  const id = params.id;
  const first = await get(`/v1/conversations/${id}/messages`, { limit: 50 });
  let conversation = first.conversation;
  const name = conversation.with || "?";
  const list = h("ol", { class: "messages", "aria-label": t("messages"), "aria-live": "polite" });
  const older = h("div");
  const state = h("div");
  const actions = h("div", { class: "row" });
  const errorBox = alertBox();

  const show = (page, { prepend = false } = {}) => {
    // a message already shown keeps its element (a report being written stays open while
    // new messages arrive); a new or removed one gets a fresh one
    const shown = new Map([...list.children].map((item) => [item.dataset.id, item]));
    const items = [...page.results].reverse().map((m) => {
      const kept = shown.get(m.id);
      return kept && kept.dataset.removed === String(Boolean(m.removed)) ? kept : messageItem(id, m, user);
    });
    if (prepend) list.prepend(...items);
    else list.replaceChildren(...items);
    older.replaceChildren(
      page.next_cursor
        ? actionButton(t("older"), async () => show(await get(`/v1/conversations/${id}/messages`, { limit: 50, cursor: page.next_cursor }), { prepend: true }))
        : "",
    );
  };
  const showState = () => {
    // blocked_by names who blocked (usernames; an id when the name is unknown)
    const by = conversation.blocked_by || [];
    const iBlocked = by.includes(user.username) || by.includes(user.id);
    const theyBlocked = by.includes(conversation.with) || by.includes(conversation.with_id);
    state.replaceChildren(
      iBlocked ? h("p", { class: "warning" }, t("i_blocked", { name })) : "",
      theyBlocked ? h("p", { class: "warning" }, t("blocked_me", { name })) : "",
      !conversation.can_write && !iBlocked && !theyBlocked ? h("p", { class: "warning" }, t("cannot_write")) : "",
    );
    actions.replaceChildren(
      iBlocked
        ? actionButton(t("unblock", { name }), async () => {
            conversation = await post(`/v1/conversations/${id}/unblock`);
            toast(t("unblocked_now", { name }));
            showState();
          }, { errorBox })
        : actionButton(t("block", { name }), async () => {
            conversation = await post(`/v1/conversations/${id}/block`);
            toast(t("blocked_now", { name }));
            showState();
          }, { kind: "danger", errorBox }),
    );
    form.hidden = !conversation.can_write;
  };
  const reload = async () => {
    const page = await get(`/v1/conversations/${id}/messages`, { limit: 50 });
    conversation = page.conversation;
    show(page);
    showState();
    if (conversation.unread_count > 0) await post(`/v1/conversations/${id}/read`).catch(() => {});
  };

  const form = apiForm({
    label: t("conversation_with", { name }),
    fields: [
      field({ label: t("message"), name: "text", type: "textarea", attrs: { rows: 3, maxlength: 5000 } }),
      field({ label: t("files"), name: "files", type: "file", attrs: { multiple: true } }),
    ],
    submit: t("send"),
    action: async (values, formNode) => {
      const files = await uploadAll(formNode);
      await post(`/v1/conversations/${id}/messages`, { text: values.text || "", ...(files.length ? { files } : {}) });
      formNode.reset();
      await reload();
    },
  });

  show(first);
  showState();
  if (conversation.unread_count > 0) await post(`/v1/conversations/${id}/read`).catch(() => {});
  const node = h(
    "section",
    { class: "page conversation-page" },
    h("p", {}, h("a", { href: "#/inbox" }, t("back_inbox"))),
    h("div", { class: "row page-head" }, h("h1", {}, t("conversation_with", { name })), actions),
    errorBox,
    state,
    older,
    list,
    form,
  );
  whileShown(node, ["message_sent", "notification_created"], (detail) => {
    const about = detail.data?.conversation_id;
    if (!about || about === id) reload().catch(() => {});
  });
  return node;
}

// ---------------------------------------------------------------- notifications

function notificationItem(notification, after) {
  const unread = !notification.read_at;
  return h(
    "li",
    { class: unread ? "unread" : null },
    unread && h("span", { class: "status" }, t("unread_mark")),
    notification.link ? h("a", { href: `#${notification.link}` }, notification.text) : h("span", {}, notification.text),
    h("span", { class: "when" }, when(notification.created_at)),
    unread &&
      actionButton(t("mark_read"), async () => {
        await post("/v1/me/notifications/read", { ids: [notification.id] });
        after();
      }, { attrs: { "aria-label": `${t("mark_read")}: ${notification.text}` } }),
  );
}

async function renderNotifications() {
  await requireUser();
  const list = h("ul", { class: "list notification-list" });
  const count = h("p", { class: "muted", "aria-live": "polite" });
  const more = h("div");
  const empty = h("p", { class: "muted" }, t("no_notifications"));
  const fill = async () => {
    const page = await get("/v1/me/notifications", { limit: 50 });
    list.replaceChildren(...page.results.map((n) => notificationItem(n, update)));
    count.textContent = page.unread_count ? t("unread_count", { count: page.unread_count }) : t("all_read");
    empty.hidden = page.results.length > 0;
    const next = (cursor) =>
      cursor
        ? actionButton(t("more"), async () => {
            const older = await get("/v1/me/notifications", { limit: 50, cursor });
            list.append(...older.results.map((n) => notificationItem(n, update)));
            more.replaceChildren(next(older.next_cursor));
          })
        : "";
    more.replaceChildren(next(page.next_cursor));
  };
  const update = async () => {
    await fill();
    renderHeader();
  };
  await fill();
  const node = h(
    "section",
    { class: "page" },
    h(
      "div",
      { class: "row page-head" },
      h("h1", {}, t("notifications")),
      actionButton(t("mark_all"), async () => {
        await post("/v1/me/notifications/read", { all: true });
        await update();
      }),
      h("a", { href: "#/settings/notifications" }, t("settings_link")),
    ),
    count,
    empty,
    list,
    more,
  );
  whileShown(node, ["notification_created"], () => fill().catch(() => {}));
  return node;
}

async function renderSettings() {
  await requireUser();
  const settings = await get("/v1/me/notification-settings");
  const kinds = [...KINDS, ...Object.keys(settings).filter((k) => !KINDS.includes(k))];
  const form = apiForm({
    label: t("settings_form"),
    fields: h(
      "fieldset",
      {},
      h("legend", {}, t("settings_form")),
      kinds.map((kind) => field({ label: t(`kind.${kind}`), name: kind, type: "checkbox", value: settings[kind]?.email ?? true })),
    ),
    submit: t("save"),
    action: async (values) => {
      const body = Object.fromEntries(kinds.map((kind) => [kind, { email: Boolean(values[kind]) }]));
      await put("/v1/me/notification-settings", body);
      toast(t("saved"));
      refresh();
    },
  });
  return h(
    "section",
    { class: "page narrow" },
    h("p", {}, h("a", { href: "#/notifications" }, t("notifications"))),
    h("h1", {}, t("settings_title")),
    h("p", { class: "muted" }, t("settings_intro")),
    form,
  );
}

export const routes = [
  { path: "/inbox", render: renderInbox },
  { path: "/inbox/new", render: renderNew },
  { path: "/conversations/:id", render: renderConversation },
  { path: "/notifications", render: renderNotifications },
  { path: "/settings/notifications", render: renderSettings },
];
