// A service's page (C1, C6, C8, C9, V6, V7): its packages side by side, extras, gallery,
// the seller's card and public reviews, favourite and report; and the list of my
// favourites (C8). What a gig is and may do is the API's answer: its status, the
// seller's profile, the reviews; the page only shows them.
import { get, post, put, del } from "../api.js";
import { field, h } from "../dom.js";
import { actionButton, apiForm } from "../forms.js";
import { lang, money, relative, translator } from "../i18n.js";
import { refresh } from "../router.js";
import { me, requireUser } from "../session.js";
import { levelName } from "./search.js";

const t = translator({
  en: {
    category: "Category",
    description: "About this service",
    packages: "Packages",
    basic: "Basic",
    standard: "Standard",
    premium: "Premium",
    delivery_days: "{days}-day delivery",
    revisions: "{count} revisions",
    revision_one: "1 revision",
    revision_none: "No revision",
    continue: "Continue",
    continue_with: "with the {tier} package",
    extras: "Extras",
    extra_days: "+{days} days",
    gallery: "Gallery",
    gallery_image: "Image {n} of {count}: {name}",
    document: "Document: {name}",
    about_seller: "About the seller",
    level: "Level",
    rating: "Rating",
    stars: "{rating} out of 5 ({count} reviews)",
    stars_one: "{rating} out of 5 (1 review)",
    no_reviews: "No reviews yet",
    country: "Country",
    languages: "Languages",
    last_seen: "Last seen",
    member_since: "Member since",
    completed_orders: "Completed orders",
    on_time: "Delivered on time",
    vacation: "This seller is on vacation.",
    online_now: "Online now",
    contact: "Contact the seller",
    quote: "Ask for a quote",
    reviews: "Reviews",
    reviews_summary: "{rating} out of 5 from {count} reviews",
    reviews_summary_one: "{rating} out of 5 from 1 review",
    review_by: "{buyer}, {date}",
    review_stars: "{rating} out of 5",
    report: "Report",
    report_review: "the review by {buyer}",
    report_review_form: "Report the review by {buyer}",
    reason: "Reason",
    details: "Details (optional)",
    send_report: "Send the report",
    report_sent: "Thank you: the report went to moderation.",
    report_gig: "Report this service",
    favourite: "Save to favourites",
    favourite_on: "Saved to your favourites.",
    favourite_off: "Removed from your favourites.",
    sign_in_to_act: "Sign in to save this service, report it or order it.",
    sign_in: "Sign in",
    status_paused: "This service is paused by its seller: it takes no order for now.",
    status_archived: "This service is archived: it takes no order.",
    status_other: "This service's status: {status}.",
    own_gig: "This is your service.",
    favourites_title: "My favourites",
    no_favourites: "No favourite yet: save services with “Save to favourites” on their page.",
    by: "by {seller}",
    by_label: "by",
    from: "From {price}",
    remove: "Remove",
    remove_named: "Remove {title} from favourites",
    "reason.spam": "Spam",
    "reason.scam": "Scam",
    "reason.harassment": "Harassment",
    "reason.misinformation": "Misinformation",
    "reason.inappropriate": "Inappropriate",
    "reason.false_statement": "False statement",
    "reason.abuse": "Abuse",
    "reason.personal_information": "Personal information",
    "reason.other": "Other",
    "status.active": "Active",
    "status.paused": "Paused",
    "status.archived": "Archived",
  },
  fr: {
    category: "Catégorie",
    description: "À propos de ce service",
    packages: "Formules",
    basic: "Basique",
    standard: "Standard",
    premium: "Premium",
    delivery_days: "Livraison en {days} jours",
    revisions: "{count} révisions",
    revision_one: "1 révision",
    revision_none: "Aucune révision",
    continue: "Continuer",
    continue_with: "avec la formule {tier}",
    extras: "Options",
    extra_days: "+{days} jours",
    gallery: "Galerie",
    gallery_image: "Image {n} sur {count} : {name}",
    document: "Document : {name}",
    about_seller: "À propos du vendeur",
    level: "Niveau",
    rating: "Note",
    stars: "{rating} sur 5 ({count} avis)",
    stars_one: "{rating} sur 5 (1 avis)",
    no_reviews: "Pas encore d'avis",
    country: "Pays",
    languages: "Langues",
    last_seen: "Vu",
    member_since: "Membre depuis",
    completed_orders: "Commandes terminées",
    on_time: "Livré à temps",
    vacation: "Ce vendeur est en vacances.",
    online_now: "En ligne",
    contact: "Contacter le vendeur",
    quote: "Demander un devis",
    reviews: "Avis",
    reviews_summary: "{rating} sur 5 d'après {count} avis",
    reviews_summary_one: "{rating} sur 5 d'après 1 avis",
    review_by: "{buyer}, {date}",
    review_stars: "{rating} sur 5",
    report: "Signaler",
    report_review: "l'avis de {buyer}",
    report_review_form: "Signaler l'avis de {buyer}",
    reason: "Motif",
    details: "Précisions (facultatif)",
    send_report: "Envoyer le signalement",
    report_sent: "Merci : le signalement a été transmis à la modération.",
    report_gig: "Signaler ce service",
    favourite: "Ajouter aux favoris",
    favourite_on: "Ajouté à vos favoris.",
    favourite_off: "Retiré de vos favoris.",
    sign_in_to_act: "Connectez-vous pour enregistrer ce service, le signaler ou le commander.",
    sign_in: "Se connecter",
    status_paused: "Ce service est en pause : il ne prend pas de commande pour l'instant.",
    status_archived: "Ce service est archivé : il ne prend plus de commande.",
    status_other: "État de ce service : {status}.",
    own_gig: "C'est votre service.",
    favourites_title: "Mes favoris",
    no_favourites: "Aucun favori : enregistrez des services avec « Ajouter aux favoris » sur leur page.",
    by: "par {seller}",
    by_label: "par",
    from: "À partir de {price}",
    remove: "Retirer",
    remove_named: "Retirer {title} des favoris",
    "reason.spam": "Spam",
    "reason.scam": "Arnaque",
    "reason.harassment": "Harcèlement",
    "reason.misinformation": "Désinformation",
    "reason.inappropriate": "Contenu inapproprié",
    "reason.false_statement": "Affirmation fausse",
    "reason.abuse": "Propos abusifs",
    "reason.personal_information": "Informations personnelles",
    "reason.other": "Autre",
    "status.active": "Actif",
    "status.paused": "En pause",
    "status.archived": "Archivé",
  },
});

