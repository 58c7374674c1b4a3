// Sign up and sign in (A1). The token lives in this browser's storage; signing out forgets it.
import { post } from "../api.js";
import { field, h } from "../dom.js";
import { apiForm } from "../forms.js";
import { translator } from "../i18n.js";
import { navigate } from "../router.js";
import { signIn } from "../session.js";

const t = translator({
  en: {
    sign_in: "Sign in",
    sign_up: "Join Microtache",
    username: "Username",
    email: "Email",
    password: "Password",
    password_hint: "At least 8 characters, hard to guess.",
    username_hint: "3 to 30 lower-case letters, digits and underscores.",
    country: "Country (two letters, optional)",
    create: "Create my account",
    no_account: "New here?",
    have_account: "Already a member?",
  },
  fr: {
    sign_in: "Se connecter",
    sign_up: "Rejoindre Microtache",
    username: "Nom d'utilisateur",
    email: "E-mail",
    password: "Mot de passe",
    password_hint: "Au moins 8 caractères, difficile à deviner.",
    username_hint: "3 à 30 lettres minuscules, chiffres et tirets bas.",
    country: "Pays (deux lettres, facultatif)",
    create: "Créer mon compte",
    no_account: "Nouveau ici ?",
    have_account: "Déjà membre ?",
  },
});

function afterSignIn(query) {
  navigate(query.next && query.next.startsWith("/") ? query.next : "/");
}

function signInPage({ query }) {
  return h(
    "section",
    { class: "page narrow" },
    h("h1", {}, t("sign_in")),
    apiForm({
      label: t("sign_in"),
      submit: t("sign_in"),
      fields: [
        field({ label: t("username"), name: "username", attrs: { autocomplete: "username", required: true } }),
        field({ label: t("password"), name: "password", type: "password", attrs: { autocomplete: "current-password", required: true } }),
      ],
      action: async ({ username, password }) => {
        await signIn(username || "", password || "");
        afterSignIn(query);
      },
    }),
    h("p", {}, t("no_account"), " ", h("a", { href: "#/sign-up" }, t("sign_up"))),
  );
}

function signUpPage({ query }) {
  return h(
    "section",
    { class: "page narrow" },
    h("h1", {}, t("sign_up")),
    apiForm({
      label: t("sign_up"),
      submit: t("create"),
      fields: [
        field({ label: t("username"), name: "username", hint: t("username_hint"), attrs: { autocomplete: "username", required: true } }),
        field({ label: t("email"), name: "email", type: "email", attrs: { autocomplete: "email", required: true } }),
        field({ label: t("password"), name: "password", type: "password", hint: t("password_hint"), attrs: { autocomplete: "new-password", required: true } }),
        field({ label: t("country"), name: "country", attrs: { autocomplete: "country", maxlength: 2 } }),
      ],
      action: async (body) => {
        await post("/v1/auth/signup", body);
        await signIn(body.username, body.password);
        afterSignIn(query);
      },
    }),
    h("p", {}, t("have_account"), " ", h("a", { href: "#/sign-in" }, t("sign_in"))),
  );
}

export const routes = [
  { path: "/sign-in", render: signInPage },
  { path: "/sign-up", render: signUpPage },
];
