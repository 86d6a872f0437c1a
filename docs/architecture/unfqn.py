#!/usr/bin/env python3
"""Rewrites inline fully-qualified class names in main code as imports (skipping a name that would clash with
another class of the same simple name in the file). Usage: docs/architecture/unfqn.py ROOT; then compile."""
import os, re, sys
ROOT = sys.argv[1]
FQN = re.compile(r'(?<![\w.])((?:java|javax|jdk|sun|com|org|io|dev|okhttp3|picocli)(?:\.[a-z_][a-z0-9_]*)+)\.([A-Z]\w*)')
REGION = re.compile(r'/\*.*?\*/|//[^\n]*|"""(?:.|\n)*?"""|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\])\'', re.S)
# classes per package in this project (main + generated sources are not edited)
pkg_classes = {}
for d, _, fs in os.walk(ROOT):
    if '/target/' in d or '/.git' in d: continue
    for f in fs:
        if f.endswith('.java') and '/src/main/java' in d:
            m = re.search(r'^package\s+([\w.]+);', open(os.path.join(d, f)).read(), re.M)
            if m: pkg_classes.setdefault(m.group(1), set()).add(f[:-5])
JAVA_LANG = set('Object String Thread Runnable Integer Long Boolean Double Float Short Byte Character Math System Exception RuntimeException Error Iterable Class Enum Record Override Deprecated SuppressWarnings FunctionalInterface Process ProcessBuilder ProcessHandle Runtime StringBuilder Number Comparable CharSequence AutoCloseable Void InterruptedException IllegalStateException IllegalArgumentException UnsupportedOperationException NullPointerException IndexOutOfBoundsException ClassCastException StackOverflowError OutOfMemoryError Throwable SecurityException ArithmeticException NumberFormatException ThreadLocal InheritableThreadLocal StrictMath Module Package ClassLoader Cloneable Appendable Readable'.split())
left = 0; changed_files = 0
for d, _, fs in os.walk(ROOT):
    if '/src/main/java' not in d or '/target/' in d: continue
    for f in fs:
        if not f.endswith('.java'): continue
        p = os.path.join(d, f); src = open(p).read()
        pkg = re.search(r'^package\s+([\w.]+);', src, re.M).group(1)
        imports = dict((m.group(2), m.group(1) + '.' + m.group(2)) for m in re.finditer(r'^import\s+([\w.]+)\.(\w+);', src, re.M))
        declared = set(re.findall(r'\b(?:class|interface|record|enum)\s+(\w+)', src))
        same_pkg = pkg_classes.get(pkg, set())
        new_imports = {}
        out = []; pos = 0
        def fix_code(code):
            global left
            def rep(m):
                global left
                q, name = m.group(1), m.group(2)
                full = q + '.' + name
                if q == pkg or q == 'java.lang':
                    if q == 'java.lang' or name in same_pkg: return name
                if name in declared or (name in same_pkg and q != pkg) or (name in JAVA_LANG and q != 'java.lang'):
                    left += 1; return m.group(0)
                have = imports.get(name) or new_imports.get(name)
                if have and have != full:
                    left += 1; return m.group(0)
                if not have: new_imports[name] = full
                return name
            lines = code.split('\n')
            return '\n'.join(l if re.match(r'\s*(import|package)\b', l) else FQN.sub(rep, l) for l in lines)
        for m in REGION.finditer(src):
            out.append(fix_code(src[pos:m.start()])); out.append(m.group(0)); pos = m.end()
        out.append(fix_code(src[pos:]))
        res = ''.join(out)
        if new_imports:
            block = ''.join(f'import {v};\n' for k, v in sorted(new_imports.items(), key=lambda kv: kv[1]))
            # after the last import, or after the package line
            ims = list(re.finditer(r'^import [^\n]+;\n', res, re.M))
            at = ims[-1].end() if ims else re.search(r'^package [^\n]+;\n', res, re.M).end()
            if not ims: block = '\n' + block
            res = res[:at] + block + res[at:]
        if res != src:
            open(p, 'w').write(res); changed_files += 1
print('changed files', changed_files, 'left (clashes)', left)