// what the API accepts (openapi: Report.reason, ReviewReportCreate.reason)
const GIG_REPORT_REASONS = ["spam", "scam", "harassment", "misinformation", "inappropriate"];
const REVIEW_REPORT_REASONS = ["false_statement", "abuse", "spam", "personal_information", "other"];

export const tierName = (tier) => t(tier);
export const statusName = (status) => t(`status.${status}`);

const locale = () => (lang() === "fr" ? "fr-FR" : "en-US");

function displayName(type, code) {
  try {
    return new Intl.DisplayNames([locale()], { type }).of(code) || code;
  } catch {
    return code;
  }
}

function day(iso) {
  return iso ? new Intl.DateTimeFormat(locale(), { dateStyle: "medium" }).format(new Date(iso)) : "";
}

export function revisionsText(count) {
  if (count === 0) return t("revision_none");
  if (count === 1) return t("revision_one");
  return t("revisions", { count });
}

export function ratingText(rating, count) {
  if (rating == null) return t("no_reviews");
  return t(count === 1 ? "stars_one" : "stars", { rating: Number(rating).toFixed(1), count });
}

let categories = null;

async function categoryNames(slug, subSlug) {
  try {
    if (!categories) categories = (await get("/v1/categories")).categories;
  } catch {
    categories = [];
  }
  const category = categories.find((c) => c.slug === slug);
  const sub = category?.subcategories.find((s) => s.slug === subSlug);
  return [category?.name || slug, sub?.name || subSlug];
}

/** The links to write to a seller and to ask them for a quote (when they take quotes). */
export function contactLinks(seller, gigId) {
  const gig = gigId ? `&gig_id=${encodeURIComponent(gigId)}` : "";
  const user = encodeURIComponent(seller.username);
  return h(
    "div",
    { class: "row contact-links" },
    h("a", { class: "button", href: `#/inbox/new?with=${user}${gig}` }, t("contact")),
    seller.accepts_quotes !== false &&
      h("a", { class: "button", href: `#/sellers/${user}/quote${gigId ? `?gig_id=${encodeURIComponent(gigId)}` : ""}` }, t("quote")),
  );
}

