// Forms and buttons that call the API: disabled while the call runs (no double submit),
// and the API's error shown where the user acted, in their language.
import { alertBox, h, showFormError, toast, values } from "./dom.js";
import { errorText } from "./i18n.js";

/** A form whose submit runs `action(values, form)`; an error shows on the form (its
 * message on top, each field's under it). `label` names the form for screen readers. */
export function apiForm({ fields, submit, action, label, className = "stack" }) {
  const form = h(
    "form",
    { class: className, "aria-label": label, novalidate: true },
    alertBox(),
    fields,
    h("button", { type: "submit", class: "button primary" }, submit),
  );
  form.querySelector(".alert").classList.add("form-error");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await action(values(form), form);
    } catch (error) {
      if (error && error.name === "Redirected") return;
      if (!(error && "code" in error)) console.error(error);
      showFormError(form, error, errorText(error));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

/** A button that runs `action()`; its error shows in `errorBox` (an alertBox) when given,
 * else as a toast. `kind`: "primary", "danger" or "" (plain). */
export function actionButton(label, action, { kind = "", errorBox = null, attrs = {} } = {}) {
  const button = h("button", { type: "button", class: ["button", kind], ...attrs }, label);
  button.addEventListener("click", async () => {
    button.disabled = true;
    if (errorBox) errorBox.hidden = true;
    try {
      await action();
    } catch (error) {
      if (error && error.name === "Redirected") return;
      if (!(error && "code" in error)) console.error(error);
      if (errorBox) {
        errorBox.textContent = errorText(error);
        errorBox.hidden = false;
        errorBox.focus();
      } else toast(errorText(error));
    } finally {
      button.disabled = false;
    }
  });
  return button;
}
