// list.js - every network: state, autostart, mode, bridge, addresses, DHCP range, guests and
// leases; start, stop, autostart, delete (admins only)
import { get, call, net } from "./api.js";
import { h, button, label, table, card, alert } from "./dom.js";
import { confirm } from "./dialog.js";
import { openCreate } from "./create.js";

// What the XML says that the list shows
export function summary(xml) {
    const d = new DOMParser().parseFromString(xml, "application/xml");
    const fwd = d.querySelector("network > forward");
    const mode = fwd ? (fwd.getAttribute("mode") || "nat") : "none";
    const dev = fwd ? fwd.getAttribute("dev") : null;
    const ips = [...d.querySelectorAll("network > ip")].map(ip => {
        const family = ip.getAttribute("family") === "ipv6" || (ip.getAttribute("address") || "").includes(":") ? "ipv6" : "ipv4";
        const range = ip.querySelector("dhcp > range");
        return {
            family,
            address: ip.getAttribute("address"),
            prefix: ip.getAttribute("prefix") || ip.getAttribute("netmask"),
            range: range ? `${range.getAttribute("start")} – ${range.getAttribute("end")}` : null,
            hosts: [...ip.querySelectorAll("dhcp > host")].map(x => ({ mac: x.getAttribute("mac"), name: x.getAttribute("name"), ip: x.getAttribute("ip") })),
        };
    });
    const dnsHosts = [...d.querySelectorAll("network > dns > host")].map(x => ({
        ip: x.getAttribute("ip"), names: [...x.querySelectorAll("hostname")].map(n => n.textContent),
    }));
    const domain = d.querySelector("network > domain");
    return { mode, dev, ips, dnsHosts, domain: domain ? domain.getAttribute("name") : null, bridge: (d.querySelector("network > bridge") || { getAttribute: () => null }).getAttribute("name") };
}

export function modeText(s) {
    const via = s.dev ? ` to ${s.dev}` : "";
    return { none: "Isolated", nat: `NAT${via}`, route: `Routed${via}`, open: "Open", bridge: "Bridge" }[s.mode] || s.mode;
}

export function stateLabel(state) {
    return label(state === "active" ? "Active" : "Inactive", state === "active" ? "green" : "grey");
}

const addrs = (s, fam) => s.ips.filter(i => i.family === fam).map(i => `${i.address}/${i.prefix}`).join(", ") || "—";

// One network's row: what the list and its actions need
export async function loadRow(n) {
    const [xml, leases, ports] = await Promise.all([
        get(`${net(n.name)}/xml`).catch(() => ""),
        get(`${net(n.name)}/leases`).catch(() => []),
        get(`${net(n.name)}/ports`).catch(() => []),
    ]);
    return { ...n, s: xml ? summary(xml) : { mode: "?", ips: [], dnsHosts: [] }, leases, ports, _key: n.name };
}

// What a row shows, and what its actions say (a lease renewed changes neither)
export const rowSig = n => JSON.stringify([n.name, n.state, n.autostart, n.persistent, n.bridge, n.s,
                                           n.ports.map(p => p.device), n.leases.length]);

// Start/stop, autostart, delete: what goes is named before it goes
export function networkActions(app, n, done) {
    if (!app.access.change) return null;
    const act = async (fn, btn) => {
        btn.disabled = true;
        try { await fn(); } catch (e) { app.notify(e.message); }
        btn.disabled = false;
        done();
    };
    const active = n.state === "active";
    const startStop = button(active ? "Stop" : "Start", () => act(() => call("POST", `${net(n.name)}/${active ? "destroy" : "start"}`), startStop),
                             "secondary", { "data-action": active ? "stop" : "start", "aria-label": `${active ? "Stop" : "Start"} ${n.name}` });
    const sw = h("input", { class: "pf-c-switch__input", type: "checkbox", checked: n.autostart, "aria-label": `Autostart ${n.name}`,
                            "data-action": "autostart",
                            onchange: () => act(() => call("PUT", `${net(n.name)}/autostart`, sw.checked ? "on" : "off"), sw) });
    const auto = h("label", { class: "pf-c-switch" }, sw, h("span", { class: "pf-c-switch__toggle" }),
                   h("span", { class: "pf-c-switch__label", "aria-hidden": "true" }, "Autostart"));
    const del = button("Delete", () => {
        const goes = [];
        if (active) goes.push(`its bridge ${n.bridge || ""} and firewall rules, its DHCP and DNS service (it is running: it stops)`.replace("  ", " "));
        if (n.ports && n.ports.length) goes.push(`the network of its ${n.ports.length} guest port(s): ${n.ports.map(p => p.device).join(", ")}`);
        if (n.leases && n.leases.length) goes.push(`${n.leases.length} current DHCP lease(s)`);
        if (n.persistent !== false) goes.push("its definition");
        confirm({
            title: `Delete network ${n.name}?`,
            text: `Network ${n.name} goes, and with it:`,
            items: goes,
            testid: "confirm-delete",
            action: async () => {
                if (active) await call("POST", `${net(n.name)}/destroy`);
                if (n.persistent !== false) await call("DELETE", net(n.name));
                done(true);
            },
        });
    }, "danger", { "data-action": "delete", "aria-label": `Delete ${n.name}` });
    return h("div", { class: "vn-row-actions" }, startStop, auto, del);
}

