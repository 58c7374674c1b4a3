// The seller's side (C1, C2, P3, P6, P7, V8): my gigs and their status, my earnings and
// the ledger lines behind them, withdrawals, review invitations; publishing and editing
// a gig. Every figure and every refusal is the API's: this page only shows and asks.
import { del, get, idempotencyKey, patch, post, upload } from "../api.js";
import { alertBox, field, h, toast, values } from "../dom.js";
import { actionButton, apiForm } from "../forms.js";
import { money, translator, when } from "../i18n.js";
import { navigate, refresh } from "../router.js";
import { requireUser } from "../session.js";

const t = translator({
  en: {
    title: "Selling",
    balance_title: "Earnings and balance",
    publish: "Publish a gig",
    account_link: "Profile and payment methods",
    my_gigs: "My gigs",
    no_gigs: "You have no gig yet.",
    more_gigs: "Show more gigs",
    gig_title: "Title",
    status: "Status",
    price_from: "From",
    actions: "Actions",
    edit: "Edit",
    edit_gig: "Edit “{title}”",
    view: "View",
    "status.active": "Active",
    "status.paused": "Paused",
    "status.archived": "Archived",
    earnings: "Earnings",
    pending_clearance: "Pending clearance",
    available: "Available",
    withdrawn: "Withdrawn",
    buyer_balance: "Buyer balance",
    clearance_hint: "Earnings become available 14 days after an order completes (7 for Top Rated and Pro sellers).",
    withdraw: "Withdraw",
    withdraw_title: "Withdraw my earnings",
    amount_dollars: "Amount ($)",
    withdraw_hint: "At most what is available, one withdrawal a day, $5,000 at most each.",
    withdrawn_toast: "{amount} is on its way to your payout method.",
    transactions: "Latest transactions",
    no_transactions: "No transaction yet.",
    date: "Date",
    cause: "Cause",
    movements: "Movements",
    "cause.order_payment": "Order paid",
    "cause.order_extra": "Extra paid",
    "cause.order_completion": "Order completed",
    "cause.clearance": "Earnings cleared",
    "cause.withdrawal": "Withdrawal",
    "cause.tip": "Tip",
    "cause.order_refund": "Order refunded",
    "cause.support_refund": "Support cancellation",
    "account.buyer_balance": "Buyer balance",
    "account.seller_pending": "Pending clearance",
    "account.seller_available": "Available",
    "account.seller_withdrawn": "Withdrawn",
    order_link: "order",
    invitations: "Review invitations",
    credits_left: "Invitations left: {count}",
    invite: "Invite to review",
    client: "Past client",
    choose_client: "Choose a client",
    no_clients: "Clients of your completed orders can be invited here.",
    message: "Message (optional)",
    invited: "Invitation sent.",
    withdraw_invitation: "Withdraw the invitation",
    withdrawn_invitation: "Invitation withdrawn.",
    blocked_until: "Cannot be invited again before {date}",
    "invitation.active": "Sent",
    "invitation.withdrawn": "Withdrawn",
    "invitation.used": "Reviewed",
    new_gig: "Publish a gig",
    description: "Description",
    description_hint: "At most 500 characters.",
    category: "Category",
    subcategory: "Subcategory",
    choose: "Choose…",
    attributes: "Search attributes",
    none_value: "Not specified",
    packages: "Packages",
    packages_hint: "From one to three packages.",
    "tier.basic": "Basic",
    "tier.standard": "Standard",
    "tier.premium": "Premium",
    offer_package: "Offer the {tier} package",
    price_dollars: "{tier} price ($)",
    delivery_days: "{tier} delivery (days)",
    revisions: "{tier} revisions included",
    package_description: "{tier} description",
    extras: "Extras",
    extras_hint: "Paid add-ons: they add to the price and may add days.",
    add_extra: "Add an extra",
    extra_name: "Extra {n}: name",
    extra_price: "Extra {n}: price ($)",
    extra_days: "Extra {n}: added days",
    remove_extra: "Remove extra {n}",
    tags: "Tags (separated by commas, at most 5)",
    ships_physical_item: "Ships a physical item",
    accepts_remote_work: "Accepts remote work",
    shows_reviews: "Show reviews on the gig",
    gallery: "Gallery",
    images: "Images (up to 3: JPEG, PNG, WebP or GIF)",
    document: "A PDF document (optional)",
    current_gallery: "Current gallery: {files}",
    replace_gallery_hint: "Choosing files replaces the current gallery.",
    clear_gallery: "Remove the current gallery",
    publish_submit: "Publish",
    save_changes: "Save changes",
    saved: "Saved.",
    uploading: "Sending the files…",
    pause: "Pause",
    activate: "Activate",
    archive: "Archive",
    archive_confirm: "Yes, archive it for good",
    archive_warning: "An archived gig is gone for good: it cannot be activated again.",
    archived_toast: "The gig is archived.",
    paused_toast: "The gig is paused.",
    activated_toast: "The gig is active again.",
    not_yours: "This gig is not yours.",
    archived_note: "This gig is archived: it can no longer change.",
    back: "Back to selling",
  },
  fr: {
    title: "Vendre",
    balance_title: "Revenus et solde",
    publish: "Publier un service",
    account_link: "Profil et moyens de paiement",
    my_gigs: "Mes services",
    no_gigs: "Vous n'avez encore aucun service.",
    more_gigs: "Afficher plus de services",
    gig_title: "Titre",
    status: "Statut",
    price_from: "À partir de",
    actions: "Actions",
    edit: "Modifier",
    edit_gig: "Modifier « {title} »",
    view: "Voir",
    "status.active": "Actif",
    "status.paused": "En pause",
    "status.archived": "Archivé",
    earnings: "Revenus",
    pending_clearance: "En cours de validation",
    available: "Disponible",
    withdrawn: "Retiré",
    buyer_balance: "Solde acheteur",
    clearance_hint: "Les revenus deviennent disponibles 14 jours après la fin d'une commande (7 pour les vendeurs Top Rated et Pro).",
    withdraw: "Retirer",
    withdraw_title: "Retirer mes revenus",
    amount_dollars: "Montant ($)",
    withdraw_hint: "Au plus le disponible, un retrait par jour, 5 000 $ au plus chacun.",
    withdrawn_toast: "{amount} part vers votre moyen de versement.",
    transactions: "Dernières opérations",
    no_transactions: "Aucune opération pour l'instant.",
    date: "Date",
    cause: "Origine",
    movements: "Mouvements",
    "cause.order_payment": "Commande payée",
    "cause.order_extra": "Option payée",
    "cause.order_completion": "Commande terminée",
    "cause.clearance": "Revenus validés",
    "cause.withdrawal": "Retrait",
    "cause.tip": "Pourboire",
    "cause.order_refund": "Commande remboursée",
    "cause.support_refund": "Annulation par le support",
    "account.buyer_balance": "Solde acheteur",
    "account.seller_pending": "En cours de validation",
    "account.seller_available": "Disponible",
    "account.seller_withdrawn": "Retiré",
    order_link: "commande",
    invitations: "Invitations à laisser un avis",
    credits_left: "Invitations restantes : {count}",
    invite: "Inviter à laisser un avis",
    client: "Ancien client",
    choose_client: "Choisir un client",
    no_clients: "Les clients de vos commandes terminées peuvent être invités ici.",
    message: "Message (facultatif)",
    invited: "Invitation envoyée.",
    withdraw_invitation: "Retirer l'invitation",
    withdrawn_invitation: "Invitation retirée.",
    blocked_until: "Ne peut être réinvité avant le {date}",
    "invitation.active": "Envoyée",
    "invitation.withdrawn": "Retirée",
    "invitation.used": "Avis laissé",
    new_gig: "Publier un service",
    description: "Description",
    description_hint: "500 caractères au plus.",
    category: "Catégorie",
    subcategory: "Sous-catégorie",
    choose: "Choisir…",
    attributes: "Attributs de recherche",
    none_value: "Non précisé",
    packages: "Formules",
    packages_hint: "D'une à trois formules.",
    "tier.basic": "Basique",
    "tier.standard": "Standard",
    "tier.premium": "Premium",
    offer_package: "Proposer la formule {tier}",
    price_dollars: "Prix {tier} ($)",
    delivery_days: "Livraison {tier} (jours)",
    revisions: "Retouches incluses {tier}",
    package_description: "Description {tier}",
    extras: "Options",
    extras_hint: "Suppléments payants : ils s'ajoutent au prix et peuvent ajouter des jours.",
    add_extra: "Ajouter une option",
    extra_name: "Option {n} : nom",
    extra_price: "Option {n} : prix ($)",
    extra_days: "Option {n} : jours ajoutés",
    remove_extra: "Retirer l'option {n}",
    tags: "Mots-clés (séparés par des virgules, 5 au plus)",
    ships_physical_item: "Expédie un objet physique",
    accepts_remote_work: "Accepte le travail à distance",
    shows_reviews: "Afficher les avis sur le service",
    gallery: "Galerie",
    images: "Images (jusqu'à 3 : JPEG, PNG, WebP ou GIF)",
    document: "Un document PDF (facultatif)",
    current_gallery: "Galerie actuelle : {files}",
    replace_gallery_hint: "Choisir des fichiers remplace la galerie actuelle.",
    clear_gallery: "Supprimer la galerie actuelle",
    publish_submit: "Publier",
    save_changes: "Enregistrer les modifications",
    saved: "Enregistré.",
    uploading: "Envoi des fichiers…",
    pause: "Mettre en pause",
    activate: "Activer",
    archive: "Archiver",
    archive_confirm: "Oui, l'archiver définitivement",
    archive_warning: "Un service archivé l'est pour de bon : il ne peut plus être réactivé.",
    archived_toast: "Le service est archivé.",
    paused_toast: "Le service est en pause.",
    activated_toast: "Le service est de nouveau actif.",
    not_yours: "Ce service n'est pas le vôtre.",
    archived_note: "Ce service est archivé : il ne peut plus changer.",
    back: "Retour à la vente",
  },
});

