// api.js - virtnetd's API (doc/api.md) through Cockpit's HTTP channel on its unix socket.
// The socket is the manifest's config.socket: /run/virtnet/virtnetd.sock, or what an
// override (/etc/cockpit/virtnet.override.json, $XDG_CONFIG_DIRS/cockpit/...) says.
// The channel asks for administrative access when the session has it ("try"); virtnetd
// decides from the peer's credentials what it may do (GET /v1/access).
/* global cockpit */
let http = null;

export async function connect() {
    let socket = "/run/virtnet/virtnetd.sock";
    try {
        const m = await (await fetch("../manifests.json")).json();
        if (m.virtnet && m.virtnet.config && m.virtnet.config.socket)
            socket = m.virtnet.config.socket;
    } catch (e) {
        console.warn("virtnet: manifests.json unreadable, using", socket, e);
    }
    if (http) http.close();
    http = cockpit.http(socket, { superuser: "try" });
    return socket;
}

// One call: resolves with the body (parsed when JSON), rejects with virtnetd's message
export function call(method, path, body, type) {
    return new Promise((resolve, reject) => {
        const headers = type ? { "Content-Type": type } : {};
        http.request({ method, path, body: body === undefined ? "" : body, headers })
            .then(data => {
                try { resolve(JSON.parse(data)); } catch (e) { resolve(data); }
            })
            .catch((ex, data) => {
                let msg = (ex && ex.message) || String(ex);
                try { msg = JSON.parse(data).error || msg; } catch (e) { /* not JSON */ }
                if (ex && ex.problem === "not-found")
                    msg = "virtnetd does not answer: start it (systemctl start virtnetd)";
                reject(new Error(msg));
            });
    });
}

export const get = path => call("GET", path);
export const enc = encodeURIComponent;
export const net = name => `/v1/networks/${enc(name)}`;

// The events stream: onEvent for each line; onState(true) once virtnetd answered 200,
// onState(false) when the stream ended or failed: it is opened again a second later. One
// that ended because connect() replaced the channel is opened again at once, on the new one.
export function events(onEvent, onState) {
    let closed = false, req = null, buf = "", timer = null;
    function open() {
        if (closed) return;
        buf = "";
        const client = http;
        const mine = client.request({ method: "GET", path: "/v1/events", body: "" });
        req = mine;
        mine.response(status => { if (req === mine && status === 200) onState(true); });
        mine.stream(chunk => {
            buf += chunk;
            let nl;
            while ((nl = buf.indexOf("\n")) >= 0) {
                const line = buf.slice(0, nl);
                buf = buf.slice(nl + 1);
                if (!line.trim()) continue;
                try { onEvent(JSON.parse(line)); } catch (e) { console.warn("virtnet: bad event", line); }
            }
        });
        const ended = ex => {
            if (req !== mine || closed) return;
            req = null;
            if (client !== http) return open();   // a new channel: not an outage
            console.warn("virtnet: the event stream ended", (ex && ex.message) || "");
            onState(false);
            timer = window.setTimeout(open, 1000);
        };
        mine.then(() => ended(null)).catch(ended);
    }
    open();
    return {
        close() {
            closed = true;
            window.clearTimeout(timer);
            if (req) req.close();
        },
    };
}
