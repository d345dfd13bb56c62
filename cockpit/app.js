// app.js - virtnet's Cockpit page: the list of networks, one network's details (#/net/NAME),
// the create form; live from virtnetd's events
/* global cockpit */
import { connect, get, events } from "./api.js";
import { h, alert } from "./dom.js";
import { renderList } from "./list.js";
import { renderDetails } from "./details.js";

const app = {
    access: { change: false, reason: "" },
    connected: null,    // null: the stream is being opened; false: it ended, it is opened again
    refresh: null,      // what the current view does again after an event
    go(path) { cockpit.location.go(path); },
};

function banner() {
    const b = document.getElementById("banner");
    const parts = [];
    if (app.connected === false)
        parts.push(alert("warning", "Not connected to virtnetd's events", "The page shows what it read last; it reconnects by itself."));
    if (!app.access.change)
        parts.push(alert("info", "You can look, not change", app.access.reason ||
            "Changes need administrative access (root) or membership of the group virtnet."));
    b.replaceChildren(...parts.map(p => h("section", { class: "pf-c-page__main-section vn-banner" }, p)));
}

async function readAccess() {
    try {
        app.access = await get("/v1/access");
    } catch (e) {
        app.access = { change: false, reason: e.message };
    }
    banner();
}

async function render() {
    const path = cockpit.location.path;
    const view = document.getElementById("view");
    try {
        if (path[0] === "net" && path[1])
            app.refresh = await renderDetails(app, view, path[1]);
        else
            app.refresh = await renderList(app, view);
    } catch (e) {
        view.replaceChildren(h("section", { class: "pf-c-page__main-section" }, alert("danger", "virtnetd cannot be read", e.message)));
        app.refresh = null;
    }
}

// Events come in bursts (a start: started, then leases, ports): one refresh for each burst,
// within 100 ms of its first event, told every event of it (the view reads again only what
// they name); a gap in their numbers (events lost) reads everything again
let pending = null, burst = [], lastSeq = null;
function onEvent(ev) {
    const lost = lastSeq !== null && typeof ev.seq === "number" && ev.seq !== lastSeq + 1;
    if (typeof ev.seq === "number") lastSeq = ev.seq;
    burst.push(lost ? {} : ev);   // an event without a network: everything
    if (pending) return;
    pending = window.setTimeout(() => {
        const events = burst;
        pending = null;
        burst = [];
        if (app.refresh) app.refresh(events);
    }, 100);
}

// Administrative access switched on or off in Cockpit: the channels change user. The proxy
// says "changed" when it first reads its properties too: only a change of access counts.
async function watchSuperuser() {
    const su = cockpit.dbus(null, { bus: "internal" }).proxy("cockpit.Superuser", "/superuser");
    const admin = () => su.valid && su.Current !== "none" && su.Current !== "init";
    await su.wait().catch(() => null);
    let was = admin();
    su.addEventListener("changed", async () => {
        if (admin() === was) return;
        was = admin();
        await connect();
        await readAccess();
        await render();
    });
}

async function main() {
    watchSuperuser();
    await connect();
    await readAccess();
    cockpit.addEventListener("locationchanged", render);
    events(onEvent, up => {
        const was = app.connected;
        app.connected = up;
        banner();
        // for tests and curious users: the stream's state, how often it was lost
        document.body.dataset.events = up ? "up" : "down";
        if (!up) document.body.dataset.eventsLost = Number(document.body.dataset.eventsLost || 0) + 1;
        if (up) lastSeq = null;   // a new stream numbers from where the daemon is
        if (up && !was && app.refresh) app.refresh();   // what changed before it opened
    });
    await render();
    document.body.dataset.ready = "1";
}

main();