const TIERS = ["basic", "standard", "premium"];
const GIG_IMAGE = "gig_image"; // catalog/contract/uploads.py
const GIG_DOCUMENT = "gig_document";

const cents = (dollars) => Math.round(Number(dollars) * 100);
const dollars = (minor) => (minor === undefined || minor === null ? undefined : (minor / 100).toFixed(2));
const usd = (amount) => ({ amount, currency: "USD" });
const label = (prefix, key) => {
  const text = t(`${prefix}.${key}`);
  return text === `${prefix}.${key}` ? key : text;
};

let categories = null;
async function categoryTree() {
  if (!categories) categories = (await get("/v1/categories")).categories;
  return categories;
}

// ---- the dashboard ----

// GET /v1/me/gigs: the seller's own gigs, paused ones too (archived left out), newest first.
const GIGS_PAGE = 20;

async function myGigs() {
  return get("/v1/me/gigs", { limit: GIGS_PAGE });
}

function gigRow(gig) {
  return h(
    "tr",
    { dataset: { gig: gig.id } },
    h("td", {}, h("a", { href: `#/gigs/${gig.id}` }, gig.title)),
    h("td", {}, h("span", { class: ["status", `status-${gig.status}`] }, label("status", gig.status))),
    h("td", { class: "price" }, money(gig.price)),
    h("td", {}, h("a", { href: `#/selling/gigs/${gig.id}/edit`, "aria-label": `${t("edit")}: ${gig.title}` }, t("edit"))),
  );
}

