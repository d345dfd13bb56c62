// details.js - one network: its overview, leases, ports (with counters), static hosts and DNS
// names (added and removed live through update), its XML (read, and edited with the error
// shown at its line), the repairs virtnetd made
/* global cockpit */
import { get, call, net } from "./api.js";
import { h, button, table, part, card, alert, field, textInput, when, bytes } from "./dom.js";
import { summary, modeText, stateLabel, networkActions, rowSig } from "./list.js";

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

// The static hosts' card (its add form built once: typing in it is never disturbed) and
// update(d) for its rows. cur() is the network as last read.
function staticHosts(app, cur, redraw) {
    const rows = d => d.s.ips.filter(i => i.family === "ipv4").flatMap(i => i.hosts).map(x => ({ ...x, _key: x.mac || x.name }));
    const cols = [
        { title: "MAC", cell: x => h("span", { class: "vn-mono" }, x.mac || "—") },
        { title: "Address", cell: x => x.ip || "—" },
        { title: "Host name", cell: x => x.name || "—" },
    ];
    if (app.access.change)
        cols.push({ title: "", cell: x => button("Remove", async () => {
            const { _key, ...attrs } = x;
            try { await update(cur().n, "delete", "ip-dhcp-host", element("host", attrs)); } catch (e) { app.notify(e.message); }
            redraw();
        }, "link", { "data-action": "remove-host", "aria-label": `Remove static host ${x.name || x.mac}` }) });
    const s = cur().s;
    const tbl = table("Static DHCP hosts", cols, rows(cur()), "static-hosts");
    const c = card("Static hosts (DHCP)", h("div", { class: "vn-stack" },
        tbl,
        app.access.change && s.ips.some(i => i.family === "ipv4") ? addForm(
            [["host-mac", "MAC address", "52:54:00:12:34:56"], ["host-ip", "Address", s.ips[0].address], ["host-name", "Host name", "vm1"]],
            "Add host",
            v => update(cur().n, "add-last", "ip-dhcp-host", element("host", { mac: v["host-mac"], ip: v["host-ip"], name: v["host-name"] })).then(redraw),
            "add-host") : null), null, "static-hosts-card");
    c.update = d => tbl.update(rows(d));
    return c;
}

function dnsHosts(app, cur, redraw) {
    const rows = d => d.s.dnsHosts.map(x => ({ ...x, _key: x.ip }));
    const cols = [
        { title: "Address", cell: x => x.ip },
        { title: "Names", cell: x => x.names.join(", ") },
    ];
    if (app.access.change)
        cols.push({ title: "", cell: x => button("Remove", async () => {
            try { await update(cur().n, "delete", "dns-host", element("host", { ip: x.ip }, x.names.map(nm => ["hostname", nm]))); } catch (e) { app.notify(e.message); }
            redraw();
        }, "link", { "data-action": "remove-dns", "aria-label": `Remove DNS name ${x.names.join(" ")}` }) });
    const tbl = table("DNS host names", cols, rows(cur()), "dns-hosts");
    const c = card("DNS names", h("div", { class: "vn-stack" },
        tbl,
        app.access.change ? addForm([["dns-ip", "Address", "192.168.100.10"], ["dns-name", "Name", "server"]], "Add name",
                                    v => update(cur().n, "add-last", "dns-host", element("host", { ip: v["dns-ip"] }, [["hostname", v["dns-name"]]])).then(redraw),
                                    "add-dns") : null), null, "dns-hosts-card");
    c.update = d => tbl.update(rows(d));
    return c;
}

// The XML: read; an admin edits it; validate's error is shown at its line. update(xml) shows
// a new text while nobody edits it; an edit is left alone until Save or Cancel.
function xmlCard(app, cur, redraw) {
    const pre = h("pre", { class: "vn-xml", "data-testid": "xml" }, cur().xml);
    const body = h("div", { class: "vn-stack" }, pre);
    let editing = false;
    function leave() {
        editing = false;
        body.replaceChildren(pre);
        redraw();
    }
    function edit(xml) {
        const n = cur().n;
        editing = true;
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
                leave();
                if (r.notes && r.notes.length) app.notify(r.notes.join("; "), "info");
            } catch (e) {
                status.replaceChildren(alert("danger", "Not saved", e.message));
            }
        }, "primary", { "data-testid": "xml-save" });
        body.replaceChildren(ta, status, h("div", { class: "vn-actions" }, save, button("Cancel", leave, "link")),
                             n.state === "active" ? h("p", { class: "vn-muted" }, "The running network keeps its configuration until it is stopped and started again.") : null);
        ta.focus();
    }
    const c = card("XML", body, app.access.change ? button("Edit", () => get(`${net(cur().n.name)}/xml?inactive=1`).then(edit), "secondary", { "data-testid": "xml-edit" }) : null, "xml-card");
    c.update = d => {
        if (!editing && pre.textContent !== d.xml) pre.textContent = d.xml;
    };
    return c;
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
    const s = summary(xml);
    return { n: { ...info, ports, leases, s }, xml, s, leases, ports, repairs };
}

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
const leaseRows = d => d.leases.map(l => ({ ...l, _key: `${l.mac} ${l.ip}` }));
const portRows = d => d.ports.map(p => ({ ...p, _key: p.uuid }));
// newest first; the same record twice keeps two rows
function repairRows(d) {
    const seen = new Map();
    return d.repairs.slice().reverse().map(r => {
        const k = `${r.time} ${r.type} ${r.text}`;
        seen.set(k, (seen.get(k) || 0) + 1);
        return { ...r, _key: `${k} ${seen.get(k)}` };
    });
}

