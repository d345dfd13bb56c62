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

// The element in `within` that stands where `el` stood in a row built again: the same action,
// test id or label
function counterpart(within, el) {
    for (const attr of ["data-action", "data-testid", "aria-label"]) {
        const v = el.getAttribute(attr);
        if (v) return within.querySelector(`[${attr}="${CSS.escape(v)}"]`);
    }
    return null;
}

// A responsive table (a grid on narrow screens): columns [{title, cell(row) -> node|text}],
// rows keyed by row._key. table.update(rows) builds again only the rows whose signature
// (sig(row), by default its JSON) changed, adds the new ones and removes the gone ones: a row
// that did not change stays the same DOM node, and the focus stays where it was.
export function table(caption, columns, rows, testid, sig = r => JSON.stringify(r)) {
    const tbody = h("tbody", { role: "rowgroup" });
    const t = h("table", { class: "pf-c-table pf-m-grid-md pf-m-compact", role: "grid", "aria-label": caption, "data-testid": testid },
                h("thead", {}, h("tr", { role: "row" }, columns.map(c => h("th", { role: "columnheader", scope: "col", class: "pf-m-wrap" }, c.title)))),
                tbody);
    let shown = new Map();   // key -> { tr, sig }
    const none = h("tr", { role: "row" }, h("td", { role: "cell", colspan: columns.length, class: "vn-muted" }, "None"));
    const build = r => h("tr", { role: "row", "data-row": r._key },
                         columns.map(c => h("td", { role: "cell", "data-label": c.title }, c.cell(r))));
    t.update = rows => {
        const active = document.activeElement, refocus = [];
        const next = new Map();
        const trs = rows.map(r => {
            const s = sig(r), old = shown.get(r._key);
            if (old && old.sig === s) {
                next.set(r._key, old);
                return old.tr;
            }
            const tr = build(r);
            if (old && old.tr.contains(active) && active !== old.tr) refocus.push([tr, active]);
            next.set(r._key, { tr, sig: s });
            return tr;
        });
        if (trs.length === 0) trs.push(none);
        // in order, moving only what is out of place; what is left over goes
        let at = tbody.firstChild;
        for (const tr of trs) {
            if (at === tr) at = tr.nextSibling;
            else tbody.insertBefore(tr, at);
        }
        while (at) {
            const n = at.nextSibling;
            at.remove();
            at = n;
        }
        shown = next;
        for (const [tr, el] of refocus) counterpart(tr, el)?.focus();
    };
    t.update(rows);
    return t;
}

// A part of a page that is built again only when its signature changes: part.update(value)
export function part(render, sig = v => JSON.stringify(v)) {
    const box = h("div", { class: "vn-part" });
    let last = null;
    box.update = v => {
        const s = sig(v);
        if (s === last) return;
        last = s;
        const active = document.activeElement;
        const had = box.contains(active) ? active : null;
        box.replaceChildren(render(v) || "");
        if (had) counterpart(box, had)?.focus();
    };
    return box;
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
