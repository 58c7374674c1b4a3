// The signed-in person's live stream (GET /v1/me/events, Server-Sent Events): each push
// becomes a `microtache:live` window event, {type, data}, for whichever page cares
// (the header's unread count, the inbox, an open conversation). A push is a hint: pages
// read the API again rather than trusting it. EventSource reconnects by itself.
import { token } from "./api.js";

const KINDS = ["notification_created", "message_sent"];
let source = null;

export function connect() {
  disconnect();
  if (!token() || !window.EventSource) return;
  source = new EventSource(`/v1/me/events?access_token=${encodeURIComponent(token())}`);
  for (const type of KINDS) {
    source.addEventListener(type, (message) => {
      let data = {};
      try {
        data = JSON.parse(message.data);
      } catch {
        /* a push is a hint: an unreadable one still says "look again" */
      }
      window.dispatchEvent(new CustomEvent("microtache:live", { detail: { type, data } }));
    });
  }
}

export function disconnect() {
  if (source) source.close();
  source = null;
}
