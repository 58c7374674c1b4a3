// Home and search (C4, C5): text with suggestions, every filter, the sorts, "online now",
// and more results page by page (the API's cursor). The address holds the query, so a
// search can be bookmarked, shared and gone back to.
import { get } from "../api.js";
import { field, h, values } from "../dom.js";
import { actionButton } from "../forms.js";
import { money, translator } from "../i18n.js";
import { navigate } from "../router.js";

const t = translator({
  en: {
    home_title: "Find the right freelance service",
    results_title: "Services",
    results_for: "Results for “{q}”",
    search: "What are you looking for?",
    search_button: "Search",
    filters: "Filters",
    category: "Category",
    subcategory: "Subcategory",
    any: "Any",
    max_delivery_days: "Delivery within (days)",
    min_price: "Minimum price ($)",
    max_price: "Maximum price ($)",
    online: "Online sellers now",
    seller_level: "Seller level",
    language: "Seller language (two letters)",
    country: "Seller country (two letters)",
    sort: "Sort by",
    apply: "Apply filters",
    clear: "Clear",
    relevance: "Relevance",
    price: "Price",
    rating: "Rating",
    reviews: "Number of reviews",
    newest: "Newest",
    new: "New seller",
    level_one: "Level one",
    level_two: "Level two",
    top_rated: "Top rated",
    pro: "Pro",
    from: "From {price}",
    no_results: "No service matches. Try fewer filters.",
    count: "{count} services shown",
    by: "by {seller}",
    stars: "{rating} out of 5 ({count} reviews)",
    no_reviews: "No reviews yet",
    categories: "Browse by category",
  },
  fr: {
    home_title: "Trouvez le bon service freelance",
    results_title: "Services",
    results_for: "Résultats pour « {q} »",
    search: "Que cherchez-vous ?",
    search_button: "Rechercher",
    filters: "Filtres",
    category: "Catégorie",
    subcategory: "Sous-catégorie",
    any: "Toutes",
    max_delivery_days: "Livraison sous (jours)",
    min_price: "Prix minimum ($)",
    max_price: "Prix maximum ($)",
    online: "Vendeurs en ligne maintenant",
    seller_level: "Niveau du vendeur",
    language: "Langue du vendeur (deux lettres)",
    country: "Pays du vendeur (deux lettres)",
    sort: "Trier par",
    apply: "Appliquer les filtres",
    clear: "Effacer",
    relevance: "Pertinence",
    price: "Prix",
    rating: "Note",
    reviews: "Nombre d'avis",
    newest: "Plus récents",
    new: "Nouveau vendeur",
    level_one: "Niveau un",
    level_two: "Niveau deux",
    top_rated: "Très bien noté",
    pro: "Pro",
    from: "À partir de {price}",
    no_results: "Aucun service ne correspond. Essayez moins de filtres.",
    count: "{count} services affichés",
    by: "par {seller}",
    stars: "{rating} sur 5 ({count} avis)",
    no_reviews: "Pas encore d'avis",
    categories: "Parcourir par catégorie",
  },
});

const LEVELS = ["new", "level_one", "level_two", "top_rated", "pro"];
const SORTS = ["relevance", "price", "rating", "reviews", "newest"];
const FILTERS = ["q", "category", "subcategory", "attributes", "max_delivery_days", "min_price", "max_price", "online", "seller_level", "language", "country", "sort"];

let categories = null;

async function categoryTree() {
  if (!categories) categories = (await get("/v1/categories")).categories;
  return categories;
}

export function levelName(level) {
  return t(level);
}

/** A search result or gig summary as a card linking to its page. */
export function gigCard(gig) {
  const rating =
    gig.seller_rating != null
      ? t("stars", { rating: Number(gig.seller_rating).toFixed(1), count: gig.seller_review_count })
      : t("no_reviews");
  return h(
    "li",
    { class: "card gig-card" },
    gig.thumbnail_url ? h("img", { src: gig.thumbnail_url, alt: "", loading: "lazy", width: 400, height: 300 }) : h("div", { class: "thumb-placeholder", "aria-hidden": "true" }),
    h("h3", {}, h("a", { href: `#/gigs/${gig.id}` }, gig.title)),
    h("p", { class: "muted" }, t("by", { seller: gig.seller }), " · ", t(gig.seller_level || "new")),
    h("p", { class: "muted" }, rating),
    h("p", { class: "price" }, t("from", { price: money(gig.price) })),
  );
}

function suggestions(input, list) {
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) return;
    timer = setTimeout(async () => {
      const answer = await get("/v1/search/suggestions", { q }).catch(() => ({ suggestions: [] }));
      list.replaceChildren(...answer.suggestions.map((s) => h("option", { value: s.term })));
    }, 150);
  });
}

function attributeFields(subcategory, chosen) {
  const picked = Object.fromEntries(
    (chosen || "").split(",").filter(Boolean).map((pair) => pair.split(":").map((part) => part.trim())),
  );
  return (subcategory?.attributes || []).map((attribute) =>
    field({
      label: attribute.name,
      name: `attr:${attribute.slug}`,
      type: "select",
      value: picked[attribute.slug] || "",
      options: [{ value: "", label: t("any") }, ...attribute.values.map((v) => ({ value: v, label: v }))],
    }),
  );
}

function toQuery(form) {
  const chosen = values(form);
  const query = {};
  const attributes = [];
  for (const [key, value] of Object.entries(chosen)) {
    if (key.startsWith("attr:")) attributes.push(`${key.slice(5)}:${value}`);
    else if (key === "min_price" || key === "max_price") query[key] = Math.round(Number(value) * 100);
    else if (key === "online") {
      if (value) query.online = "true";
    } else query[key] = value;
  }
  if (attributes.length) query.attributes = attributes.join(",");
  return query;
}