// Events that name no network, or that make or remove one, read the list of names again;
// the others read again only the networks they name (one the list lacks: all again)
function names(events) {
    if (!events || events.some(e => !e.network || e.type === "defined" || e.type === "undefined"))
        return null;
    return new Set(events.map(e => e.network));
}

export async function renderList(app, view) {
    const status = h("div", { "aria-live": "polite" });
    app.notify = msg => status.replaceChildren(msg ? alert("danger", msg) : "");
    const rows = new Map();   // name -> its row, as last read
    const columns = [
        { title: "Name", cell: n => h("button", { class: "pf-c-button pf-m-link pf-m-inline vn-link", type: "button", "data-testid": "open-network",
                                                  onclick: () => app.go(["net", n.name]) }, n.name) },
        { title: "State", cell: n => stateLabel(n.state) },
        { title: "Autostart", cell: n => n.autostart ? "yes" : "no" },
        { title: "Mode", cell: n => modeText(n.s) },
        { title: "Bridge", cell: n => n.bridge || "—" },
        { title: "IPv4", cell: n => addrs(n.s, "ipv4") },
        { title: "IPv6", cell: n => addrs(n.s, "ipv6") },
        { title: "DHCP range", cell: n => n.s.ips.map(i => i.range).filter(Boolean).join(", ") || "—" },
        { title: "Guests", cell: n => String(n.ports.length) },
        { title: "Leases", cell: n => String(n.leases.length) },
    ];
    if (app.access.change) columns.push({ title: "Actions", cell: n => networkActions(app, n, gone => queued(gone ? null : [{ network: n.name }])) });
    const create = app.access.change
        ? h("button", { class: "pf-c-button pf-m-primary", type: "button", "data-testid": "create", onclick: () => openCreate(app, () => queued()) }, "Create virtual network")
        : null;
    const header = h("section", { class: "pf-c-page__main-section pf-m-light" },
                     h("div", { class: "vn-header" }, h("h1", { class: "pf-c-title pf-m-2xl" }, "Virtual networks"), create));
    const tbl = table("Virtual networks", columns, [], "networks", rowSig);
    const body = h("section", { class: "pf-c-page__main-section vn-stack" }, status, card("Networks", tbl, null, "networks-card"));
    // events: only the rows they name are read again and drawn
    async function refresh(events) {
        const only = names(events);
        if (only && [...only].every(x => rows.has(x))) {
            await Promise.all([...only].map(async x => {
                try {
                    rows.set(x, await loadRow(await get(net(x))));
                } catch (e) {
                    rows.delete(x);   // gone meanwhile
                }
            }));
        } else {
            const list = await get("/v1/networks");
            const fresh = await Promise.all(list.map(n => loadRow(n)));
            rows.clear();
            fresh.forEach(r => rows.set(r.name, r));
        }
        if (!view.contains(body)) return;   // the view changed meanwhile
        tbl.update([...rows.values()]);
    }
    // one refresh at a time, in order: an older answer never overwrites a newer one
    let chain = Promise.resolve();
    function queued(events) {
        chain = chain.then(() => refresh(events)).catch(e => app.notify(e.message));
        return chain;
    }
    view.replaceChildren(header, body);
    await refresh();
    return queued;
}