/** "Online now" (C5, C6), as the API decides it (`online` of a gig or a profile). */
export function onlineBadge(online) {
  return online === true ? h("span", { class: "status online-now" }, t("online_now")) : null;
}

/** A seller's facts as a description list: level, rating, country, languages... */
export function sellerFacts(seller, { now } = {}) {
  const rows = [
    [t("level"), levelName(seller.level || "new")],
    [t("rating"), ratingText(seller.rating, seller.review_count)],
    seller.country && [t("country"), displayName("region", seller.country)],
    seller.languages?.length > 0 && [t("languages"), seller.languages.map((code) => displayName("language", code)).join(", ")],
    seller.last_seen_at && [t("last_seen"), relative(seller.last_seen_at, now)],
    seller.created_at && [t("member_since"), day(seller.created_at)],
    seller.completed_orders != null && [t("completed_orders"), String(seller.completed_orders)],
    seller.on_time_rate != null && [t("on_time"), `${Math.round(Number(seller.on_time_rate) * 100)} %`],
  ].filter(Boolean);
  return h(
    "dl",
    { class: "seller-facts" },
    rows.map(([name, value]) => h("div", {}, h("dt", {}, name), h("dd", {}, value))),
  );
}

function reasonField(reasons) {
  return field({
    label: t("reason"),
    name: "reason",
    type: "select",
    options: reasons.map((reason) => ({ value: reason, label: t(`reason.${reason}`) })),
  });
}

/** A disclosure holding a report form; once sent, the form gives way to a thank-you. */
function reportDisclosure({ summary, label, reasons, path }) {
  const holder = h("div", {});
  const form = apiForm({
    label,
    fields: [reasonField(reasons), field({ label: t("details"), name: "details", type: "textarea" })],
    submit: t("send_report"),
    action: async (values) => {
      await post(path, { reason: values.reason, ...(values.details ? { details: values.details } : {}) });
      holder.replaceChildren(h("p", { class: "notice", role: "status" }, t("report_sent")));
    },
  });
  holder.append(form);
  return h("details", { class: "report" }, h("summary", {}, summary), holder);
}

function reviewItem(review, user) {
  return h(
    "li",
    { class: "review" },
    h(
      "p",
      { class: "review-head" },
      h("span", { class: "review-stars" }, t("review_stars", { rating: Number(review.rating).toFixed(1) })),
      " · ",
      h("span", { class: "muted" }, t("review_by", { buyer: review.buyer, date: day(review.published_at) })),
    ),
    review.text && h("p", {}, review.text),
    user &&
      reportDisclosure({
        summary: [t("report"), h("span", { class: "visually-hidden" }, ` ${t("report_review", { buyer: review.buyer })}`)],
        label: t("report_review_form", { buyer: review.buyer }),
        reasons: REVIEW_REPORT_REASONS,
        path: `/v1/reviews/${encodeURIComponent(review.id)}/reports`,
      }),
  );
}

/** The seller's public reviews (V6), page by page, each reportable when signed in (V7). */
export async function reviewsSection(username, user, { headingLevel = "h2" } = {}) {
  const path = `/v1/sellers/${encodeURIComponent(username)}/reviews`;
  const first = await get(path, { limit: 10 });
  const list = h("ul", { class: "list reviews" }, first.results.map((review) => reviewItem(review, user)));
  let cursor = first.next_cursor;
  const more = actionButton(t("more"), async () => {
    const page = await get(path, { limit: 10, cursor });
    list.append(...page.results.map((review) => reviewItem(review, user)));
    cursor = page.next_cursor;
    more.hidden = !cursor;
  });
  more.hidden = !cursor;
  return h(
    "section",
    { class: "reviews-section", "aria-labelledby": "reviews-heading" },
    h(headingLevel, { id: "reviews-heading" }, t("reviews")),
    h(
      "p",
      { class: "muted" },
      first.rating == null
        ? t("no_reviews")
        : t(first.review_count === 1 ? "reviews_summary_one" : "reviews_summary", { rating: Number(first.rating).toFixed(1), count: first.review_count }),
    ),
    first.results.length ? list : null,
    more,
  );
}

