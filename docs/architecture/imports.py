#!/usr/bin/env python3
"""Package import graph of each module's main code: `import` lines plus fully-qualified names in code.

Usage: docs/architecture/imports.py [ROOT] [--dot FILE] [--mermaid FILE]
Prints, per module, the packages, their edges to other dev.vllmscan packages, and the strongly connected
components with more than one package (cycles). Exit code 1 when any module has a cycle.
"""
import os, re, sys
from collections import defaultdict

ROOT = next((a for i, a in enumerate(sys.argv[1:], 1) if not a.startswith('--') and sys.argv[i - 1] not in ('--dot', '--mermaid')), '.')
DOT = sys.argv[sys.argv.index('--dot') + 1] if '--dot' in sys.argv else None
MERMAID = sys.argv[sys.argv.index('--mermaid') + 1] if '--mermaid' in sys.argv else None
REF = re.compile(r'\b(dev\.vllmscan(?:\.[a-z_][a-z0-9_]*)+)\.[A-Z]')
PKG = re.compile(r'^package\s+([\w.]+);', re.M)
COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)

def modules(root):
    for m in sorted(os.listdir(root)):
        src = os.path.join(root, m, 'src', 'main', 'java')
        if os.path.isdir(src):
            yield m, src

def graph(src):
    edges, pkgs = defaultdict(set), set()
    for d, _, files in os.walk(src):
        for f in files:
            if not f.endswith('.java'):
                continue
            text = open(os.path.join(d, f), encoding='utf-8').read()
            m = PKG.search(text)
            if not m:
                continue
            pkg = m.group(1)
            pkgs.add(pkg)
            for ref in REF.findall(COMMENT.sub('', text)):
                if ref != pkg:
                    edges[pkg].add(ref)
    return pkgs, edges

def sccs(nodes, edges):
    index, low, stack, on, out, n = {}, {}, [], set(), [], [0]
    def visit(v):
        index[v] = low[v] = n[0]; n[0] += 1; stack.append(v); on.add(v)
        for w in edges.get(v, ()):
            if w not in nodes:
                continue
            if w not in index:
                visit(w); low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v:
                    break
            out.append(sorted(comp))
    sys.setrecursionlimit(10000)
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return [c for c in out if len(c) > 1]

cycles = 0
dot = ['digraph vllmscan {', '  rankdir=BT; node [shape=box, fontname="Helvetica", fontsize=10];']
owner = {}
all_edges = []
for mod, src in modules(ROOT):
    pkgs, edges = graph(src)
    for p in pkgs:
        owner[p] = mod
    knots = sccs(pkgs, edges)
    cycles += len(knots)
    print(f'== {mod}: {len(pkgs)} packages, {sum(len(v & pkgs) for v in edges.values())} internal edges, '
          f'{len(knots)} cycle(s)')
    for p in sorted(pkgs):
        print(f'  {p} -> {", ".join(sorted(edges.get(p, ()))) or "-"}')
    for k in knots:
        print('  CYCLE: ' + ' <-> '.join(k))
    all_edges += [(p, q) for p in edges for q in edges[p]]
if DOT:
    for mod in sorted(set(owner.values())):
        dot.append(f'  subgraph "cluster_{mod}" {{ label="{mod}"; style=rounded;')
        for p in sorted(k for k, v in owner.items() if v == mod):
            dot.append(f'    "{p}" [label="{p.replace("dev.vllmscan.", "")}"];')
        dot.append('  }')
    for p, q in sorted(set(all_edges)):
        if q in owner:
            dot.append(f'  "{p}" -> "{q}";')
    dot.append('}')
    open(DOT, 'w').write('\n'.join(dot) + '\n')
if MERMAID:
    # The provider side (wire contracts, SDK, vLLM provider), package by package, and the launcher as one box.
    ids = {}
    def node(p):
        return ids.setdefault(p, 'p%d' % len(ids))
    out = ['flowchart BT']
    for mod in ['proto', 'provider-sdk', 'provider-vllm']:
        out.append(f'  subgraph {mod.replace("-", "_")}["{mod}"]')
        for p in sorted(k for k, v in owner.items() if v == mod and not k.startswith('dev.vllmscan.proto.')):
            out.append(f'    {node(p)}["{p.replace("dev.vllmscan.", "")}"]')
        out.append('  end')
    out.append('  launcher["plugin-launcher (13 packages, the host)"]')
    seen = set()
    for p, q in sorted(set(all_edges)):
        if q not in owner or q.startswith('dev.vllmscan.proto.') or p.startswith('dev.vllmscan.proto.'):
            continue
        a = 'launcher' if owner.get(p) == 'plugin-launcher' else node(p)
        b = 'launcher' if owner.get(q) == 'plugin-launcher' else node(q)
        if a != b and (a, b) not in seen:
            seen.add((a, b))
            out.append(f'  {a} --> {b}')
    open(MERMAID, 'w').write('\n'.join(out) + '\n')
sys.exit(1 if cycles else 0)
