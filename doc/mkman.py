#!/usr/bin/env python3
"""mkman.py TEMPLATE OUTPUT BUILDDIR: a man page from its template (doc/man/*.in) and the
--help texts of the programs in BUILDDIR, so that the page's synopsis, options and commands
are the programs' own words and cannot drift from them. The template is roff; these lines
of it are replaced:

  .\\" @synopsis PROG ARGS...  the Usage: lines PROG ARGS prints
  .\\" @options PROG ARGS...   its indented lines (options, operands), as tagged paragraphs
  .\\" @items HEADING PROG ARGS...  the indented lines after its line 'HEADING:'
  .\\" @text PROG ARGS...      its other lines (the description), as paragraphs
  .\\" @commands PROG          each command of `PROG help` as a subsection: its usage and
                              `PROG COMMAND --help`, then the template's block for it:
  .\\" @command NAME           the lines up to the next directive or .SH: NAME's block

Every command must have a block and every block a command (the build fails otherwise).
@VERSION@ becomes the version PROG ARGS print for `version`.
"""
import os
import re
import subprocess
import sys

DIRECTIVE = re.compile(r'^\.\\" @(\w+)(?: (.*))?$')


def run(builddir, words):
    prog = os.path.join(builddir, words[0])
    env = {'LC_ALL': 'C', 'PATH': '/usr/bin:/bin'}
    return subprocess.run([prog] + words[1:], capture_output=True, text=True, check=True,
                          env=env).stdout


def esc(text):
    """Text as roff: backslashes, hyphens (minus signs in options and paths), a leading dot"""
    text = text.replace('\\', '\\e').replace('-', '\\-')
    return '\\&' + text if text[:1] in ('.', "'") else text


def words(text):
    """Options bold, placeholders (NETWORK, FILE, A,P,B) italic, the rest roman"""
    text = esc(text)
    text = re.sub(r'(?<![\w\\])(\\-\\-[a-z][a-z0-9]*(?:\\-[a-z0-9]+)*|\\-[A-Za-z](?![\w]))',
                  r'\\fB\1\\fR', text)
    return re.sub(r'(?<![\w<\-])([A-Z][A-Z0-9_]*(?:,[A-Z][A-Z0-9_]*)*)(?![\w>])', r'\\fI\1\\fR',
                  text)


def usage_lines(help_text):
    """The Usage: line and the lines aligned under it"""
    out = []
    for line in help_text.splitlines():
        if line.startswith('Usage: ') and not out:
            out.append(line[len('Usage: '):].strip())
        elif out and line.startswith('       ') and line.strip():
            out.append(line.strip())
        elif out:
            break
    return out


def synopsis(help_text):
    lines = []
    for u in usage_lines(help_text):
        prog, _, rest = u.partition(' ')
        lines += ['.ad l', '.B ' + esc(prog), words(rest) if rest else '', '.ad', '.br']
    return [l for l in lines if l != ''][:-1]


def body(help_text):
    """The lines after the Usage: lines"""
    lines = help_text.splitlines()
    i = 0
    while i < len(lines) and (lines[i].startswith('Usage: ') or lines[i].startswith('       ')):
        i += 1
    return lines[i:]


TAG = re.compile(r'^  (\S(?:.*?\S)?)(?:  +(\S.*))?$')


def convert(lines, text=True, section=None, capital=False):
    """Help lines as roff: '  TERM  description' and its deeper continuation lines become a
    tagged paragraph, lines at the margin paragraphs, a blank line a paragraph break. A
    margin line 'Heading:' starts the items of that heading. The items kept: those under
    section (None: those before any heading; '*': all, with their headings)."""
    out, in_tag, para, heading = [], False, False, None
    for line in lines:
        if not line.strip():
            in_tag, para = False, False
            continue
        keep = section == '*' or section == heading
        if line.startswith('   ') and in_tag:
            if keep:
                out.append(esc(line.strip()))
            continue
        m = TAG.match(line)
        if m and line.startswith('  '):
            in_tag, para = True, False
            if keep:
                out += ['.TP', words(m.group(1))]
                if m.group(2):
                    out.append(esc(m.group(2)))
            continue
        in_tag = False
        if line.endswith(':') and not line.startswith(' '):
            heading = line[:-1]
            if section == '*':
                out += ['.PP', esc(line)]
            continue
        if text:
            t = line.strip()
            if capital and not any(l for l in out if not l.startswith('.')):
                t = t[:1].upper() + t[1:]
            if not para:
                out.append('.PP')
                para = True
            out.append(esc(t))
    return out


def commands(builddir, prog, blocks):
    listing = run(builddir, [prog, 'help']).split('\nCommands:\n', 1)[1]
    names = re.findall(r'^  ([a-z][a-z-]*) ', listing, re.M)
    missing = [n for n in names if n not in blocks]
    extra = [n for n in blocks if n not in names]
    if missing or extra:
        sys.exit('mkman: the template has no block for %s; blocks without a command: %s'
                 % (', '.join(missing) or 'none', ', '.join(extra) or 'none'))
    out = []
    for name in names:
        text = run(builddir, [prog, name, '--help'])
        out += ['.SS ' + esc(name)] + synopsis(text) + convert(body(text), section='*', capital=True)
        extra_lines = blocks[name]
        if any(l.strip() for l in extra_lines):
            if not extra_lines[0].startswith('.'):
                out.append('.PP')
            out += extra_lines
    return out


def main():
    template, output, builddir = sys.argv[1:4]
    src = open(template).read().splitlines()
    # the command blocks first
    blocks, order, current = {}, [], None
    for line in src:
        m = DIRECTIVE.match(line)
        if m and m.group(1) == 'command':
            current = m.group(2).strip()
            blocks[current] = []
            continue
        if m or line.startswith('.SH'):
            current = None
        if current is not None:
            blocks[current].append(line)
    out, current, version = [], None, None
    for line in src:
        m = DIRECTIVE.match(line)
        if m and m.group(1) == 'command':
            current = True
            continue
        if m or line.startswith('.SH'):
            current = None
        if current:
            continue
        if not m:
            out.append(line)
            continue
        kind, args = m.group(1), (m.group(2) or '').split()
        if kind == 'commands':
            out += commands(builddir, args[0], blocks)
            if version is None:
                version = run(builddir, [args[0], 'version']).split()[-1]
            continue
        text = run(builddir, args) if kind != 'items' else ''
        if kind == 'synopsis':
            out += synopsis(text)
        elif kind == 'options':
            out += convert(body(text), text=False)
        elif kind == 'items':
            out += convert(body(run(builddir, args[1:])), text=False, section=args[0])
            continue
        elif kind == 'text':
            out += convert(body(text), section='')
        else:
            sys.exit('mkman: %s: unknown directive @%s' % (template, kind))
    if version is None:
        version = run(builddir, ['virtnet-direct', 'version']).split()[-1]
    page = '\n'.join(out) + '\n'
    with open(output, 'w') as f:
        f.write(page.replace('@VERSION@', version))


main()
