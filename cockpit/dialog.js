// dialog.js - a PatternFly modal: focus goes into it and comes back after, Tab stays inside,
// Escape closes it
import { h, button, alert } from "./dom.js";

export function dialog({ title, body, actions, variant = "small", testid }) {
    const back = document.activeElement;
    const root = document.getElementById("dialogs");
    const status = h("div", { class: "vn-dialog-status" });
    const titleId = `vn-dialog-title-${Date.now()}`;
    const box = h("div", { class: `pf-c-modal-box pf-m-${variant}`, role: "dialog", "aria-modal": "true",
                           "aria-labelledby": titleId, "data-testid": testid },
                  h("button", { class: "pf-c-button pf-m-plain", type: "button", "aria-label": "Close", onclick: () => close() }, "✕"),
                  h("header", { class: "pf-c-modal-box__header" },
                    h("h1", { class: "pf-c-modal-box__title", id: titleId }, title)),
                  h("div", { class: "pf-c-modal-box__body" }, status, body),
                  h("footer", { class: "pf-c-modal-box__footer" }, actions));
    const backdrop = h("div", { class: "pf-c-backdrop" }, h("div", { class: "pf-l-bullseye" }, box));
    function focusables() {
        return [...box.querySelectorAll("button, input, select, textarea, [tabindex]:not([tabindex='-1'])")]
            .filter(e => !e.disabled && e.offsetParent !== null);
    }
    function onKey(ev) {
        if (ev.key === "Escape") { ev.preventDefault(); close(); return; }
        if (ev.key !== "Tab") return;
        const f = focusables();
        if (f.length === 0) return;
        const first = f[0], last = f[f.length - 1];
        if (ev.shiftKey && document.activeElement === first) { ev.preventDefault(); last.focus(); }
        else if (!ev.shiftKey && document.activeElement === last) { ev.preventDefault(); first.focus(); }
    }
    function close() {
        document.removeEventListener("keydown", onKey, true);
        backdrop.remove();
        document.body.classList.remove("vn-backdrop-open");
        if (back && back.focus && document.contains(back)) back.focus();
    }
    document.addEventListener("keydown", onKey, true);
    document.body.classList.add("vn-backdrop-open");
    root.append(backdrop);
    const f = focusables().filter(e => e.getAttribute("aria-label") !== "Close");
    (f[0] || box).focus();
    return {
        close,
        error(msg) {
            status.replaceChildren(msg ? alert("danger", msg) : "");
            if (msg) status.scrollIntoView({ block: "nearest" });
        },
        box,
    };
}

// "Delete X?": names what goes; resolves after action() succeeded
export function confirm({ title, text, items, action, label = "Delete", testid }) {
    const go = button(label, async () => {
        go.disabled = true;
        try { await action(); d.close(); } catch (e) { d.error(e.message); go.disabled = false; }
    }, "danger", { "data-testid": "confirm" });
    const d = dialog({
        title, testid,
        body: h("div", {}, h("p", {}, text),
                items && items.length ? h("ul", { class: "vn-goes" }, items.map(i => h("li", {}, i))) : null),
        actions: [go, button("Cancel", () => d.close(), "link")],
    });
    return d;
}
