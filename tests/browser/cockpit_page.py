#!/usr/bin/python3
"""The Cockpit page driven in headless Chromium (t-cockpit.sh sets the scene: virtnetd,
cockpit-ws as root on ADMIN_URL and as nobody on RO_URL, a guest namespace). Prints TAP
lines ("ok - ...", "not ok - ..."); a screenshot of each step goes to SHOTS."""
import json
import os
import subprocess
import sys
import threading
import time

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

E = os.environ
SHOTS = E["SHOTS"]
failed = 0
step = 0


def tap(ok, desc, detail=""):
    global failed
    print(("ok - " if ok else "not ok - ") + desc, flush=True)
    if not ok:
        failed += 1
        for line in str(detail).splitlines()[:15]:
            print("# " + line, flush=True)


def vn(*args):
    return subprocess.run(["ip", "netns", "exec", E["NS_HOST"], E["VIRTNET"], "--root", E["ROOT"], *args],
                          capture_output=True, text=True, timeout=60)


def browser(width=1280, height=900):
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              f"--window-size={width},{height}", "--user-data-dir=" + os.path.join(E["HOME"], f"chromium-{width}-{time.time()}"),
              "--no-first-run", "--disable-extensions", "--disable-background-networking"):
        o.add_argument(a)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)


def shot(d, name, show=None):
    """A screenshot of the whole window, scrolled to show the element `show` first"""
    global step
    step += 1
    if show and css(d, show):
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", css(d, show)[0])
    d.switch_to.default_content()
    d.save_screenshot(os.path.join(SHOTS, f"{step:02d}-{name}.png"))
    frame(d)


def frame(d):
    f = WebDriverWait(d, 20).until(lambda d: d.find_element(By.CSS_SELECTOR, "iframe[name='cockpit1:localhost/virtnet']"))
    d.switch_to.frame(f)


def open_page(d, url):
    d.get(url + "/virtnet")
    frame(d)
    WebDriverWait(d, 20).until(lambda d: d.find_element(By.CSS_SELECTOR, "body[data-ready='1']"))


def wait(d, cond, timeout=10, poll=0.05):
    try:
        return WebDriverWait(d, timeout, poll_frequency=poll).until(lambda d: cond(d))
    except TimeoutException:
        return None


def css(d, sel):
    return d.find_elements(By.CSS_SELECTOR, sel)


def helper(d, gid):
    el = css(d, f"#{gid}-helper")
    return el[0].text if el and "pf-m-error" in el[0].get_attribute("class") else ""


def row(d, table, text):
    """The row's text (the page redraws on events: elements go stale, text does not)"""
    for _ in range(5):
        try:
            for r in css(d, f"[data-testid='{table}'] tbody tr"):
                if text in r.text:
                    return r.text
            return None
        except StaleElementReferenceException:
            continue
    return None


def click(d, sel, within=None):
    """Click what sel finds now (again when a redraw replaced it under us)"""
    for _ in range(5):
        try:
            scope = d.find_element(By.CSS_SELECTOR, within) if within else d
            scope.find_element(By.CSS_SELECTOR, sel).click()
            return
        except StaleElementReferenceException:
            time.sleep(0.1)
    raise RuntimeError(f"cannot click {sel}")


def open_network(d, name):
    for _ in range(5):
        try:
            for b in css(d, "[data-testid=open-network]"):
                if b.text == name:
                    b.click()
                    return
        except StaleElementReferenceException:
            time.sleep(0.1)
    raise RuntimeError(f"no {name} in the list")


def typed(el, text):
    el.send_keys(Keys.CONTROL, "a")
    el.send_keys(Keys.DELETE)
    el.send_keys(text)


def networks():
    return sorted(x for x in vn("list", "--all", "--name").stdout.split() if x)


