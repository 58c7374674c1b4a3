// Building pages from data, never from HTML strings: every text goes in as a text node,
// so nothing a user typed can become markup.

let lastId = 0;

/** A fresh element id: `uid("price")` → "price-7". */
export function uid(prefix = "f") {
  lastId += 1;
  return `${prefix}-${lastId}`;
}

/** `h("a", {href: "#/", class: "brand", onClick: fn}, "Microtache", child, [more])`. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    else if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "value" && "value" in el) el.value = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/** Appends strings (as text), numbers, nodes and nested arrays; skips null and false. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** A labelled control: input (any type), select, textarea or checkbox, with its hint and
 * the place where the API's error for `name` is shown. Returns the wrapper element. */
export function field({ label, name, type = "text", value, hint, options, attrs = {} }) {
  const id = uid(name || type);
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const described = [hintId, errorId].filter(Boolean).join(" ");
  const common = { id, name, "aria-describedby": described, ...attrs };
  let control;
  if (type === "select") {
    control = h(
      "select",
      common,
      (options || []).map((option) =>
        h("option", { value: option.value, selected: String(option.value) === String(value ?? "") }, option.label),
      ),
    );
  } else if (type === "textarea") {
    control = h("textarea", { rows: 4, ...common }, value ?? "");
  } else if (type === "checkbox") {
    control = h("input", { type, checked: Boolean(value), ...common });
    return h(
      "div",
      { class: "field field-check" },
      control,
      h("label", { for: id }, label),
      hint && h("p", { class: "hint", id: hintId }, hint),
      h("p", { class: "field-error", id: errorId, hidden: true }),
    );
  } else {
    control = h("input", { type, value: value ?? undefined, ...common });
  }
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    control,
    hint && h("p", { class: "hint", id: hintId }, hint),
    h("p", { class: "field-error", id: errorId, hidden: true }),
  );
}

/** The values of a form's named controls: checkboxes as booleans, numbers as numbers,
 * multiple selects as lists; empty text is left out. */
export function values(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled || el.type === "file" || el.type === "submit") continue;
    if (el.type === "checkbox") out[el.name] = el.checked;
    else if (el.type === "radio") {
      if (el.checked) out[el.name] = el.value;
    } else if (el.type === "number") {
      if (el.value !== "") out[el.name] = Number(el.value);
    } else if (el.multiple) out[el.name] = [...el.selectedOptions].map((o) => o.value);
    else if (el.value.trim() !== "") out[el.name] = el.value.trim();
  }
  return out;
}

/** Shows an API error on a form: its message in the form's alert, and each field's own
 * messages under that field (details: {field: [messages]}). */
export function showFormError(form, error, message) {
  clearFormError(form);
  const box = form.querySelector(":scope > .form-error");
  box.hidden = false;
  box.textContent = message;
  const details = (error && error.details) || {};
  for (const [name, problems] of Object.entries(details)) {
    const control = form.elements.namedItem(name);
    if (!control || !control.getAttribute) continue;
    const where = document.getElementById(`${control.id}-error`);
    control.setAttribute("aria-invalid", "true");
    if (where) {
      where.hidden = false;
      where.textContent = [problems].flat(Infinity).filter((p) => typeof p === "string").join(" ");
    }
  }
  box.focus();
}

export function clearFormError(form) {
  const box = form.querySelector(":scope > .form-error");
  if (box) {
    box.hidden = true;
    box.textContent = "";
  }
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const el of form.querySelectorAll(".field-error")) {
    el.hidden = true;
    el.textContent = "";
  }
}

/** An empty alert region for messages the user must notice. */
export function alertBox(text) {
  return h("div", { class: "alert", role: "alert", tabindex: "-1", hidden: !text }, text || "");
}

/** A short message in the corner that screen readers announce. */
export function toast(text) {
  const box = document.getElementById("toasts");
  const item = h("p", { class: "toast" }, text);
  box.append(item);
  setTimeout(() => item.remove(), 6000);
}