function gigsSection(first) {
  const body = h("tbody", { "aria-live": "polite" }, first.results.map(gigRow));
  let cursor = first.next_cursor;
  const more = actionButton(t("more_gigs"), async () => {
    const next = await get("/v1/me/gigs", { limit: GIGS_PAGE, cursor });
    body.append(...next.results.map(gigRow));
    cursor = next.next_cursor;
    more.hidden = !cursor;
  });
  more.hidden = !cursor;
  return h(
    "section",
    { class: "panel", "aria-labelledby": "my-gigs" },
    h("div", { class: "row spread" }, h("h2", { id: "my-gigs" }, t("my_gigs")), h("a", { href: "#/selling/gigs/new", class: "button primary" }, t("publish"))),
    first.results.length
      ? [
          h(
            "div",
            { class: "table-wrap" },
            h(
              "table",
              { class: "my-gigs" },
              h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("gig_title")), h("th", { scope: "col" }, t("status")), h("th", { scope: "col" }, t("price_from")), h("th", { scope: "col" }, t("actions")))),
              body,
            ),
          ),
          more,
        ]
      : h("p", { class: "muted" }, t("no_gigs")),
  );
}

function balanceFigures(balance) {
  const item = (key, value, cls) =>
    h("div", { class: ["figure", cls], dataset: { balance: key } }, h("dt", {}, t(key)), h("dd", { class: "price" }, money(value)));
  return h(
    "dl",
    { class: "figures" },
    item("pending_clearance", balance.pending_clearance),
    item("available", balance.available, "highlight"),
    item("withdrawn", balance.withdrawn),
    item("buyer_balance", balance.buyer_balance),
  );
}

