// French and English. The language is the browser's (French when it prefers French),
// until the user picks one in the header; it is remembered in this browser.
// Each page holds its own words in both languages: `const t = translator({en: {...}, fr: {...}})`.

const KEY = "microtache.lang";
export const LANGUAGES = { en: "English", fr: "Français" };

export function lang() {
  const chosen = localStorage.getItem(KEY);
  if (chosen in LANGUAGES) return chosen;
  const preferred = navigator.languages?.[0] || navigator.language || "en";
  return preferred.toLowerCase().startsWith("fr") ? "fr" : "en";
}

export function setLang(value) {
  localStorage.setItem(KEY, value);
  document.documentElement.lang = value;
  window.dispatchEvent(new CustomEvent("microtache:language"));
}

const COMMON = {
  en: {
    loading: "Loading…",
    save: "Save",
    send: "Send",
    cancel: "Cancel",
    close: "Close",
    more: "Show more",
    none: "Nothing here yet.",
    error_title: "Something went wrong",
    back_home: "Back to the home page",
    not_found_page: "There is no such page.",
    signed_out_now: "Your session has ended: sign in again.",
    "error.payment_failed": "The payment was declined: {message}",
    "error.forbidden": "You may not do this: {message}",
    "error.not_found": "Not found: {message}",
    "error.conflict": "This changed meanwhile: {message}",
    "error.rule_violation": "Not allowed by the rules: {message}",
    "error.invalid_input": "Some fields are not valid: {message}",
    "error.unauthenticated": "Please sign in: {message}",
    "error.too_many_requests": "Too many attempts; try again in a moment.",
    "error.service_unavailable": "The marketplace is busy; try again in a moment.",
    "error.network": "The marketplace cannot be reached; check your connection.",
  },
  fr: {
    loading: "Chargement…",
    save: "Enregistrer",
    send: "Envoyer",
    cancel: "Annuler",
    close: "Fermer",
    more: "Voir plus",
    none: "Rien pour l'instant.",
    error_title: "Un problème est survenu",
    back_home: "Retour à l'accueil",
    not_found_page: "Cette page n'existe pas.",
    signed_out_now: "Votre session a pris fin : reconnectez-vous.",
    "error.payment_failed": "Le paiement a été refusé : {message}",
    "error.forbidden": "Vous ne pouvez pas faire cela : {message}",
    "error.not_found": "Introuvable : {message}",
    "error.conflict": "Ceci a changé entre-temps : {message}",
    "error.rule_violation": "Les règles ne le permettent pas : {message}",
    "error.invalid_input": "Certains champs ne sont pas valides : {message}",
    "error.unauthenticated": "Veuillez vous connecter : {message}",
    "error.too_many_requests": "Trop de tentatives ; réessayez dans un instant.",
    "error.service_unavailable": "La plateforme est occupée ; réessayez dans un instant.",
    "error.network": "La plateforme est injoignable ; vérifiez votre connexion.",
  },
};

function format(text, vars) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (vars && name in vars ? String(vars[name]) : whole));
}

/** `t("key", {vars})` from the page's own words, else the common ones, else the key. */
export function translator(messages = {}) {
  return (key, vars) => {
    const here = lang();
    const text =
      messages[here]?.[key] ?? COMMON[here]?.[key] ?? messages.en?.[key] ?? COMMON.en[key] ?? key;
    return format(text, vars);
  };
}

export const t = translator();

/** What to show for an API error: its meaning in the user's language, with the
 * service's own message (which names the rule, e.g. "(O9)"). */
export function errorText(error) {
  if (!error || !error.code) return t("error.network");
  const key = `error.${error.code}`;
  const known = COMMON.en[key] !== undefined;
  return known ? t(key, { message: error.message }) : error.message;
}

const locale = () => (lang() === "fr" ? "fr-FR" : "en-US");

/** {amount, currency} in minor units, e.g. "$25.00" or "25,00 $US". */
export function money(value) {
  if (!value) return "";
  return new Intl.NumberFormat(locale(), { style: "currency", currency: value.currency }).format(
    value.amount / 100,
  );
}

/** An ISO time as a date and time in the user's language. */
export function when(iso) {
  if (!iso) return "";
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(
    new Date(iso),
  );
}

/** An ISO time relative to `now` (the platform's clock when known): "in 3 days", "il y a 2 heures". */
export function relative(iso, now = new Date()) {
  if (!iso) return "";
  const seconds = (new Date(iso) - new Date(now)) / 1000;
  const units = [
    ["day", 86400],
    ["hour", 3600],
    ["minute", 60],
    ["second", 1],
  ];
  const format = new Intl.RelativeTimeFormat(locale(), { numeric: "auto" });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === "second") return format.format(Math.round(seconds / size), unit);
  }
  return "";
}
