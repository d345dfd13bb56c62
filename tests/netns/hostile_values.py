#!/usr/bin/env python3
"""hostile_values.py - attack documents for tests/netns/t-hostile-*.sh.

Prints one case per line: NAME<TAB>XML (one line, no tab inside). Each XML is a network
definition holding one hostile value in one field: values sized so that dnsmasq's
1024-byte reader would cut the line exactly before (or one byte around) a payload that
makes a new option, values with the separators of the target format, with line breaks,
and interface names the kernel accepts but nft or dnsmasq cannot carry."""
import sys

MARK = sys.argv[1] if len(sys.argv) > 1 else "/tmp/virtnet-pwned"
NET = "<network><name>{name}</name><forward mode='{mode}'{fdev}/><bridge name='vnhost0'/>{extra}" \
      "<ip address='192.168.240.1' prefix='24'>{ipx}<dhcp><range start='192.168.240.10' end='192.168.240.20'/>{dhcpx}</dhcp></ip></network>"


def xml_attr(v):
    return v.replace("&", "&amp;").replace("'", "&apos;").replace('"', "&quot;").replace("<", "&lt;").replace("\n", "&#10;")


def net(name, mode="nat", fdev="", extra="", ipx="", dhcpx=""):
    return NET.format(name=name, mode=mode, fdev=fdev, extra=extra, ipx=ipx, dhcpx=dhcpx)


