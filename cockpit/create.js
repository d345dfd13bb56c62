// create.js - the create form: virt-manager's wizard in one form, each field checked live by
// virtnetd (GET /v1/draft: a taken name, a space that is not private or overlaps another
// network or a host route, a DHCP range outside the space, a device that is not there), the
// error shown at its field; Create defines the network virtnetd drafted, then starts it and
// marks it autostart when asked
import { get, call, net, enc } from "./api.js";
import { h, button, field, textInput, select } from "./dom.js";
import { dialog } from "./dialog.js";

const FORWARDS = [
    ["nat", "NAT to any physical device"],
    ["nat-dev", "NAT to one device"],
    ["route", "Routed to one device"],
    ["none", "Isolated (no forwarding)"],
    ["open", "Open (routed, no firewall)"],
];

export async function openCreate(app, done) {
    const devices = await get("/v1/host/devices").catch(() => []);
    const name = textInput("", { "data-testid": "name", autocomplete: "off" });
    const ipv4 = textInput("192.168.100.0/24", { "data-testid": "ipv4" });
    const dhcpStart = textInput("", { "data-testid": "dhcp-start", "aria-label": "DHCP range start" });
    const dhcpEnd = textInput("", { "data-testid": "dhcp-end", "aria-label": "DHCP range end" });
    const forward = select(FORWARDS, "nat", { "data-testid": "forward" });
    const dev = select(devices.map(d => [d.name, `${d.name}${d.addresses.length ? ` (${d.addresses.join(", ")})` : ""}${d.up ? "" : " — down"}`]),
                       undefined, { "data-testid": "dev" });
    const ipv6 = textInput("", { "data-testid": "ipv6", placeholder: "optional, such as fd00:1234:5678::/64" });
    const domain = textInput("", { "data-testid": "domain", placeholder: "optional, such as lab.example" });
    const start = h("input", { type: "checkbox", class: "pf-c-check__input", id: "vn-start", checked: true, "data-testid": "start" });
    const auto = h("input", { type: "checkbox", class: "pf-c-check__input", id: "vn-autostart", checked: true, "data-testid": "autostart" });
    // the range follows the space until someone types their own
    let rangeTouched = false;
    [dhcpStart, dhcpEnd].forEach(i => i.addEventListener("input", () => { rangeTouched = true; }));

    const g = {
        name: field("vn-name", "Name", name),
        ipv4: field("vn-ipv4", "IPv4 address space", ipv4, "A private space (10/8, 172.16/12, 192.168/16); the host takes its first address"),
        dhcp: field("vn-dhcp", "DHCP range", h("div", { class: "vn-inline-form" }, dhcpStart, h("span", { "aria-hidden": "true" }, "–"), dhcpEnd),
                    "Leave both empty for no DHCP"),
        forward: field("vn-forward", "Forwarding", forward),
        dev: field("vn-dev", "Device", dev),
        ipv6: field("vn-ipv6", "IPv6 prefix", ipv6),
        domain: field("vn-domain", "DNS domain", domain),
    };
    // the DHCP group's error is shown on both inputs
    g.dhcp.setError = (orig => msg => { orig(msg); [dhcpStart, dhcpEnd].forEach(i => i.setAttribute("aria-invalid", msg ? "true" : "false")); })(g.dhcp.setError);
    const checks = h("div", { class: "pf-c-form__group" },
                     h("div", { class: "pf-c-check" }, start, h("label", { class: "pf-c-check__label", for: "vn-start" }, "Start it now")),
                     h("div", { class: "pf-c-check" }, auto, h("label", { class: "pf-c-check__label", for: "vn-autostart" }, "Start it at boot (autostart)")));
    const form = h("form", { class: "pf-c-form", novalidate: true, "data-testid": "create-form", onsubmit: ev => { ev.preventDefault(); create(); } },
                   Object.values(g), checks);
    const createBtn = button("Create", () => create(), "primary", { "data-testid": "create-submit" });
    const d = dialog({ title: "Create virtual network", body: form, variant: "medium", testid: "create-dialog",
                       actions: [createBtn, button("Cancel", () => d.close(), "link")] });

    function fields() {
        const f = forward.value;
        const q = {
            name: name.value, ipv4: ipv4.value.trim(), "dhcp-start": dhcpStart.value.trim(), "dhcp-end": dhcpEnd.value.trim(),
            forward: f === "nat-dev" ? "nat" : f, dev: f === "nat-dev" || f === "route" ? dev.value : "",
            ipv6: ipv6.value.trim(), domain: domain.value.trim(),
        };
        return Object.entries(q).map(([k, v]) => `${k}=${enc(v)}`).join("&");
    }

    let seq = 0, last = null;
    async function check() {
        const my = ++seq;
        g.dev.hidden = !(forward.value === "nat-dev" || forward.value === "route");
        let r;
        try {
            r = await get(`/v1/draft?${fields()}`);
        } catch (e) {
            if (my === seq) d.error(e.message);
            return null;
        }
        if (my !== seq) return null;   // an older answer
        d.error("");
        if (!rangeTouched && r["dhcp-start"] && (dhcpStart.value !== r["dhcp-start"] || dhcpEnd.value !== r["dhcp-end"])) {
            dhcpStart.value = r["dhcp-start"];
            dhcpEnd.value = r["dhcp-end"];
            return check();
        }
        const e = r.errors || {};
        // the name's error waits until something was typed there
        g.name.setError(name.value || name.dataset.touched ? e.name : "");
        g.ipv4.setError(e.ipv4);
        g.dhcp.setError(e.dhcp);
        (forward.value === "nat-dev" || forward.value === "route" ? g.dev : g.forward).setError(e.forward);
        (forward.value === "nat-dev" || forward.value === "route" ? g.forward : g.dev).setError("");
        g.ipv6.setError(e.ipv6);
        g.domain.setError(e.domain);
        createBtn.disabled = !r.valid;
        last = r;
        return r;
    }
    let timer = null;
    form.addEventListener("input", () => { window.clearTimeout(timer); timer = window.setTimeout(check, 150); });
    form.addEventListener("change", () => { window.clearTimeout(timer); timer = window.setTimeout(check, 0); });
    name.addEventListener("blur", () => { name.dataset.touched = "1"; check(); });

    async function create() {
        name.dataset.touched = "1";
        createBtn.disabled = true;
        try {
            // checked again as it is now (a check under way may be of older fields)
            const r = await get(`/v1/draft?${fields()}`);
            if (!r.valid) {   // each error is shown at its field; nothing is created
                await check();
                return;
            }
            const def = await call("POST", "/v1/networks?strict=1", r.xml, "application/xml");
            const n = def.network;
            if (start.checked) await call("POST", `${net(n)}/start`);
            if (auto.checked) await call("PUT", `${net(n)}/autostart`, "on");
            d.close();
            done();
        } catch (e) {
            d.error(e.message);
            createBtn.disabled = false;
        }
    }
    check();
    return last;
}