function withdrawForm(balance) {
  // one Idempotency-Key per intention: kept across retries of the same amount
  let key = idempotencyKey();
  const form = apiForm({
    label: t("withdraw_title"),
    submit: t("withdraw"),
    className: "stack withdraw",
    fields: [
      field({
        label: t("amount_dollars"),
        name: "amount",
        type: "number",
        value: balance.available.amount > 0 ? dollars(balance.available.amount) : undefined,
        hint: t("withdraw_hint"),
        attrs: { min: "0.01", step: "0.01", inputmode: "decimal" },
      }),
    ],
    action: async ({ amount }) => {
      const asked = usd(cents(amount ?? 0));
      const done = await post("/v1/me/withdrawals", { amount: asked }, { idempotency: key });
      key = idempotencyKey();
      toast(t("withdrawn_toast", { amount: money(done.amount || asked) }));
      refresh();
    },
  });
  form.elements.amount.addEventListener("input", () => {
    key = idempotencyKey(); // another amount is another intention
  });
  return form;
}

function transactionRow(tx) {
  const cause = label("cause", tx.cause_type);
  return h(
    "tr",
    {},
    h("td", {}, when(tx.created_at)),
    h(
      "td",
      {},
      cause,
      tx.cause_type.startsWith("order") ? [" · ", h("a", { href: `#/orders/${tx.cause_id}` }, t("order_link"))] : null,
    ),
    h(
      "td",
      {},
      h(
        "ul",
        { class: "entries" },
        tx.entries.map((entry) =>
          h("li", {}, label("account", entry.account), " ", h("span", { class: entry.amount.amount < 0 ? "debit" : "credit" }, entry.amount.amount > 0 ? "+" : "", money(entry.amount))),
        ),
      ),
    ),
  );
}

async function transactionsSection() {
  const first = await get("/v1/me/transactions", { limit: 10 });
  const body = h("tbody", { "aria-live": "polite" }, first.results.map(transactionRow));
  let cursor = first.next_cursor;
  const more = actionButton(t("more"), async () => {
    const next = await get("/v1/me/transactions", { limit: 10, cursor });
    body.append(...next.results.map(transactionRow));
    cursor = next.next_cursor;
    more.hidden = !cursor;
  });
  more.hidden = !cursor;
  return h(
    "section",
    { "aria-labelledby": "transactions" },
    h("h3", { id: "transactions" }, t("transactions")),
    first.results.length
      ? h(
          "div",
          { class: "table-wrap" },
          h(
            "table",
            { class: "transactions" },
            h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("date")), h("th", { scope: "col" }, t("cause")), h("th", { scope: "col" }, t("movements")))),
            body,
          ),
        )
      : h("p", { class: "muted" }, t("no_transactions")),
    more,
  );
}