/** A small card for a gig summary that is not a search result (a seller's gigs, favourites). */
export function simpleGigCard(gig, { seller, extra } = {}) {
  const thumb = gig.thumbnail_url;
  return h(
    "li",
    { class: "card gig-card" },
    thumb ? h("img", { src: thumb, alt: "", loading: "lazy", width: 400, height: 300 }) : h("div", { class: "thumb-placeholder", "aria-hidden": "true" }),
    h("h3", {}, h("a", { href: `#/gigs/${encodeURIComponent(gig.id)}` }, gig.title)),
    (seller || gig.seller) && h("p", { class: "muted" }, t("by", { seller: seller || gig.seller })),
    gig.status && gig.status !== "active" && h("p", {}, h("span", { class: "status" }, statusName(gig.status))),
    gig.price && h("p", { class: "price" }, t("from", { price: money(gig.price) })),
    extra,
  );
}

/** Whether the gig is among my favourites: the API lists them (GET /v1/me/favourites). */
async function isFavourite(gigId) {
  let cursor;
  for (let pages = 0; pages < 20; pages += 1) {
    const page = await get("/v1/me/favourites", { limit: 50, cursor });
    if (page.results.some((gig) => gig.id === gigId)) return true;
    cursor = page.next_cursor;
    if (!cursor) return false;
  }
  return false;
}

function favouriteButton(gigId, initially) {
  let on = initially;
  const star = h("span", { class: "star", "aria-hidden": "true" }, on ? "★" : "☆");
  const button = actionButton([star, " ", t("favourite")], async () => {
    const path = `/v1/me/favourites/${encodeURIComponent(gigId)}`;
    if (on) await del(path);
    else await put(path);
    on = !on;
    button.setAttribute("aria-pressed", String(on));
    star.textContent = on ? "★" : "☆";
    const status = document.getElementById("favourite-status");
    if (status) status.textContent = on ? t("favourite_on") : t("favourite_off");
  }, { attrs: { "aria-pressed": String(on), class: "button favourite" } });
  return button;
}

function statusNotice(status) {
  if (!status || status === "active") return null;
  const text = status === "paused" ? t("status_paused") : status === "archived" ? t("status_archived") : t("status_other", { status });
  return h("p", { class: "warning", role: "status" }, text);
}

function packageCard(gig, pack, orderable) {
  return h(
    "article",
    { class: "package", "aria-labelledby": `package-${pack.tier}` },
    h("h3", { id: `package-${pack.tier}` }, tierName(pack.tier)),
    h("p", { class: "price" }, money(pack.price)),
    pack.description && h("p", {}, pack.description),
    h(
      "ul",
      { class: "package-facts" },
      h("li", {}, t("delivery_days", { days: pack.delivery_days })),
      h("li", {}, revisionsText(pack.revisions)),
    ),
    orderable &&
      h(
        "a",
        { class: "button primary", href: `#/gigs/${encodeURIComponent(gig.id)}/order?package=${encodeURIComponent(pack.tier)}` },
        t("continue"),
        h("span", { class: "visually-hidden" }, ` ${t("continue_with", { tier: tierName(pack.tier) })}`),
      ),
  );
}

function gallery(gig) {
  const images = gig.gallery?.images || [];
  const doc = gig.gallery?.document;
  if (!images.length && !doc) return null;
  return h(
    "section",
    { class: "gallery", "aria-labelledby": "gallery-heading" },
    h("h2", { id: "gallery-heading" }, t("gallery")),
    images.length > 0 &&
      h(
        "ul",
        { class: "gallery-images" },
        images.map((image, index) =>
          h(
            "li",
            {},
            h(
              "a",
              { href: image.url },
              h("img", { src: image.thumbnail_url || image.url, alt: t("gallery_image", { n: index + 1, count: images.length, name: image.name }), loading: "lazy" }),
            ),
          ),
        ),
      ),
    doc && h("p", {}, h("a", { href: doc.url, type: doc.content_type }, t("document", { name: doc.name }))),
  );
}

