#!/usr/bin/env python3
"""Counts fully-qualified class names written inline in main code (outside import/package lines, comments and
string literals): each hides a dependency from the import block. Usage: docs/architecture/fqn.py [ROOT] [-v]"""
import os, re, sys
ROOT = next((a for a in sys.argv[1:] if not a.startswith('-')), '.')
FQN = re.compile(r'(?<![\w.])(?:java|javax|jdk|sun|com|org|io|dev|okhttp3|picocli|kotlin)(?:\.[a-z_][a-z0-9_]*)+\.[A-Z]\w*')
STRIP = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])\'', re.S)
total, per = 0, {}
for d, _, fs in os.walk(ROOT):
    if '/src/main/java' not in d or '/target/' in d:
        continue
    for f in fs:
        if not f.endswith('.java'):
            continue
        p = os.path.join(d, f)
        text = STRIP.sub(lambda m: '\n' * m.group(0).count('\n'), open(p, encoding='utf-8').read())
        lines = [l for l in text.split('\n') if not re.match(r'\s*(import|package)\b', l)]
        hits = FQN.findall('\n'.join(lines))
        if hits:
            per[p] = hits
            total += len(hits)
if '-v' in sys.argv:
    for p, h in sorted(per.items(), key=lambda kv: -len(kv[1])):
        print(f'{len(h):4d} {os.path.relpath(p, ROOT)}: {", ".join(sorted(set(h)))}')
print(f'inline fully-qualified class names in main code: {total} in {len(per)} files')