async function earningsSection(headingLevel = "h2") {
  const balance = await get("/v1/me/balance");
  return h(
    "section",
    { class: "panel earnings", id: "earnings", "aria-labelledby": "earnings-title" },
    h(headingLevel, { id: "earnings-title" }, t("earnings")),
    balanceFigures(balance),
    h("p", { class: "hint" }, t("clearance_hint")),
    h("h3", {}, t("withdraw_title")),
    withdrawForm(balance),
    await transactionsSection(),
  );
}

async function pastClients(user) {
  const completed = await get("/v1/orders", { role: "seller", filter: "completed", limit: 100 }).catch(() => ({ results: [] }));
  const clients = new Map();
  for (const order of completed.results) {
    if (order.buyer && order.buyer.id !== user.id) clients.set(order.buyer.id, order.buyer.username);
  }
  return clients;
}

async function invitationsSection(user) {
  const [invitations, clients] = await Promise.all([get("/v1/review-invitations", { limit: 50 }), pastClients(user)]);
  const errorBox = alertBox();
  const name = (id) => clients.get(id) || id;
  return h(
    "section",
    { class: "panel", "aria-labelledby": "invitations" },
    h("h2", { id: "invitations" }, t("invitations")),
    h("p", { class: "muted" }, t("credits_left", { count: invitations.credits_left })),
    errorBox,
    invitations.results.length
      ? h(
          "ul",
          { class: "list invitations" },
          invitations.results.map((inv) =>
            h(
              "li",
              { class: "row spread" },
              h(
                "div",
                {},
                h("strong", {}, name(inv.client_id)),
                " ",
                h("span", { class: "status" }, label("invitation", inv.status)),
                h("span", { class: "muted" }, " · ", when(inv.created_at)),
                inv.blocked_until && h("p", { class: "hint" }, t("blocked_until", { date: when(inv.blocked_until) })),
              ),
              !inv.withdrawn_at &&
                inv.status === "active" &&
                actionButton(
                  t("withdraw_invitation"),
                  async () => {
                    await del(`/v1/review-invitations/${inv.id}`);
                    toast(t("withdrawn_invitation"));
                    refresh();
                  },
                  { errorBox, attrs: { "aria-label": `${t("withdraw_invitation")}: ${name(inv.client_id)}` } },
                ),
            ),
          ),
        )
      : null,
    clients.size
      ? apiForm({
          label: t("invite"),
          submit: t("invite"),
          fields: [
            field({
              label: t("client"),
              name: "client_id",
              type: "select",
              options: [{ value: "", label: t("choose_client") }, ...[...clients].map(([id, username]) => ({ value: id, label: username }))],
            }),
            field({ label: t("message"), name: "message", type: "textarea", attrs: { maxlength: 1000 } }),
          ],
          action: async (body) => {
            await post("/v1/review-invitations", body);
            toast(t("invited"));
            refresh();
          },
        })
      : h("p", { class: "muted" }, t("no_clients")),
  );
}

async function dashboard() {
  const user = await requireUser();
  const [gigs, earnings, invitations] = await Promise.all([myGigs(), earningsSection(), invitationsSection(user)]);
  return h(
    "section",
    { class: "page selling" },
    h("h1", {}, t("title")),
    h("p", {}, h("a", { href: "#/account" }, t("account_link"))),
    gigsSection(gigs),
    earnings,
    invitations,
  );
}

async function balancePage() {
  await requireUser();
  return h(
    "section",
    { class: "page selling" },
    h("h1", {}, t("balance_title")),
    h("p", {}, h("a", { href: "#/selling" }, t("back"))),
    await earningsSection("h2"),
  );
}

// ---- publishing and editing a gig ----

function attributeFields(subcategory, chosen = {}) {
  if (!subcategory || !subcategory.attributes.length) return [];
  return h(
    "fieldset",
    {},
    h("legend", {}, t("attributes")),
    subcategory.attributes.map((attribute) =>
      field({
        label: attribute.name,
        name: `attr:${attribute.slug}`,
        type: "select",
        value: chosen[attribute.slug] || "",
        options: [{ value: "", label: t("none_value") }, ...attribute.values.map((v) => ({ value: v, label: v }))],
      }),
    ),
  );
}

