// details.js - one network: its overview, leases, ports (with counters), static hosts and DNS
// names (added and removed live through update), its XML (read, and edited with the error
// shown at its line), the repairs virtnetd made
/* global cockpit */
import { get, call, net } from "./api.js";
import { h, button, table, card, alert, field, textInput, when, bytes } from "./dom.js";
import { summary, modeText, stateLabel, networkActions } from "./list.js";

function element(name, attrs, children) {
    const doc = document.implementation.createDocument(null, name, null);
    for (const [k, v] of Object.entries(attrs)) if (v) doc.documentElement.setAttribute(k, v);
    for (const [tag, text] of children || []) {
        const c = doc.createElement(tag);
        c.textContent = text;
        doc.documentElement.append(c);
    }
    return new XMLSerializer().serializeToString(doc);
}

// update COMMAND SECTION on the running network and its definition (whichever it has)
function update(n, command, section, xml) {
    const q = [`command=${command}`, `section=${section}`];
    if (n.state === "active") q.push("live=1");
    if (n.persistent) q.push("config=1");
    return call("POST", `${net(n.name)}/update?${q.join("&")}`, xml, "application/xml");
}

function overview(n, s) {
    const item = (term, value) => h("div", { class: "pf-c-description-list__group" },
                                    h("dt", { class: "pf-c-description-list__term" }, h("span", { class: "pf-c-description-list__text" }, term)),
                                    h("dd", { class: "pf-c-description-list__description" }, h("div", { class: "pf-c-description-list__text" }, value)));
    return h("dl", { class: "pf-c-description-list pf-m-2-col-on-lg", "data-testid": "overview" },
             item("State", stateLabel(n.state)),
             item("Autostart", n.autostart ? "yes" : "no"),
             item("Persistent", n.persistent ? "yes" : "no (transient)"),
             item("Mode", modeText(s)),
             item("Bridge", n.bridge || "—"),
             item("UUID", h("span", { class: "vn-mono" }, n.uuid)),
             item("Addresses", s.ips.map(i => `${i.address}/${i.prefix}`).join(", ") || "none"),
             item("DHCP range", s.ips.map(i => i.range).filter(Boolean).join(", ") || "no DHCP"),
             item("DNS domain", s.domain || "—"));
}

function addForm(fields, submitLabel, onsubmit, testid) {
    const inputs = fields.map(([id, text, placeholder]) => [id, textInput("", { placeholder, "data-testid": id })]);
    const groups = inputs.map(([id, input], i) => field(id, fields[i][1], input));
    const status = h("div", { "aria-live": "polite" });
    const form = h("form", { class: "pf-c-form vn-inline-form", "data-testid": testid, novalidate: true,
                             onsubmit: async ev => {
                                 ev.preventDefault();
                                 const values = Object.fromEntries(inputs.map(([id, input]) => [id, input.value.trim()]));
                                 btn.disabled = true;
                                 try {
                                     await onsubmit(values);
                                     status.replaceChildren();
                                     inputs.forEach(([, input]) => { input.value = ""; });
                                 } catch (e) {
                                     status.replaceChildren(alert("danger", e.message));
                                 }
                                 btn.disabled = false;
                             } },
                   groups);
    const btn = h("button", { class: "pf-c-button pf-m-secondary vn-submit", type: "submit", "data-testid": `${testid}-add` }, submitLabel);
    form.append(btn);
    return h("div", { class: "vn-stack" }, form, status);
}

function staticHosts(app, n, s, redraw) {
    const hosts = s.ips.filter(i => i.family === "ipv4").flatMap(i => i.hosts).map(x => ({ ...x, _key: x.mac || x.name }));
    const cols = [
        { title: "MAC", cell: x => h("span", { class: "vn-mono" }, x.mac || "—") },
        { title: "Address", cell: x => x.ip || "—" },
        { title: "Host name", cell: x => x.name || "—" },
    ];
    if (app.access.change)
        cols.push({ title: "", cell: x => button("Remove", async () => {
            try { await update(n, "delete", "ip-dhcp-host", element("host", x)); } catch (e) { app.notify(e.message); }
            redraw();
        }, "link", { "data-action": "remove-host", "aria-label": `Remove static host ${x.name || x.mac}` }) });
    return card("Static hosts (DHCP)", h("div", { class: "vn-stack" },
        table("Static DHCP hosts", cols, hosts, "static-hosts"),
        app.access.change && s.ips.some(i => i.family === "ipv4") ? addForm(
            [["host-mac", "MAC address", "52:54:00:12:34:56"], ["host-ip", "Address", s.ips[0].address], ["host-name", "Host name", "vm1"]],
            "Add host",
            v => update(n, "add-last", "ip-dhcp-host", element("host", { mac: v["host-mac"], ip: v["host-ip"], name: v["host-name"] })).then(redraw),
            "add-host") : null), null, "static-hosts-card");
}

