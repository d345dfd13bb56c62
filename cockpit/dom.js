// dom.js - elements built from data without innerHTML: every value is text
export function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
        if (v === undefined || v === null || v === false) continue;
        if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
        else if (k === "class") el.className = v;
        else el.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat(Infinity)) {
        if (c === undefined || c === null || c === false) continue;
        el.append(c instanceof Node ? c : String(c));
    }
    return el;
}

export function button(label, onclick, variant = "secondary", extra = {}) {
    return h("button", { type: "button", class: `pf-c-button pf-m-${variant}`, onclick, ...extra }, label);
}

export function label(text, color) {
    return h("span", { class: `pf-c-label pf-m-${color}` }, h("span", { class: "pf-c-label__content" }, text));
}

export function alert(kind, title, text) {
    return h("div", { class: `pf-c-alert pf-m-inline pf-m-${kind}`, role: kind === "danger" ? "alert" : "status" },
             h("p", { class: "pf-c-alert__title" }, title),
             text ? h("div", { class: "pf-c-alert__description" }, text) : null);
}

// A responsive table (a grid on narrow screens): columns [{title, cell(row) -> node|text}]
export function table(caption, columns, rows, testid) {
    return h("table", { class: "pf-c-table pf-m-grid-md pf-m-compact", role: "grid", "aria-label": caption, "data-testid": testid },
             h("thead", {}, h("tr", { role: "row" }, columns.map(c => h("th", { role: "columnheader", scope: "col" }, c.title)))),
             h("tbody", { role: "rowgroup" }, rows.length === 0
                 ? h("tr", { role: "row" }, h("td", { role: "cell", colspan: columns.length, class: "vn-muted" }, "None"))
                 : rows.map(r => h("tr", { role: "row", "data-row": r._key },
                                   columns.map(c => h("td", { role: "cell", "data-label": c.title }, c.cell(r)))))));
}

export function card(title, body, actions, testid) {
    return h("article", { class: "pf-c-card", "data-testid": testid },
             h("div", { class: "pf-c-card__header" },
               h("div", { class: "pf-c-card__title" }, h("h2", { class: "pf-c-title pf-m-lg" }, title)),
               actions ? h("div", { class: "pf-c-card__actions" }, actions) : null),
             h("div", { class: "pf-c-card__body" }, body));
}

// A form field with its helper text; the error is shown at the field (aria-invalid)
export function field(id, text, input, help) {
    input.id = id;
    const helper = h("div", { class: "pf-c-form__helper-text", id: `${id}-helper`, "aria-live": "polite" }, help || "");
    input.setAttribute("aria-describedby", `${id}-helper`);
    const group = h("div", { class: "pf-c-form__group", "data-field": id },
                    h("div", { class: "pf-c-form__group-label" },
                      h("label", { class: "pf-c-form__label", for: id }, h("span", { class: "pf-c-form__label-text" }, text))),
                    h("div", { class: "pf-c-form__group-control" }, input, helper));
    group.setError = (msg) => {
        helper.textContent = msg || help || "";
        helper.classList.toggle("pf-m-error", !!msg);
        input.setAttribute("aria-invalid", msg ? "true" : "false");
    };
    return group;
}

export function textInput(value, extra = {}) {
    return h("input", { class: "pf-c-form-control", type: "text", value, ...extra });
}

export function select(options, value, extra = {}) {
    const s = h("select", { class: "pf-c-form-control", ...extra },
                options.map(([v, t]) => h("option", { value: v }, t)));
    if (value !== undefined) s.value = value;
    return s;
}

export function when(ts) {
    if (!ts) return "never";
    return new Date(ts * 1000).toLocaleString();
}

export function bytes(n) {
    if (n < 1024) return `${n} B`;
    const u = ["KiB", "MiB", "GiB", "TiB"];
    let i = -1;
    do { n /= 1024; i++; } while (n >= 1024 && i < u.length - 1);
    return `${n.toFixed(1)} ${u[i]}`;
}
