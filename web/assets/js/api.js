// The one way the web app talks to the marketplace: the public JSON API of this same
// deployment, with the user's bearer token. Errors arrive as ApiError with the API's
// code, message and details; the app never decides a business rule itself.

const TOKEN = "microtache.token";

export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code || (status ? `http_${status}` : "network");
    this.details = error.details || {};
  }
}

export function token() {
  return localStorage.getItem(TOKEN);
}

export function setToken(value) {
  if (value) localStorage.setItem(TOKEN, value);
  else localStorage.removeItem(TOKEN);
}

/** A fresh Idempotency-Key: one per user intention (a click), reused on its retries. */
export function idempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function api(path, { method = "GET", body, query, idempotency } = {}) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, value);
  }
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token()) headers.Authorization = `Bearer ${token()}`;
  if (idempotency) headers["Idempotency-Key"] = idempotency;
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, null);
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401 && token()) {
      setToken(null);
      window.dispatchEvent(new CustomEvent("microtache:signed-out"));
    }
    throw new ApiError(response.status, data);
  }
  return data;
}

export const get = (path, query) => api(path, { query });
export const post = (path, body = {}, options = {}) => api(path, { method: "POST", body, ...options });
export const put = (path, body, options = {}) => api(path, { method: "PUT", body, ...options });
export const patch = (path, body) => api(path, { method: "PATCH", body });
export const del = (path) => api(path, { method: "DELETE" });

/** Sends a File as an upload for `use` (e.g. "delivery") and answers its id, to name
 * where it is used: the bytes go straight to storage, never in a JSON body. */
export async function upload(file, use) {
  const ticket = await post("/v1/uploads", {
    use,
    name: file.name,
    content_type: file.type || "application/octet-stream",
    size: file.size,
  });
  let response;
  try {
    response = await fetch(ticket.upload_url, {
      method: ticket.method,
      headers: ticket.headers,
      body: file,
    });
  } catch {
    throw new ApiError(0, null);
  }
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  return ticket.id;
}