function categoryFields(tree, gig) {
  const holder = h("div", { class: "category-fields" });
  const draw = (categorySlug, subcategorySlug, chosen) => {
    const category = tree.find((c) => c.slug === categorySlug);
    const subcategory = category?.subcategories.find((s) => s.slug === subcategorySlug);
    holder.replaceChildren(
      field({
        label: t("category"),
        name: "category",
        type: "select",
        value: categorySlug || "",
        options: [{ value: "", label: t("choose") }, ...tree.map((c) => ({ value: c.slug, label: c.name }))],
        attrs: { required: true },
      }),
      field({
        label: t("subcategory"),
        name: "subcategory",
        type: "select",
        value: subcategorySlug || "",
        options: [{ value: "", label: t("choose") }, ...(category?.subcategories || []).map((s) => ({ value: s.slug, label: s.name }))],
        attrs: { required: true },
      }),
      attributeFields(subcategory, chosen),
    );
  };
  draw(gig?.category, gig?.subcategory, gig?.attributes);
  holder.addEventListener("change", (event) => {
    const name = event.target.name;
    if (name !== "category" && name !== "subcategory") return;
    const form = holder.querySelector("select[name=category]");
    const category = form.value;
    const subcategory = name === "category" ? "" : holder.querySelector("select[name=subcategory]").value;
    draw(category, subcategory, {});
    holder.querySelector(`select[name=${name}]`).focus();
  });
  return holder;
}

function packageFieldset(tier, pkg, offered) {
  const tierName = t(`tier.${tier}`);
  const inputs = h(
    "div",
    { class: "package-fields" },
    field({ label: t("price_dollars", { tier: tierName }), name: `${tier}_price`, type: "number", value: dollars(pkg?.price?.amount), attrs: { min: "5", step: "0.01", inputmode: "decimal" } }),
    field({ label: t("delivery_days", { tier: tierName }), name: `${tier}_delivery_days`, type: "number", value: pkg?.delivery_days, attrs: { min: 1, max: 90 } }),
    field({ label: t("revisions", { tier: tierName }), name: `${tier}_revisions`, type: "number", value: pkg?.revisions, attrs: { min: 0, max: 20 } }),
    field({ label: t("package_description", { tier: tierName }), name: `${tier}_description`, type: "textarea", value: pkg?.description, attrs: { maxlength: 300, rows: 2 } }),
  );
  const toggle = field({ label: t("offer_package", { tier: tierName }), name: `${tier}_offered`, type: "checkbox", value: offered });
  const set = () => {
    const on = toggle.querySelector("input").checked;
    inputs.hidden = !on;
    for (const el of inputs.querySelectorAll("input, textarea")) el.disabled = !on;
  };
  toggle.querySelector("input").addEventListener("change", set);
  set();
  return h("fieldset", { class: "package" }, h("legend", {}, tierName), toggle, inputs);
}

function extrasFieldset(extras) {
  const list = h("div", { class: "extras" });
  const renumber = () => {
    [...list.children].forEach((row, i) => {
      const n = i + 1;
      const [name, price, days] = row.querySelectorAll("label");
      name.textContent = t("extra_name", { n });
      price.textContent = t("extra_price", { n });
      days.textContent = t("extra_days", { n });
      row.querySelector("button").textContent = t("remove_extra", { n });
    });
  };
  const addRow = (extra) => {
    const row = h(
      "div",
      { class: "extra row" },
      field({ label: "", name: "extra_name", value: extra?.name, attrs: { maxlength: 80 } }),
      field({ label: "", name: "extra_price", type: "number", value: dollars(extra?.price?.amount), attrs: { min: "5", step: "0.01", inputmode: "decimal" } }),
      field({ label: "", name: "extra_days", type: "number", value: extra?.delivery_days ?? 0, attrs: { min: 0, max: 30 } }),
      h("button", { type: "button", class: "button", onClick: () => { row.remove(); renumber(); } }, ""),
    );
    list.append(row);
    renumber();
    return row;
  };
  for (const extra of extras || []) addRow(extra);
  return h(
    "fieldset",
    {},
    h("legend", {}, t("extras")),
    h("p", { class: "hint" }, t("extras_hint")),
    list,
    h(
      "button",
      {
        type: "button",
        class: "button",
        onClick: () => {
          if (list.children.length >= 10) return;
          addRow().querySelector("input").focus();
        },
      },
      t("add_extra"),
    ),
  );
}