function dnsHosts(app, n, s, redraw) {
    const rows = s.dnsHosts.map(x => ({ ...x, _key: x.ip }));
    const cols = [
        { title: "Address", cell: x => x.ip },
        { title: "Names", cell: x => x.names.join(", ") },
    ];
    if (app.access.change)
        cols.push({ title: "", cell: x => button("Remove", async () => {
            try { await update(n, "delete", "dns-host", element("host", { ip: x.ip }, x.names.map(nm => ["hostname", nm]))); } catch (e) { app.notify(e.message); }
            redraw();
        }, "link", { "data-action": "remove-dns", "aria-label": `Remove DNS name ${x.names.join(" ")}` }) });
    return card("DNS names", h("div", { class: "vn-stack" },
        table("DNS host names", cols, rows, "dns-hosts"),
        app.access.change ? addForm([["dns-ip", "Address", "192.168.100.10"], ["dns-name", "Name", "server"]], "Add name",
                                    v => update(n, "add-last", "dns-host", element("host", { ip: v["dns-ip"] }, [["hostname", v["dns-name"]]])).then(redraw),
                                    "add-dns") : null), null, "dns-hosts-card");
}

// The XML: read; an admin edits it; validate's error is shown at its line
function xmlCard(app, n, xml, redraw) {
    const pre = h("pre", { class: "vn-xml", "data-testid": "xml" }, xml);
    const body = h("div", { class: "vn-stack" }, pre);
    function edit() {
        const ta = h("textarea", { class: "pf-c-form-control vn-xml", "aria-label": `XML of ${n.name}`, spellcheck: "false", "data-testid": "xml-editor" });
        ta.value = xml;
        const status = h("div", { "aria-live": "polite", "data-testid": "xml-status" });
        const save = button("Save", async () => {
            status.replaceChildren();
            const v = await call("POST", "/v1/validate", ta.value, "application/xml").catch(e => ({ valid: false, error: e.message }));
            if (!v.valid) {
                status.replaceChildren(alert("danger", v.line ? `Line ${v.line}: not saved` : "Not saved", v.error));
                ta.setAttribute("aria-invalid", "true");
                if (v.line) selectLine(ta, v.line);
                return;
            }
            try {
                const r = await call("POST", "/v1/networks", ta.value, "application/xml");
                redraw();
                if (r.notes && r.notes.length) app.notify(r.notes.join("; "), "info");
            } catch (e) {
                status.replaceChildren(alert("danger", "Not saved", e.message));
            }
        }, "primary", { "data-testid": "xml-save" });
        body.replaceChildren(ta, status, h("div", { class: "vn-actions" }, save, button("Cancel", () => redraw(), "link")),
                             n.state === "active" ? h("p", { class: "vn-muted" }, "The running network keeps its configuration until it is stopped and started again.") : null);
        ta.focus();
    }
    return card("XML", body, app.access.change ? button("Edit", () => get(`${net(n.name)}/xml?inactive=1`).then(x => { xml = x; edit(); }), "secondary", { "data-testid": "xml-edit" }) : null, "xml-card");
}

function selectLine(ta, line) {
    const lines = ta.value.split("\n");
    const start = lines.slice(0, line - 1).reduce((a, l) => a + l.length + 1, 0);
    ta.focus();
    ta.setSelectionRange(start, start + (lines[line - 1] || "").length);
}

async function load(name) {
    const [info, xml, leases, ports, repairs] = await Promise.all([
        get(net(name)), get(`${net(name)}/xml`),
        get(`${net(name)}/leases`).catch(() => []),
        get(`${net(name)}/ports?stats=1`).catch(() => []),
        get(`${net(name)}/repairs`).catch(() => []),
    ]);
    return { n: { ...info, ports, leases }, xml, s: summary(xml), leases, ports, repairs };
}

