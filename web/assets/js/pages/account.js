// My account (A1, C6, P2, T3): the profile buyers see (country, languages, quotes on or
// off, vacation) and my payment methods (add a sandbox card, pick the default, remove).
import { del, get, patch, post, put } from "../api.js";
import { alertBox, field, h, toast } from "../dom.js";
import { actionButton, apiForm } from "../forms.js";
import { translator, when } from "../i18n.js";
import { refresh } from "../router.js";
import { me, requireUser } from "../session.js";

const t = translator({
  en: {
    title: "My account",
    profile: "Profile",
    username: "Username",
    email: "Email",
    level: "Seller level",
    member_since: "Member since {date}",
    country: "Country (two capital letters, e.g. FR)",
    languages: "Languages (two-letter codes separated by commas, e.g. en, fr)",
    accepts_quotes: "Buyers may ask me for a quote",
    on_vacation: "I am on vacation",
    vacation_hint: "While on vacation, buyers see that you are away.",
    save_profile: "Save my profile",
    profile_saved: "Your profile is saved.",
    cards: "Payment methods",
    cards_hint: "The default card is charged when a payment names none (tips).",
    no_cards: "No card yet.",
    card: "{brand} ending in {last4}",
    default: "Default",
    added: "added {date}",
    make_default: "Make default",
    remove: "Remove",
    add_card: "Add a card",
    card_number: "Card number",
    card_hint: "Sandbox: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined.",
    card_added: "The card is added.",
    card_removed: "The card is removed.",
    default_set: "This card is now the default.",
    selling_link: "Selling and earnings",
    "level.new": "New seller",
    "level.level_one": "Level one",
    "level.level_two": "Level two",
    "level.top_rated": "Top rated",
    "level.pro": "Pro",
  },
  fr: {
    title: "Mon compte",
    profile: "Profil",
    username: "Nom d'utilisateur",
    email: "E-mail",
    level: "Niveau vendeur",
    member_since: "Membre depuis le {date}",
    country: "Pays (deux majuscules, ex. FR)",
    languages: "Langues (codes à deux lettres séparés par des virgules, ex. en, fr)",
    accepts_quotes: "Les acheteurs peuvent me demander un devis",
    on_vacation: "Je suis en vacances",
    vacation_hint: "Pendant vos vacances, les acheteurs voient que vous êtes absent.",
    save_profile: "Enregistrer mon profil",
    profile_saved: "Votre profil est enregistré.",
    cards: "Moyens de paiement",
    cards_hint: "La carte par défaut est débitée quand un paiement n'en nomme aucune (pourboires).",
    no_cards: "Aucune carte pour l'instant.",
    card: "{brand} se terminant par {last4}",
    default: "Par défaut",
    added: "ajoutée le {date}",
    make_default: "Définir par défaut",
    remove: "Retirer",
    add_card: "Ajouter une carte",
    card_number: "Numéro de carte",
    card_hint: "Bac à sable : 4242 4242 4242 4242 réussit, 4000 0000 0000 0002 est refusée.",
    card_added: "La carte est ajoutée.",
    card_removed: "La carte est retirée.",
    default_set: "Cette carte est désormais celle par défaut.",
    selling_link: "Vente et revenus",
    "level.new": "Nouveau vendeur",
    "level.level_one": "Niveau un",
    "level.level_two": "Niveau deux",
    "level.top_rated": "Très bien noté",
    "level.pro": "Pro",
  },
});