function galleryFieldset(gig) {
  const current = gig ? [...(gig.gallery?.images || []), gig.gallery?.document].filter(Boolean) : [];
  return h(
    "fieldset",
    {},
    h("legend", {}, t("gallery")),
    current.length ? h("p", { class: "hint" }, t("current_gallery", { files: current.map((f) => f.name).join(", ") })) : null,
    field({ label: t("images"), name: "images", type: "file", hint: gig ? t("replace_gallery_hint") : null, attrs: { accept: "image/jpeg,image/png,image/webp,image/gif", multiple: true } }),
    field({ label: t("document"), name: "document", type: "file", attrs: { accept: "application/pdf" } }),
    current.length ? field({ label: t("clear_gallery"), name: "clear_gallery", type: "checkbox", value: false }) : null,
  );
}

/** The gig's fields from the form, as POST /v1/gigs and PATCH take them. */
async function gigBody(form) {
  const all = values(form);
  const body = {
    title: all.title,
    description: all.description,
    category: all.category,
    subcategory: all.subcategory,
    packages: [],
    extras: [],
    attributes: {},
    tags: (all.tags || "")
      .split(",")
      .map((tag) => tag.trim())
      .filter(Boolean),
    ships_physical_item: Boolean(all.ships_physical_item),
    accepts_remote_work: Boolean(all.accepts_remote_work),
    shows_reviews: Boolean(all.shows_reviews),
  };
  for (const [key, value] of Object.entries(all)) if (key.startsWith("attr:")) body.attributes[key.slice(5)] = value;
  for (const tier of TIERS) {
    if (!all[`${tier}_offered`]) continue;
    body.packages.push({
      tier,
      price: usd(cents(all[`${tier}_price`] ?? 0)),
      delivery_days: all[`${tier}_delivery_days`] ?? 0,
      revisions: all[`${tier}_revisions`] ?? 0,
      description: all[`${tier}_description`] || "",
    });
  }
  for (const row of form.querySelectorAll(".extra")) {
    const [name, price, days] = row.querySelectorAll("input");
    if (!name.value.trim() && !price.value) continue;
    body.extras.push({ name: name.value.trim(), price: usd(cents(price.value || 0)), delivery_days: Number(days.value || 0) });
  }
  const images = [...form.elements.images.files];
  const documentFile = form.elements.document.files[0];
  if (images.length || documentFile) {
    const status = form.querySelector(".upload-status");
    status.textContent = t("uploading");
    try {
      body.gallery = {
        images: await Promise.all(images.map((file) => upload(file, GIG_IMAGE))),
        document: documentFile ? await upload(documentFile, GIG_DOCUMENT) : null,
      };
    } finally {
      status.textContent = "";
    }
  } else if (all.clear_gallery) body.gallery = { images: [], document: null };
  return body;
}

function gigForm({ tree, gig, submit, action }) {
  const offered = gig ? new Set(gig.packages.map((p) => p.tier)) : new Set(["basic"]);
  const byTier = Object.fromEntries((gig?.packages || []).map((p) => [p.tier, p]));
  return apiForm({
    label: submit,
    submit,
    className: "stack gig-form",
    fields: [
      field({ label: t("gig_title"), name: "title", value: gig?.title, attrs: { required: true, maxlength: 80 } }),
      field({ label: t("description"), name: "description", type: "textarea", value: gig?.description, hint: t("description_hint"), attrs: { required: true, maxlength: 500 } }),
      categoryFields(tree, gig),
      h(
        "fieldset",
        {},
        h("legend", {}, t("packages")),
        h("p", { class: "hint" }, t("packages_hint")),
        h("div", { class: "packages" }, TIERS.map((tier) => packageFieldset(tier, byTier[tier], offered.has(tier)))),
      ),
      extrasFieldset(gig?.extras),
      field({ label: t("tags"), name: "tags", value: (gig?.tags || []).join(", ") }),
      field({ label: t("ships_physical_item"), name: "ships_physical_item", type: "checkbox", value: gig?.ships_physical_item ?? false }),
      field({ label: t("accepts_remote_work"), name: "accepts_remote_work", type: "checkbox", value: gig?.accepts_remote_work ?? true }),
      field({ label: t("shows_reviews"), name: "shows_reviews", type: "checkbox", value: gig?.shows_reviews ?? true }),
      galleryFieldset(gig),
      h("p", { class: "upload-status muted", role: "status" }),
    ],
    action,
  });
}