class Events(threading.Thread):
    """virtnet event --json, each line with the monotonic time it arrived"""
    def __init__(self):
        super().__init__(daemon=True)
        self.lines = []
        self.p = subprocess.Popen(["ip", "netns", "exec", E["NS_HOST"], E["VIRTNET"], "--root", E["ROOT"],
                                   "event", "--json", "--loop", "--timeout", "300"], stdout=subprocess.PIPE, text=True)

    def run(self):
        for line in self.p.stdout:
            try:
                self.lines.append((time.monotonic(), json.loads(line)))
            except ValueError:
                pass

    def first(self, type_, network, timeout=30, since=0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for t, ev in self.lines[since:]:
                if ev.get("type") == type_ and ev.get("network") == network:
                    return t, ev
            time.sleep(0.02)
        return None, None


def many_networks(d):
    """A list of 31 networks: an event about one draws that row again, and no other"""
    for i in range(30):
        x = os.path.join(E["HOME"], f"many{i:02d}.xml")
        with open(x, "w") as f:
            f.write(f"<network><name>many{i:02d}</name><bridge name='vnm{i:02d}'/>"
                    f"<ip address='10.77.{i}.1' prefix='24'/></network>")
        vn("define", x)
    count = lambda d: len([r for r in css(d, "[data-testid=networks] tbody tr[data-row]")])
    n = wait(d, lambda d: count(d) >= 31 and count(d), timeout=20)
    tap(n == 31, "30 networks defined appear in the list", n)
    d.execute_script("document.querySelectorAll('[data-testid=networks] tbody tr').forEach(tr => { tr.vnMark = tr.dataset.row; })")
    p = vn("start", "many07")
    tap(p.returncode == 0, "one of them is started", p.stderr)
    r = wait(d, lambda d: (lambda r: r if r and "Active" in r else None)(row(d, "networks", "many07")), timeout=10)
    tap(bool(r), "its row says it is active", r or "")
    time.sleep(0.3)   # the burst's other events have been drawn
    marks = d.execute_script("return [...document.querySelectorAll('[data-testid=networks] tbody tr')].map(tr => [tr.dataset.row, tr.vnMark || null])")
    redrawn = [k for k, m in marks if m != k]
    tap(redrawn == ["many07"] and len(marks) == 31,
        "only its row was drawn again: the other 30 rows are the same elements", redrawn)
    shot(d, "list-many")
    vn("destroy", "many07")
    for i in range(30):
        vn("undefine", f"many{i:02d}")
    n = wait(d, lambda d: count(d) == 1 and count(d), timeout=20)
    tap(n == 1, "undefined, they leave the list", n)


def wizard_errors(d):
    """Bad input in the form: each error at its field, nothing created"""
    before = networks()
    css(d, "[data-testid=create]")[0].click()
    dlg = wait(d, lambda d: css(d, "[data-testid=create-dialog]"))
    tap(bool(dlg), "the create form opens")
    name = css(d, "[data-testid=name]")[0]
    wait(d, lambda d: css(d, "[data-testid=dhcp-start]")[0].get_attribute("value"))
    tap(css(d, "[data-testid=dhcp-start]")[0].get_attribute("value") == "192.168.100.128"
        and css(d, "[data-testid=dhcp-end]")[0].get_attribute("value") == "192.168.100.254",
        "the DHCP range is filled in from the space (192.168.100.128 - .254)")
    shot(d, "wizard-defaults")
    typed(name, "a/b")
    msg = wait(d, lambda d: helper(d, "vn-name"))
    tap(msg and "/" in msg, "a name with a slash: the error is at the name", msg)
    tap(css(d, "#vn-name")[0].get_attribute("aria-invalid") == "true", "...and the name field is marked invalid")
    typed(name, "lab")
    typed(css(d, "[data-testid=ipv4]")[0], "192.168.150.0/24")
    # (while the field is empty for a moment, it says that NAT needs a space)
    wait(d, lambda d: "busy" in helper(d, "vn-ipv4"))
    msg = helper(d, "vn-ipv4")
    tap(msg and "busy" in msg and "192.168.150.0/24" in msg,
        "a space another network has: the error at the space names that network", msg)
    tap(not helper(d, "vn-name"), "...and the name is fine now")
    shot(d, "wizard-overlap")
    typed(css(d, "[data-testid=ipv4]")[0], "192.168.160.0/24")
    wait(d, lambda d: css(d, "[data-testid=dhcp-start]")[0].get_attribute("value") == "192.168.160.128")
    typed(css(d, "[data-testid=dhcp-start]")[0], "192.168.161.10")
    msg = wait(d, lambda d: helper(d, "vn-dhcp"))
    tap(msg and "not inside" in msg, "a range outside the space: the error is at the range", msg)
    tap(css(d, "[data-testid=create-submit]")[0].get_attribute("disabled") is not None, "...and Create is disabled")
    css(d, "[data-testid=create-form]")[0].submit()   # Enter in the form, all the same
    time.sleep(0.5)
    shot(d, "wizard-range-outside")
    tap(networks() == before, "bad input created nothing", networks())
    typed(css(d, "[data-testid=dhcp-start]")[0], "192.168.160.100")
    typed(css(d, "[data-testid=dhcp-end]")[0], "192.168.160.200")
    wait(d, lambda d: not helper(d, "vn-dhcp"))


def create_lab(d):
    fwd = css(d, "[data-testid=forward]")[0]
    for o in fwd.find_elements(By.TAG_NAME, "option"):
        if o.get_attribute("value") == "nat-dev":
            o.click()
    dev = wait(d, lambda d: css(d, "[data-testid=dev]")[0].is_displayed() and css(d, "[data-testid=dev]")[0])
    names = [o.get_attribute("value") for o in dev.find_elements(By.TAG_NAME, "option")]
    tap("eth0" in names and "lo" not in names and "vnbusy" not in names,
        "the device list has the host's eth0, not lo or a network's bridge", names)
    for o in dev.find_elements(By.TAG_NAME, "option"):
        if o.get_attribute("value") == "eth0":
            o.click()
    typed(css(d, "[data-testid=domain]")[0], "lab.test")
    ok = wait(d, lambda d: css(d, "[data-testid=create-submit]")[0].get_attribute("disabled") is None)
    tap(bool(ok), "with good input Create is enabled")
    shot(d, "wizard-filled")
    css(d, "[data-testid=create-submit]")[0].click()
    r = wait(d, lambda d: (lambda r: r if r and "Active" in r else None)(row(d, "networks", "lab")), timeout=20)
    tap(bool(r), "lab appears in the list, active", r or "")
    tap(wait(d, lambda d: not css(d, "[data-testid=create-dialog]")) is not None, "the form closed")
    xml = vn("dumpxml", "lab", "--inactive").stdout
    tap("<forward dev='eth0' mode='nat'>" in xml and "start='192.168.160.100' end='192.168.160.200'" in xml
        and "<domain name='lab.test' localOnly='yes'/>" in xml, "its definition is what the form said", xml)
    info = vn("info", "lab").stdout
    tap("Active:         yes" in info and "Autostart:      yes" in info, "virtnet says it runs and is autostarted", info)
    shot(d, "list-with-lab")


def details_live(d, events):
    open_network(d, "lab")
    wait(d, lambda d: css(d, "[data-testid=network-name]"))
    tap("Network lab" in css(d, "[data-testid=network-name]")[0].text, "the details of lab open")
    shot(d, "details-empty")
    # someone is typing in a field of the page when the event comes
    field = css(d, "[data-testid=host-name]")[0]
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
    field.click()
    field.send_keys("typing-")
    overview = css(d, "[data-testid=overview]")[0]
    p = vn("port-create", "lab", "--type", "veth", "--netns", E["GUEST_NS"], "--mac", "52:54:00:15:00:01")
    tap(p.returncode == 0, "a guest's port is made (port-create --netns)", p.stderr)
    r = wait(d, lambda d: row(d, "ports", "52:54:00:15:00:01"), timeout=5)
    tap(bool(r), "its port appears without a reload", r or "")
    still = d.execute_script("return document.activeElement === arguments[0] && arguments[0].isConnected", field)
    tap(still and field.get_attribute("value") == "typing-",
        "the field being typed in keeps its focus and its text across the event", field.get_attribute("value"))
    field.send_keys("on")
    tap(field.get_attribute("value") == "typing-on", "...and typing goes on in it", field.get_attribute("value"))
    tap(d.execute_script("return arguments[0].isConnected", overview), "the overview, which did not change, was not drawn again")
    typed(field, "")
    dh = subprocess.run(["ip", "netns", "exec", E["GUEST_NS"], "env", "LEASE_FILE=" + E["LEASE_FILE"], "timeout", "40",
                         "busybox", "udhcpc", "-i", "eth0", "-q", "-n", "-t", "8", "-T", "2", "-x", "hostname:guest1",
                         "-s", E["UDHCPC_SCRIPT"]], capture_output=True, text=True)
    tap(dh.returncode == 0, "the guest gets a lease (busybox udhcpc)", dh.stdout + dh.stderr)
    t_ev, ev = events.first("lease-added", "lab")
    r = wait(d, lambda d: row(d, "leases", "52:54:00:15:00:01"), timeout=5, poll=0.02)
    t_row = time.monotonic()
    tap(ev is not None and r is not None and t_row - t_ev < 1.0,
        f"its lease appears within 1 s of the event ({(t_row - t_ev) * 1000:.0f} ms after virtnet event saw it)" if ev and r else
        "its lease appears within 1 s of the event", f"event {ev}, row {r}")
    tap(r is not None and "guest1" in r and "192.168.160." in r, "with its address and host name", r or "")
    pr = row(d, "ports", "52:54:00:15:00:01")
    tap(pr is not None and "packets" in pr and "192.168.160." in pr, "the port shows its leased address and counters", pr or "")
    shot(d, "details-lease", "[data-testid=leases-card]")


def static_host(d):
    time.sleep(1)   # the lease's burst of events has been drawn
    typed(css(d, "[data-testid=host-mac]")[0], "52:54:00:15:00:99")
    typed(css(d, "[data-testid=host-ip]")[0], "192.168.160.50")
    typed(css(d, "[data-testid=host-name]")[0], "static1")
    click(d, "[data-testid=add-host-add]")
    r = wait(d, lambda d: row(d, "static-hosts", "static1"), timeout=5)
    tap(bool(r), "a static host added live appears", r or "")
    live, conf = vn("dumpxml", "lab").stdout, vn("dumpxml", "lab", "--inactive").stdout
    h = "<host mac='52:54:00:15:00:99' name='static1' ip='192.168.160.50'/>"
    tap(h in live and h in conf, "it is in the running network and in its definition", live)
    shot(d, "details-static-host", "[data-testid=static-hosts-card]")


def xml_error(d):
    click(d, "[data-testid=xml-edit]")
    ta = wait(d, lambda d: css(d, "[data-testid=xml-editor]") and css(d, "[data-testid=xml-editor]")[0])
    bad = ta.get_attribute("value").replace("<forward dev='eth0' mode='nat'>", "<forward dev='eth0' mode='natt'>")
    d.execute_script("arguments[0].value = arguments[1]", ta, bad)
    css(d, "[data-testid=xml-save]")[0].click()
    st = wait(d, lambda d: css(d, "[data-testid=xml-status]")[0].text)
    line = next((i + 1 for i, l in enumerate(bad.splitlines()) if "natt" in l), None)
    tap(st and f"Line {line}" in st and "natt" in st, f"an invalid edit says its line ({line}) and what is wrong", st)
    tap("mode='natt'" not in vn("dumpxml", "lab", "--inactive").stdout, "...and is not saved")
    shot(d, "details-xml-error")
    d.execute_script("arguments[0].scrollIntoView()", css(d, "[data-testid=xml-card]")[0])
    [b for b in css(d, "[data-testid=xml-card] button") if b.text == "Cancel"][0].click()


def stop_delete(d):
    click(d, "[data-action=stop]")
    ok = wait(d, lambda d: css(d, "[data-action=start]"), timeout=15)
    tap(bool(ok) and "Active:         no" in vn("info", "lab").stdout, "Stop stops it, and the page says so")
    shot(d, "details-stopped")
    click(d, "[data-action=delete]")
    dlg = wait(d, lambda d: css(d, "[data-testid=confirm-delete]") and css(d, "[data-testid=confirm-delete]")[0])
    tap(dlg is not None and "lab" in dlg.text and "definition" in dlg.text, "Delete asks first, naming what goes", dlg.text if dlg else "")
    shot(d, "confirm-delete")
    css(d, "[data-testid=confirm]")[0].click()
    ok = wait(d, lambda d: css(d, "[data-testid=networks]") and not row(d, "networks", "lab"), timeout=15)
    tap(bool(ok) and "lab" not in networks(), "after confirming, lab is gone, and the page is back at the list", networks())
    shot(d, "list-after-delete")


def keyboard_narrow(d):
    d.switch_to.default_content()
    d.set_window_size(420, 900)
    frame(d)
    c = css(d, "[data-testid=create]")[0]
    d.execute_script("arguments[0].focus()", c)
    c.send_keys(Keys.ENTER)
    wait(d, lambda d: css(d, "[data-testid=create-dialog]"))
    active = d.switch_to.active_element
    tap(active.get_attribute("data-testid") == "name", "keyboard: Enter on Create opens the form, the focus in its name")
    shot(d, "narrow-wizard")
    active.send_keys(Keys.ESCAPE)
    wait(d, lambda d: not css(d, "[data-testid=create-dialog]"))
    tap(d.switch_to.active_element.get_attribute("data-testid") == "create", "Escape closes it and the focus is back on Create")
    shot(d, "narrow-list")
    width = d.execute_script("return document.documentElement.scrollWidth")
    tap(width <= 420, f"at 420 px nothing runs off to the side (scroll width {width})")


def events_up(d):
    return d.execute_script("return document.body.dataset.events") == "up"


def reader_live(d, events):
    """A change root makes shows on the reader's page within 1 s of its event, no reload"""
    tap(bool(wait(d, events_up, timeout=10)), "the reader's page is connected to virtnetd's events")
    tap("Not connected" not in d.find_element(By.ID, "banner").text, "...and says nothing of not being connected")
    for cmd, ev_type, state in (("destroy", "stopped", "Inactive"), ("start", "started", "Active")):
        since = len(events.lines)
        p = vn(cmd, "busy")
        tap(p.returncode == 0, f"root: virtnet {cmd} busy", p.stderr)
        t_ev, ev = events.first(ev_type, "busy", since=since)
        r = wait(d, lambda d: (lambda r: r if r and state in r else None)(row(d, "networks", "busy")), timeout=5, poll=0.02)
        t_row = time.monotonic()
        tap(ev is not None and r is not None and t_row - t_ev < 1.0,
            f"the reader's row says {state} within 1 s of the event ({(t_row - t_ev) * 1000:.0f} ms)" if ev and r else
            f"the reader's row says {state} within 1 s of the event", f"event {ev}, row {r}")


def read_only(events):
    d = browser()
    try:
        open_page(d, E["RO_URL"])
        wait(d, lambda d: row(d, "networks", "busy"))
        tap(bool(row(d, "networks", "busy")), "a user who may only read sees the networks")
        tap(not css(d, "[data-testid=create]") and not css(d, "[data-action]"), "...and no Create, Start, Stop, Autostart or Delete")
        tap("You can look, not change" in d.find_element(By.ID, "banner").text, "...and is told why")
        reader_live(d, events)
        shot(d, "readonly-list")
        open_network(d, "busy")
        wait(d, lambda d: css(d, "[data-testid=overview]"))
        tap(not css(d, "[data-testid=xml-edit]") and not css(d, "[data-testid=add-host]") and not css(d, "[data-action]"),
            "its details have no Edit, no add forms and no actions")
        shot(d, "readonly-details")
        lost = d.execute_script("return document.body.dataset.eventsLost || '0'")
        tap(events_up(d) and lost == "0", "the reader's event stream stayed open throughout", f"lost {lost} times")
    finally:
        d.quit()


def main():
    events = Events()
    events.start()
    d = browser()
    t0 = time.monotonic()
    try:
        open_page(d, E["ADMIN_URL"])
        tap(bool(wait(d, lambda d: row(d, "networks", "busy"))), "the page lists the networks (busy)")
        shot(d, "list")
        for f in (many_networks, wizard_errors, create_lab, details_live, static_host, xml_error, stop_delete, keyboard_narrow):
            try:
                f(d, events) if f is details_live else f(d)
            except Exception as e:   # a step that broke: say which, go on with the next
                tap(False, f"{f.__name__} ran to its end", repr(e))
                try:
                    shot(d, f"{f.__name__}-broken")
                except Exception:
                    pass
        logs = [entry for entry in d.get_log("browser") if entry.get("level") == "SEVERE"]
        tap(not logs, "no errors in the browser's console", "\n".join(x["message"] for x in logs))
        lost = d.execute_script("return document.body.dataset.eventsLost || '0'")
        tap(events_up(d) and lost == "0", f"the admin's event stream stayed open the whole run ({time.monotonic() - t0:.0f} s)",
            f"lost {lost} times")
    finally:
        d.quit()
    read_only(events)
    events.p.kill()
    return 1 if failed else 0


sys.exit(main())