function address(query) {
  const search = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== "")).toString();
  return `/search${search ? `?${search}` : ""}`;
}

function filtersForm(query, tree) {
  const category = tree.find((c) => c.slug === query.category);
  const subcategory = category?.subcategories.find((s) => s.slug === query.subcategory);
  const dollars = (minor) => (minor === undefined ? undefined : Number(minor) / 100);
  const form = h(
    "form",
    { class: "filters", "aria-label": t("filters") },
    h("h2", {}, t("filters")),
    field({
      label: t("category"),
      name: "category",
      type: "select",
      value: query.category || "",
      options: [{ value: "", label: t("any") }, ...tree.map((c) => ({ value: c.slug, label: c.name }))],
    }),
    category &&
      field({
        label: t("subcategory"),
        name: "subcategory",
        type: "select",
        value: query.subcategory || "",
        options: [{ value: "", label: t("any") }, ...category.subcategories.map((s) => ({ value: s.slug, label: s.name }))],
      }),
    attributeFields(subcategory, query.attributes),
    field({ label: t("max_delivery_days"), name: "max_delivery_days", type: "number", value: query.max_delivery_days, attrs: { min: 1, max: 90 } }),
    field({ label: t("min_price"), name: "min_price", type: "number", value: dollars(query.min_price), attrs: { min: 0, step: "0.01" } }),
    field({ label: t("max_price"), name: "max_price", type: "number", value: dollars(query.max_price), attrs: { min: 0, step: "0.01" } }),
    field({ label: t("online"), name: "online", type: "checkbox", value: query.online === "true" }),
    field({
      label: t("seller_level"),
      name: "seller_level",
      type: "select",
      value: query.seller_level || "",
      options: [{ value: "", label: t("any") }, ...LEVELS.map((level) => ({ value: level, label: t(level) }))],
    }),
    field({ label: t("language"), name: "language", value: query.language, attrs: { maxlength: 2, pattern: "[a-z]{2}" } }),
    field({ label: t("country"), name: "country", value: query.country, attrs: { maxlength: 2, pattern: "[A-Z]{2}" } }),
    field({
      label: t("sort"),
      name: "sort",
      type: "select",
      value: query.sort || "relevance",
      options: SORTS.map((sort) => ({ value: sort, label: t(sort) })),
    }),
    h("input", { type: "hidden", name: "q", value: query.q || "" }),
    h("div", { class: "row" }, h("button", { type: "submit", class: "button primary" }, t("apply")), h("a", { href: "#/search", class: "button" }, t("clear"))),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    navigate(address(toQuery(form)));
  });
  // a new category or subcategory brings its own subcategories and attributes
  form.addEventListener("change", (event) => {
    if (event.target.name === "category" && form.elements.subcategory) form.elements.subcategory.value = "";
    if (event.target.name === "category" || event.target.name === "subcategory") {
      for (const el of [...form.elements]) if (el.name?.startsWith("attr:")) el.value = "";
      navigate(address(toQuery(form)));
    }
  });
  return form;
}

async function searchPage({ query }, home = false) {
  const tree = await categoryTree();
  const asked = Object.fromEntries(FILTERS.filter((key) => query[key]).map((key) => [key, query[key]]));
  const first = await get("/v1/search/gigs", { ...asked, limit: 12 });
  const list = h("ul", { class: "cards", "aria-live": "polite" }, first.results.map(gigCard));
  const shown = h("p", { class: "muted" }, t("count", { count: first.results.length }));
  let cursor = first.next_cursor;
  const more = actionButton(t("more"), async () => {
    const page = await get("/v1/search/gigs", { ...asked, limit: 12, cursor });
    list.append(...page.results.map(gigCard));
    cursor = page.next_cursor;
    shown.textContent = t("count", { count: list.children.length });
    more.hidden = !cursor;
  });
  more.hidden = !cursor;
  const input = h("input", { type: "search", name: "q", id: "search-q", value: query.q || "", list: "search-suggestions", autocomplete: "off" });
  const datalist = h("datalist", { id: "search-suggestions" });
  suggestions(input, datalist);
  const box = h(
    "form",
    {
      class: "search-box",
      role: "search",
      onSubmit: (event) => {
        event.preventDefault();
        navigate(address({ ...asked, q: input.value.trim() || undefined, cursor: undefined }));
      },
    },
    h("label", { for: "search-q" }, t("search")),
    h("div", { class: "row" }, input, datalist, h("button", { type: "submit", class: "button primary" }, t("search_button"))),
  );
  const heading = home ? t("home_title") : query.q ? t("results_for", { q: query.q }) : t("results_title");
  return h(
    "section",
    { class: "page" },
    h("h1", {}, heading),
    box,
    home &&
      h(
        "nav",
        { "aria-label": t("categories"), class: "chips" },
        tree.map((c) => h("a", { href: `#${address({ category: c.slug })}`, class: "chip" }, c.name)),
      ),
    h(
      "div",
      { class: "with-sidebar" },
      filtersForm(asked, tree),
      h(
        "div",
        { class: "results" },
        h("h2", { class: "visually-hidden" }, t("results_title")),
        shown,
        first.results.length ? list : h("p", {}, t("no_results")),
        more,
      ),
    ),
  );
}

export const routes = [
  { path: "/", render: (context) => searchPage(context, true) },
  { path: "/search", render: (context) => searchPage(context) },
];