async function newGigPage() {
  await requireUser();
  const tree = await categoryTree();
  return h(
    "section",
    { class: "page selling" },
    h("h1", {}, t("new_gig")),
    h("p", {}, h("a", { href: "#/selling" }, t("back"))),
    h(
      "div",
      { class: "panel" },
      gigForm({
        tree,
        submit: t("publish_submit"),
        action: async (_, form) => {
          const created = await post("/v1/gigs", await gigBody(form));
          navigate(`/gigs/${created.id}`);
        },
      }),
    ),
  );
}

async function editGigPage({ params }) {
  const user = await requireUser();
  const [gig, tree] = await Promise.all([get(`/v1/gigs/${params.id}`), categoryTree()]);
  const heading = h("h1", {}, t("edit_gig", { title: gig.title }));
  if (gig.seller_id !== user.id) {
    return h("section", { class: "page" }, heading, h("p", { role: "alert" }, t("not_yours")), h("p", {}, h("a", { href: "#/selling" }, t("back"))));
  }
  const errorBox = alertBox();
  const setStatus = (status, message) => async () => {
    await patch(`/v1/gigs/${gig.id}`, { status });
    toast(t(message));
    refresh();
  };
  const confirmArchive = actionButton(
    t("archive_confirm"),
    async () => {
      await del(`/v1/gigs/${gig.id}`);
      toast(t("archived_toast"));
      navigate("/selling");
    },
    { kind: "danger", errorBox },
  );
  const archiveBox = h("div", { class: "warning", hidden: true }, h("p", {}, t("archive_warning")), confirmArchive);
  const archived = gig.status === "archived";
  return h(
    "section",
    { class: "page selling" },
    heading,
    h("p", {}, h("a", { href: "#/selling" }, t("back")), " · ", h("a", { href: `#/gigs/${gig.id}` }, t("view"))),
    h(
      "div",
      { class: "panel" },
      h("p", {}, t("status"), ": ", h("span", { class: ["status", `status-${gig.status}`] }, label("status", gig.status))),
      errorBox,
      archived
        ? h("p", {}, t("archived_note"))
        : h(
            "div",
            { class: "row" },
            gig.status === "active" && actionButton(t("pause"), setStatus("paused", "paused_toast"), { errorBox }),
            gig.status === "paused" && actionButton(t("activate"), setStatus("active", "activated_toast"), { kind: "primary", errorBox }),
            h(
              "button",
              {
                type: "button",
                class: "button danger",
                "aria-expanded": "false",
                onClick: (event) => {
                  archiveBox.hidden = !archiveBox.hidden;
                  event.currentTarget.setAttribute("aria-expanded", String(!archiveBox.hidden));
                  if (!archiveBox.hidden) confirmArchive.focus();
                },
              },
              t("archive"),
            ),
          ),
      archiveBox,
    ),
    !archived &&
      h(
        "div",
        { class: "panel" },
        gigForm({
          tree,
          gig,
          submit: t("save_changes"),
          action: async (_, form) => {
            await patch(`/v1/gigs/${gig.id}`, await gigBody(form));
            toast(t("saved"));
            refresh();
          },
        }),
      ),
  );
}

export const routes = [
  { path: "/selling", render: dashboard },
  { path: "/me/balance", render: balancePage },
  { path: "/selling/gigs/new", render: newGigPage },
  { path: "/selling/gigs/:id/edit", render: editGigPage },
];
