// The header on every page: the brand, a search box, what the signed-in person can open
// (with the count of unread notifications, kept live), the language, sign in or out.
import { get } from "./api.js";
import { h } from "./dom.js";
import { LANGUAGES, lang, setLang, translator } from "./i18n.js";
import { me, signOut } from "./session.js";
import { navigate } from "./router.js";

const t = translator({
  en: {
    skip: "Skip to content",
    main_nav: "Main",
    search: "Search services",
    search_button: "Search",
    orders: "Orders",
    requests: "Requests",
    quotes: "Quotes",
    inbox: "Inbox",
    notifications: "Notifications",
    unread: "{count} unread",
    selling: "Selling",
    admin: "Admin",
    sign_in: "Sign in",
    join: "Join",
    sign_out: "Sign out",
    language: "Language",
    signed_in_as: "Signed in as {name}",
  },
  fr: {
    skip: "Aller au contenu",
    main_nav: "Principal",
    search: "Rechercher des services",
    search_button: "Rechercher",
    orders: "Commandes",
    requests: "Demandes",
    quotes: "Devis",
    inbox: "Messagerie",
    notifications: "Notifications",
    unread: "{count} non lues",
    selling: "Vendre",
    admin: "Administration",
    sign_in: "Se connecter",
    join: "S'inscrire",
    sign_out: "Se déconnecter",
    language: "Langue",
    signed_in_as: "Connecté en tant que {name}",
  },
});

function searchBox() {
  const input = h("input", {
    type: "search",
    name: "q",
    id: "header-search",
    placeholder: t("search"),
    "aria-label": t("search"),
    autocomplete: "off",
  });
  return h(
    "form",
    {
      class: "header-search",
      role: "search",
      onSubmit: (event) => {
        event.preventDefault();
        navigate(`/search?q=${encodeURIComponent(input.value.trim())}`);
      },
    },
    input,
    h("button", { type: "submit" }, t("search_button")),
  );
}

function languageSwitch() {
  const select = h(
    "select",
    { id: "language", "aria-label": t("language"), onChange: () => setLang(select.value) },
    Object.entries(LANGUAGES).map(([code, name]) =>
      h("option", { value: code, selected: code === lang(), lang: code }, name),
    ),
  );
  return select;
}

function badge(count) {
  return count > 0 ? h("span", { class: "badge", "aria-label": t("unread", { count }) }, String(count)) : null;
}

async function unreadCount() {
  try {
    return (await get("/v1/me/notifications", { unread: "true", limit: 1 })).unread_count || 0;
  } catch {
    return 0;
  }
}

export async function renderHeader() {
  const header = document.getElementById("top");
  document.getElementById("skip-link").textContent = t("skip");
  document.documentElement.lang = lang();
  const user = await me().catch(() => null);
  const links = [];
  if (user) {
    const unread = await unreadCount();
    links.push(
      h("a", { href: "#/orders" }, t("orders")),
      h("a", { href: "#/requests" }, t("requests")),
      h("a", { href: "#/quotes" }, t("quotes")),
      h("a", { href: "#/inbox" }, t("inbox")),
      h("a", { href: "#/notifications", id: "nav-notifications" }, t("notifications"), " ", badge(unread)),
      h("a", { href: "#/selling" }, t("selling")),
      user.role === "admin" && h("a", { href: "#/admin" }, t("admin")),
      h(
        "button",
        {
          type: "button",
          class: "link-button",
          title: t("signed_in_as", { name: user.username }),
          onClick: () => {
            signOut();
            navigate("/");
          },
        },
        t("sign_out"),
      ),
    );
  } else {
    links.push(h("a", { href: "#/sign-in" }, t("sign_in")), h("a", { href: "#/sign-up", class: "button" }, t("join")));
  }
  header.replaceChildren(
    h("a", { href: "#/", class: "brand" }, "Microtache"),
    searchBox(),
    h("nav", { "aria-label": t("main_nav") }, links),
    languageSwitch(),
  );
}

window.addEventListener("microtache:live", (event) => {
  if (event.detail.type === "notification_created") renderHeader();
});