export async function renderDetails(app, view, name) {
    const status = h("div", { "aria-live": "polite" });
    app.notify = (msg, kind = "danger") => status.replaceChildren(msg ? alert(kind, msg) : "");
    let editing = false;
    async function draw(gone) {
        if (gone === true) { app.go([]); return; }
        const path = cockpit.location.path;
        if (path[0] !== "net" || path[1] !== name) return;   // the page moved on meanwhile
        let d;
        try {
            d = await load(name);
        } catch (e) {
            view.replaceChildren(h("section", { class: "pf-c-page__main-section" },
                                   alert("warning", `Network ${name}`, e.message), button("Back to the list", () => app.go([]), "link")));
            return;
        }
        if (editing && view.querySelector("[data-testid=xml-editor]")) return;   // not under the editor's feet
        if (cockpit.location.path[1] !== name) return;
        const leaseCols = [
            { title: "MAC", cell: l => h("span", { class: "vn-mono" }, l.mac) },
            { title: "Address", cell: l => `${l.ip}/${l.prefix}` },
            { title: "Host name", cell: l => l.hostname || "—" },
            { title: "Expires", cell: l => when(l.expiry) },
        ];
        const portCols = [
            { title: "Device", cell: p => p.device },
            { title: "Type", cell: p => p.type },
            { title: "MAC", cell: p => h("span", { class: "vn-mono" }, p.mac || "—") },
            { title: "Address", cell: p => p.ip || (p.leases && p.leases.length ? `${p.leases[0].ip} (leased)` : "—") },
            { title: "State", cell: p => p.state },
            { title: "Received", cell: p => p.stats ? `${bytes(p.stats.rx_bytes)} (${p.stats.rx_packets} packets)` : "—" },
            { title: "Sent", cell: p => p.stats ? `${bytes(p.stats.tx_bytes)} (${p.stats.tx_packets} packets)` : "—" },
        ];
        const repairCols = [
            { title: "When", cell: r => when(r.time) },
            { title: "What", cell: r => r.type === "failing" ? h("strong", {}, r.text) : r.text },
        ];
        const header = h("section", { class: "pf-c-page__main-section pf-m-light" },
            h("nav", { class: "pf-c-breadcrumb", "aria-label": "breadcrumb" },
              h("ol", { class: "pf-c-breadcrumb__list" },
                h("li", { class: "pf-c-breadcrumb__item" }, h("a", { class: "pf-c-breadcrumb__link", href: "#/", onclick: ev => { ev.preventDefault(); app.go([]); } }, "Virtual networks")),
                h("li", { class: "pf-c-breadcrumb__item" }, h("span", { class: "pf-c-breadcrumb__item-divider" }, "›"),
                  h("span", { class: "pf-c-breadcrumb__link pf-m-current", "aria-current": "page" }, name)))),
            h("div", { class: "vn-header" }, h("h1", { class: "pf-c-title pf-m-2xl", "data-testid": "network-name" }, `Network ${name}`),
              networkActions(app, d.n, draw)));
        const xc = xmlCard(app, d.n, d.xml, () => { editing = false; draw(); });
        xc.querySelector("[data-testid=xml-edit]")?.addEventListener("click", () => { editing = true; });
        view.replaceChildren(header, h("section", { class: "pf-c-page__main-section vn-stack" },
            status,
            card("Overview", overview(d.n, d.s), null, "overview-card"),
            card("DHCP leases", table("DHCP leases", leaseCols, d.leases.map(l => ({ ...l, _key: l.mac + l.ip })), "leases"), null, "leases-card"),
            card("Guest ports", table("Guest ports", portCols, d.ports.map(p => ({ ...p, _key: p.uuid })), "ports"), null, "ports-card"),
            staticHosts(app, d.n, d.s, draw),
            dnsHosts(app, d.n, d.s, draw),
            xc,
            card("Repairs by virtnetd", table("Repairs", repairCols, d.repairs.slice().reverse().map((r, i) => ({ ...r, _key: i })), "repairs"), null, "repairs-card")));
    }
    await draw();
    // an event does not redraw under someone typing: it waits until they leave the field
    return () => {
        const a = document.activeElement;
        if (view.contains(a) && /^(INPUT|TEXTAREA)$/.test(a.tagName) && a.value) {
            a.addEventListener("blur", () => draw(), { once: true });
            return;
        }
        draw();
    };
}