function breadcrumb(app, name) {
    return h("nav", { class: "pf-c-breadcrumb", "aria-label": "breadcrumb" },
             h("ol", { class: "pf-c-breadcrumb__list" },
               h("li", { class: "pf-c-breadcrumb__item" }, h("a", { class: "pf-c-breadcrumb__link", href: "#/", onclick: ev => { ev.preventDefault(); app.go([]); } }, "Virtual networks")),
               h("li", { class: "pf-c-breadcrumb__item" }, h("span", { class: "pf-c-breadcrumb__item-divider" }, "›"),
                 h("span", { class: "pf-c-breadcrumb__link pf-m-current", "aria-current": "page" }, name))));
}

function goneView(app, view, name, e) {
    view.replaceChildren(h("section", { class: "pf-c-page__main-section" },
                           alert("warning", `Network ${name}`, e.message), button("Back to the list", () => app.go([]), "link")));
}

// The page is built once; each event about this network reads it again and changes only the
// parts whose data changed (a row, the overview, the actions): what someone types, and
// where the focus is, stay.
export async function renderDetails(app, view, name) {
    const status = h("div", { "aria-live": "polite" });
    app.notify = (msg, kind = "danger") => status.replaceChildren(msg ? alert(kind, msg) : "");
    let d;
    try {
        d = await load(name);
    } catch (e) {
        goneView(app, view, name, e);
        return null;
    }
    const cur = () => d;
    const refresh = async events => {
        if (events && events.every(e => e.network && e.network !== name)) return;   // about others
        const path = cockpit.location.path;
        if (path[0] !== "net" || path[1] !== name) return;   // the page moved on meanwhile
        let fresh;
        try {
            fresh = await load(name);
        } catch (e) {
            goneView(app, view, name, e);
            return;
        }
        if (cockpit.location.path[1] !== name || !view.contains(main)) return;
        d = fresh;
        parts.forEach(p => p.update(d));
    };
    // one refresh at a time, in order: an older answer never overwrites a newer one
    let chain = Promise.resolve();
    const queued = events => {
        chain = chain.then(() => refresh(events)).catch(e => app.notify(e.message));
        return chain;
    };
    const redraw = () => queued();
    const actions = part(x => networkActions(app, x.n, gone => gone ? app.go([]) : redraw()), x => rowSig(x.n));
    const over = part(x => overview(x.n, x.s), x => JSON.stringify([x.n.state, x.n.autostart, x.n.persistent, x.n.bridge, x.n.uuid, x.s]));
    const leases = table("DHCP leases", leaseCols, [], "leases");
    const ports = table("Guest ports", portCols, [], "ports");
    const repairs = table("Repairs", repairCols, [], "repairs");
    const hosts = staticHosts(app, cur, redraw), dns = dnsHosts(app, cur, redraw), xc = xmlCard(app, cur, redraw);
    const parts = [actions, over, hosts, dns, xc,
                   { update: x => leases.update(leaseRows(x)) }, { update: x => ports.update(portRows(x)) },
                   { update: x => repairs.update(repairRows(x)) }];
    const header = h("section", { class: "pf-c-page__main-section pf-m-light" }, breadcrumb(app, name),
                     h("div", { class: "vn-header" }, h("h1", { class: "pf-c-title pf-m-2xl", "data-testid": "network-name" }, `Network ${name}`), actions));
    const main = h("section", { class: "pf-c-page__main-section vn-stack" },
        status,
        card("Overview", over, null, "overview-card"),
        card("DHCP leases", leases, null, "leases-card"),
        card("Guest ports", ports, null, "ports-card"),
        hosts, dns, xc,
        card("Repairs by virtnetd", repairs, null, "repairs-card"));
    parts.forEach(p => p.update(d));
    view.replaceChildren(header, main);
    return queued;
}
