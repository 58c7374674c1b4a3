// Who is signed in: the token (api.js) and the account it names, read once per change.
import { get, post, setToken, token } from "./api.js";
import { currentPath, navigate } from "./router.js";

let account = null;

/** The signed-in account (GET /v1/me), or null when nobody is. */
export async function me({ fresh = false } = {}) {
  if (!token()) return null;
  if (!account || fresh) {
    try {
      account = await get("/v1/me");
    } catch (error) {
      if (error.status === 401) return null;
      throw error;
    }
  }
  return account;
}

export async function signIn(username, password) {
  const answer = await post("/v1/auth/token", { username, password });
  setToken(answer.access_token);
  account = null;
  window.dispatchEvent(new CustomEvent("microtache:signed-in"));
  return me();
}

export function signOut() {
  setToken(null);
  account = null;
  window.dispatchEvent(new CustomEvent("microtache:signed-out"));
}

window.addEventListener("microtache:signed-out", () => {
  account = null;
});

/** Thrown when a page sent the user elsewhere (to sign in) instead of rendering. */
export class Redirected extends Error {
  constructor() {
    super("redirected");
    this.name = "Redirected";
  }
}

/** The signed-in account; otherwise off to the sign-in page, back here afterwards. */
export async function requireUser() {
  const user = await me();
  if (!user) {
    navigate(`/sign-in?next=${encodeURIComponent(currentPath())}`);
    throw new Redirected();
  }
  return user;
}