function profileForm(user) {
  return apiForm({
    label: t("profile"),
    submit: t("save_profile"),
    className: "stack profile-form",
    fields: [
      field({ label: t("country"), name: "country", value: user.country || "", attrs: { maxlength: 2, autocomplete: "country" } }),
      field({ label: t("languages"), name: "languages", value: (user.languages || []).join(", ") }),
      field({ label: t("accepts_quotes"), name: "accepts_quotes", type: "checkbox", value: user.accepts_quotes }),
      field({ label: t("on_vacation"), name: "on_vacation", type: "checkbox", value: user.on_vacation, hint: t("vacation_hint") }),
    ],
    action: async (chosen) => {
      const body = {
        country: chosen.country ? chosen.country.toUpperCase() : null,
        languages: (chosen.languages || "")
          .split(/[,\s]+/)
          .map((code) => code.trim().toLowerCase())
          .filter(Boolean),
        accepts_quotes: chosen.accepts_quotes,
        on_vacation: chosen.on_vacation,
      };
      await patch("/v1/me", body);
      await me({ fresh: true });
      toast(t("profile_saved"));
      refresh();
    },
  });
}

function cardItem(card, errorBox) {
  const name = t("card", { brand: card.brand, last4: card.last4 });
  return h(
    "li",
    { class: "row spread", dataset: { card: card.id } },
    h(
      "div",
      {},
      h("strong", {}, name),
      card.is_default ? [" ", h("span", { class: "status is-default" }, t("default"))] : null,
      h("span", { class: "muted" }, " · ", t("added", { date: when(card.created_at) })),
    ),
    h(
      "div",
      { class: "row" },
      !card.is_default &&
        actionButton(
          t("make_default"),
          async () => {
            await put(`/v1/me/payment-methods/${card.id}/default`);
            toast(t("default_set"));
            refresh();
          },
          { errorBox, attrs: { "aria-label": `${t("make_default")}: ${name}` } },
        ),
      actionButton(
        t("remove"),
        async () => {
          await del(`/v1/me/payment-methods/${card.id}`);
          toast(t("card_removed"));
          refresh();
        },
        { kind: "danger", errorBox, attrs: { "aria-label": `${t("remove")}: ${name}` } },
      ),
    ),
  );
}

async function accountPage() {
  const user = await requireUser();
  const [fresh, cards] = await Promise.all([me({ fresh: true }), get("/v1/me/payment-methods")]);
  const account = fresh || user;
  const errorBox = alertBox();
  return h(
    "section",
    { class: "page account" },
    h("h1", {}, t("title")),
    h("p", {}, h("a", { href: "#/selling" }, t("selling_link"))),
    h(
      "section",
      { class: "panel", "aria-labelledby": "profile-title" },
      h("h2", { id: "profile-title" }, t("profile")),
      h(
        "dl",
        { class: "figures" },
        h("div", { class: "figure" }, h("dt", {}, t("username")), h("dd", {}, account.username)),
        h("div", { class: "figure" }, h("dt", {}, t("email")), h("dd", {}, account.email)),
        h("div", { class: "figure" }, h("dt", {}, t("level")), h("dd", {}, t(`level.${account.level}`))),
      ),
      h("p", { class: "muted" }, t("member_since", { date: when(account.created_at) })),
      profileForm(account),
    ),
    h(
      "section",
      { class: "panel", "aria-labelledby": "cards-title" },
      h("h2", { id: "cards-title" }, t("cards")),
      h("p", { class: "hint" }, t("cards_hint")),
      errorBox,
      cards.results.length
        ? h("ul", { class: "list cards-list" }, cards.results.map((card) => cardItem(card, errorBox)))
        : h("p", { class: "muted" }, t("no_cards")),
      h("h3", {}, t("add_card")),
      apiForm({
        label: t("add_card"),
        submit: t("add_card"),
        fields: [
          field({
            label: t("card_number"),
            name: "card_number",
            hint: t("card_hint"),
            attrs: { inputmode: "numeric", autocomplete: "cc-number", maxlength: 23 },
          }),
        ],
        action: async ({ card_number }) => {
          await post("/v1/me/payment-methods", { card_number: card_number || "" });
          toast(t("card_added"));
          refresh();
        },
      }),
    ),
  );
}

export const routes = [{ path: "/account", render: accountPage }];
