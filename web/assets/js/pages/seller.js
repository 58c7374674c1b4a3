// A seller's public profile (C6): level, rating, member since, country, languages,
// online now and vacation (C5, C6: as the API says), their services and their public reviews (V6, reportable: V7); links to
// write to them and to ask for a quote when they take quotes.
import { get } from "../api.js";
import { h } from "../dom.js";
import { translator } from "../i18n.js";
import { me } from "../session.js";
import { contactLinks, onlineBadge, reviewsSection, sellerFacts, simpleGigCard } from "./gig.js";

const t = translator({
  en: {
    profile: "Seller profile",
    gigs: "Services",
    no_gigs: "This seller offers no service at the moment.",
    vacation: "This seller is on vacation.",
    yours: "This is your public profile.",
  },
  fr: {
    profile: "Profil du vendeur",
    gigs: "Services",
    no_gigs: "Ce vendeur ne propose aucun service pour l'instant.",
    vacation: "Ce vendeur est en vacances.",
    yours: "C'est votre profil public.",
  },
});

async function sellerPage({ params }) {
  const username = params.username;
  const [seller, user] = await Promise.all([get(`/v1/sellers/${encodeURIComponent(username)}`), me().catch(() => null)]);
  const mine = user && user.username === seller.username;
  const gigs = seller.gigs || [];
  return h(
    "section",
    { class: "page seller-page" },
    h("p", { class: "muted" }, t("profile")),
    h("h1", {}, seller.username),
    seller.online && h("p", {}, onlineBadge(seller.online)),
    seller.on_vacation && h("p", { class: "warning", role: "status" }, t("vacation")),
    mine && h("p", { class: "notice" }, t("yours")),
    h(
      "div",
      { class: "seller-layout" },
      h(
        "section",
        { class: "panel seller-card", "aria-label": t("profile") },
        sellerFacts(seller),
        !mine && contactLinks(seller),
      ),
      h(
        "div",
        { class: "seller-main" },
        h(
          "section",
          { "aria-labelledby": "seller-gigs-heading" },
          h("h2", { id: "seller-gigs-heading" }, t("gigs")),
          gigs.length ? h("ul", { class: "cards" }, gigs.map((gig) => simpleGigCard(gig, { seller: "" }))) : h("p", {}, t("no_gigs")),
        ),
        await reviewsSection(seller.username, user),
      ),
    ),
  );
}

export const routes = [{ path: "/sellers/:username", render: sellerPage }];