def labels(n):
    """n bytes of dotted 60-byte labels: a domain-like padding dnsmasq itself would accept"""
    s = ("a" * 60 + ".") * (n // 61 + 1)
    s = s[:n]
    return s[:-1] + "a" if s.endswith(".") else s


PAYLOAD = "dhcp-script=%s #" % MARK

# field: (prefix dnsmasq sees before the value on its line, padding kind, builder)
FIELDS = {
    "txt-value": ("txt-record=t,", "A", lambda v: net("hx", extra="<dns><txt name='t' value='%s'/></dns>" % xml_attr(v))),
    "txt-name": ("txt-record=", "dns", lambda v: net("hx", extra="<dns><txt name='%s' value='v'/></dns>" % xml_attr(v))),
    "domain": ("domain=", "dns", lambda v: net("hx", extra="<domain name='%s'/>" % xml_attr(v))),
    "tftp-root": ("tftp-root=", "path", lambda v: net("hx", ipx="<tftp root='%s'/>" % xml_attr(v))),
    "bootp-file": ("dhcp-boot=", "A", lambda v: net("hx", dhcpx="<bootp file='%s'/>" % xml_attr(v))),
    "forwarder-domain": ("server=/", "dns", lambda v: net("hx", extra="<dns><forwarder domain='%s' addr='192.0.2.1'/></dns>" % xml_attr(v))),
    "srv-domain": ("srv-host=_s._tcp.", "dns", lambda v: net("hx", extra="<dns><srv service='s' protocol='tcp' domain='%s' target='t'/></dns>" % xml_attr(v))),
    "srv-target": ("srv-host=_s._tcp,", "dns", lambda v: net("hx", extra="<dns><srv service='s' protocol='tcp' target='%s' port='1'/></dns>" % xml_attr(v))),
    "srv-service": ("srv-host=_", "A", lambda v: net("hx", extra="<dns><srv service='%s' protocol='tcp'/></dns>" % xml_attr(v))),
    "dhcp-host-name": ("52:54:00:00:00:01,192.168.240.50,", "dns", lambda v: net("hx", dhcpx="<host mac='52:54:00:00:00:01' name='%s' ip='192.168.240.50'/>" % xml_attr(v))),
    "dns-hostname": ("192.168.240.9\t", "dns", lambda v: net("hx", extra="<dns><host ip='192.168.240.9'><hostname>%s</hostname></host></dns>" % xml_attr(v).replace("&apos;", "'"))),
}


def pad(kind, n):
    if n <= 0:
        return ""
    if kind == "dns":
        return labels(n - 1) + "." if n > 1 else "a"
    if kind == "path":
        return "/" + "p" * (n - 1)
    return "A" * n


def cases():
    for field, (prefix, kind, build) in FIELDS.items():
        # the split lands exactly on the payload, one byte before and one after it
        for shift in (-1, 0, 1):
            value = pad(kind, 1024 - len(prefix) + shift) + PAYLOAD
            yield "%s-split%+d" % (field, shift), build(value)
        for sep, tag in (("\n", "newline"), (",", "comma"), (" #", "comment"), ('"', "quote"), ("\\", "backslash"), ("/", "slash"), (" ", "space")):
            if field in ("txt-value",) and tag in ("space", "slash"):
                continue   # a TXT string may hold spaces and slashes
            if field == "tftp-root" and tag in ("space", "slash"):
                continue   # so may a path
            if field == "bootp-file" and tag == "slash":
                continue
            yield "%s-%s" % (field, tag), build("x" + sep + PAYLOAD if tag != "newline" else "x\n" + PAYLOAD)
    # DHCP host fields the hosts file would read as more fields or entries
    yield "dhcp-host-name-wildcard", net("hx", dhcpx="<host mac='52:54:00:00:00:01' name='x,*:*:*:*:*:*,infinite' ip='192.168.240.50'/>")
    yield "dhcp-host-name-ignore", net("hx", dhcpx="<host mac='52:54:00:00:00:01' name='x,ignore' ip='192.168.240.50'/>")
    yield "dhcp-host-name-tag", net("hx", dhcpx="<host mac='52:54:00:00:00:01' name='x,set:evil' ip='192.168.240.50'/>")
    # (after a space libvirt ignores the rest of a MAC, and so do we: the hosts line holds the
    # six bytes only, tests/data/dnsmasq/host-mac-libvirt; a separator right after is refused)
    yield "dhcp-host-mac-trailing", net("hx", dhcpx="<host mac='52:54:00:00:00:01,*' name='x' ip='192.168.240.50'/>")
    yield "dhcp-host-mac-dashes", net("hx", dhcpx="<host mac='52-54-00-00-00-01' name='x' ip='192.168.240.50'/>")
    yield "dns-hostname-two-names", net("hx", extra="<dns><host ip='192.168.240.9'><hostname>a b</hostname></host></dns>")
    yield "dns-hostname-comment", net("hx", extra="<dns><host ip='192.168.240.9'><hostname>a#b</hostname></host></dns>")
    # <dnsmasq:options> that run programs or read files, without the admin's trust
    for opt in ("dhcp-script=%s" % MARK, "dhcp-luascript=%s" % MARK, "conf-file=/etc/shadow", "conf-dir=/etc",
                "addn-hosts=/etc/shadow", "dhcp-scriptuser=root", "user=root", "interface=lo", "tftp-root=/",
                "nftset=/x/4#inet#hostfw#s", "unknown-option=1"):
        yield "dnsmasq-option-" + opt.split("=")[0], net("hx", extra="").replace(
            "<network>", "<network xmlns:dnsmasq='http://libvirt.org/schemas/network/dnsmasq/1.0'>").replace(
            "</network>", "<dnsmasq:options><dnsmasq:option value='%s'/></dnsmasq:options></network>" % xml_attr(opt))
    # interface names the kernel takes but nft, dnsmasq or our files cannot carry
    for tag, dev in (("quote", 'x";insert rule inet hostfw input accept;#'), ("table", 'x";add table ip pwned;#'),
                     ("wildcard", "eth*"), ("comma", "vb0,lo"), ("percent", "vb%s"), ("space", "a b"),
                     ("long", "abcdefghijklmnop"), ("dotdot", ".."), ("hash", "a#b"), ("brace", "a}b"),
                     ("backslash", "a\\b"), ("utf8", "\u00e9th0")):
        yield "forward-dev-" + tag, net("hx", mode="route", fdev=" dev='%s'" % xml_attr(dev))
        yield "forward-interface-" + tag, net("hx", mode="nat").replace("<forward mode='nat'/>", "<forward mode='nat'><interface dev='%s'/></forward>" % xml_attr(dev))
        yield "pf-dev-" + tag, "<network><name>hx</name><forward mode='passthrough'><pf dev='%s'/></forward></network>" % xml_attr(dev)
        yield "bridge-name-" + tag, net("hx").replace("<bridge name='vnhost0'/>", "<bridge name='%s'/>" % xml_attr(dev))


if __name__ == "__main__":
    for name, xml in cases():
        assert "\t" not in xml.replace("\\t", "")
        print("%s\t%s" % (name, xml.replace("\n", "&#10;").replace("\t", "&#9;")))