async function gigPage({ params }) {
  const gig = await get(`/v1/gigs/${encodeURIComponent(params.id)}`);
  const user = await me().catch(() => null);
  const [seller, [categoryName, subcategoryName], favourite] = await Promise.all([
    get(`/v1/sellers/${encodeURIComponent(gig.seller)}`).catch(() => ({ username: gig.seller })),
    categoryNames(gig.category, gig.subcategory),
    user ? isFavourite(gig.id).catch(() => false) : false,
  ]);
  const mine = user && user.username === gig.seller;
  const orderable = gig.status === "active" && !mine;
  const sellerLink = h("a", { href: `#/sellers/${encodeURIComponent(gig.seller)}` }, gig.seller);

  const actions = user
    ? h(
        "div",
        { class: "stack gig-actions" },
        h("div", { class: "row" }, favouriteButton(gig.id, favourite)),
        h("p", { id: "favourite-status", class: "visually-hidden", role: "status" }),
        reportDisclosure({
          summary: t("report_gig"),
          label: t("report_gig"),
          reasons: GIG_REPORT_REASONS,
          path: `/v1/gigs/${encodeURIComponent(gig.id)}/reports`,
        }),
      )
    : h("p", { class: "muted" }, t("sign_in_to_act"), " ", h("a", { href: `#/sign-in?next=${encodeURIComponent(`/gigs/${gig.id}`)}` }, t("sign_in")));

  const sellerCard = h(
    "section",
    { class: "panel seller-card", "aria-labelledby": "seller-heading" },
    h("h2", { id: "seller-heading" }, t("about_seller")),
    h("p", { class: "seller-name" }, sellerLink, gig.online ? " " : null, onlineBadge(gig.online)),
    seller.on_vacation && h("p", { class: "warning" }, t("vacation")),
    sellerFacts(seller),
    !mine && contactLinks(seller, gig.id),
  );

  return h(
    "section",
    { class: "page gig-page" },
    h(
      "nav",
      { class: "muted breadcrumbs", "aria-label": t("category") },
      h("a", { href: `#/search?category=${encodeURIComponent(gig.category)}` }, categoryName),
      " › ",
      h("a", { href: `#/search?category=${encodeURIComponent(gig.category)}&subcategory=${encodeURIComponent(gig.subcategory)}` }, subcategoryName),
    ),
    h("h1", {}, gig.title),
    h("p", { class: "muted" }, t("by_label"), " ", h("a", { href: `#/sellers/${encodeURIComponent(gig.seller)}` }, gig.seller)),
    statusNotice(gig.status),
    mine && h("p", { class: "notice" }, t("own_gig")),
    h(
      "div",
      { class: "gig-layout" },
      h(
        "div",
        { class: "gig-main" },
        gallery(gig),
        h(
          "section",
          { "aria-labelledby": "packages-heading" },
          h("h2", { id: "packages-heading" }, t("packages")),
          h("div", { class: "packages" }, gig.packages.map((pack) => packageCard(gig, pack, orderable))),
        ),
        gig.extras?.length > 0 &&
          h(
            "section",
            { "aria-labelledby": "extras-heading" },
            h("h2", { id: "extras-heading" }, t("extras")),
            h(
              "ul",
              { class: "list extras" },
              gig.extras.map((extra) =>
                h(
                  "li",
                  {},
                  h("span", {}, extra.name),
                  " · ",
                  h("span", { class: "price" }, money(extra.price)),
                  extra.delivery_days ? [" · ", t("extra_days", { days: extra.delivery_days })] : null,
                ),
              ),
            ),
          ),
        h("section", { "aria-labelledby": "description-heading" }, h("h2", { id: "description-heading" }, t("description")), h("p", { class: "gig-description" }, gig.description)),
        gig.shows_reviews !== false && (await reviewsSection(gig.seller, user)),
      ),
      h("aside", { class: "gig-side" }, sellerCard, actions),
    ),
  );
}

async function favouritesPage() {
  await requireUser();
  const first = await get("/v1/me/favourites", { limit: 24 });
  const card = (gig) => {
    const remove = actionButton(
      [t("remove"), h("span", { class: "visually-hidden" }, ` ${t("remove_named", { title: gig.title })}`)],
      async () => {
        await del(`/v1/me/favourites/${encodeURIComponent(gig.id)}`);
        refresh();
      },
    );
    return simpleGigCard(gig, { extra: h("div", { class: "row" }, remove) });
  };
  const list = h("ul", { class: "cards" }, first.results.map(card));
  let cursor = first.next_cursor;
  const more = actionButton(t("more"), async () => {
    const page = await get("/v1/me/favourites", { limit: 24, cursor });
    list.append(...page.results.map(card));
    cursor = page.next_cursor;
    more.hidden = !cursor;
  });
  more.hidden = !cursor;
  return h(
    "section",
    { class: "page favourites-page" },
    h("h1", {}, t("favourites_title")),
    first.results.length ? list : h("p", {}, t("no_favourites")),
    more,
  );
}

export const routes = [
  { path: "/gigs/:id", render: gigPage },
  { path: "/favourites", render: favouritesPage },
];
