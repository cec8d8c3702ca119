#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make export: the series as git format-patch files, with a cover letter,
against Debian's linux-source-6.12 (build/base, unpacked by tree.sh).

The repo keeps new files at their in-tree paths (the overlay) and changes
to existing files as patches/; a kernel maintainer needs one series that
adds both, a patch per thing to review. Commits, in order:

  patches/0000... (the iommu core changes the library relies on) as
  they are; the generic layer (pt_*.h, common.h) + patches/0001 (the
  hook-up); the IOMMU skeleton (iommu_pt.h and iommu.h with no operation:
  init, deinit, info); the first format (FORMATS[0]), which builds it;
  one commit per operation (OPS), in their order in iommu_pt.h; the
  other formats, each with its header, its objects, its Kconfig symbols
  and its part of include/linux/generic_pt/; then the KUnit tests, the
  benchmark, the userspace harness, the documentation + 0002,
  MAINTAINERS (0003), and every later patch as it is.

The intermediate files are the final ones minus what is not there yet:
a format's sections of the interface headers, an operation's section of
iommu_pt.h and its lines in iommu.h (see OPS), the static functions that
nothing present calls, the Kconfig symbols and Makefile lines of what is
missing. So every commit only adds lines, each builds with W=1 without
a new warning (scripts/bisect.sh checks it), and the last one is the
tree. The result is checked: applied with git am to a fresh copy of the
base, and with quilt push -a, it must give exactly the files of the
assembled tree.

Output: build/export/series/*.patch (and the scratch repos beside it).
"""
import os
import re
import shutil
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get('BUILD_DIR', os.path.join(REPO, 'build'))
BASE = os.path.join(BUILD, 'base')
OUT = os.path.join(BUILD, 'export')
MSGS = os.path.join(REPO, 'scripts', 'export')
IDENT = ['-c', 'user.name=Generic PT Team',
         '-c', 'user.email=genpt@example.org']
DATE = 'Sun, 22 Nov 2026 00:00:00 +0000'

KUNIT_SYMS = ['IOMMU_PT_KUNIT_TEST', 'IOMMU_PT_KUNIT_CMP_AMD',
              'IOMMU_PT_KUNIT_CMP_INTEL', 'IOMMU_PT_KUNIT_CMP_ARM',
              'IOMMU_PT_KUNIT_CMP_ARMV7S', 'IOMMU_PT_KUNIT_CMP_DART']
BENCH_SYMS = ['IOMMU_PT_KUNIT_BENCH', 'IOMMU_PT_KUNIT_BENCH_AMD',
              'IOMMU_PT_KUNIT_BENCH_INTEL', 'IOMMU_PT_KUNIT_BENCH_ARM',
              'IOMMU_PT_KUNIT_BENCH_ARMV7S']

# In the order of their sections in include/linux/generic_pt/: name, the
# message file of its commit, its Kconfig symbols
FORMATS = [('amdv1', '01-amdv1.txt', ['IOMMU_PT_AMDV1']),
           ('x86_64', '01-x86_64.txt',
            ['IOMMU_PT_X86_64', 'IOMMU_PT_X86_64_INCOHERENT']),
           ('vtdss', '01-vtdss.txt', ['IOMMU_PT_VTDSS']),
           ('armv8', '01-armv8.txt', ['IOMMU_PT_ARMV8']),
           ('armv7s', '01-armv7s.txt', ['IOMMU_PT_ARMV7S']),
           ('dart', '01-dart.txt', ['IOMMU_PT_DART'])]
FORMAT_SYMS = [sym for _, _, syms in FORMATS for sym in syms]
# Where each format's section starts, in each interface header
SECTION_START = {'include/linux/generic_pt/common.h': r'struct pt_%s -',
                 'include/linux/generic_pt/iommu.h':
                 r'struct pt_iommu_%s_cfg -'}


# The IOMMU operations, each a commit of its own after the first format,
# in the order of their sections in iommu_pt.h: name, message file, and
# what of the interface the op owns, held back until its commit:
#  'sections': iommu_pt.h sections ("/* --- title --- */" to the next one)
#  'guards':   #if IS_ENABLED(CONFIG_X) blocks, in both headers
#  'code':     per header, regexes of lines that start a statement, a
#              struct member, a macro line or an initializer; the line and
#              its continuation lines up to the one ending in ';' or ','
#              outside parentheses
#  'blocks':   per header, regexes of paragraphs (kernel-doc and the
#              declaration it documents)
#  'members':  kernel-doc @member lines, in both headers
#  'syms':     Kconfig symbols; 'files': files of its own
# Static functions of iommu_pt.h that no op present yet calls are held
# back too, so each op's commit brings the helpers it is the first to use.
IOMMU_PT = 'drivers/iommu/generic_pt/iommu_pt.h'
IOMMU_H = 'include/linux/generic_pt/iommu.h'
OPS = [
    ('dump', '02-dump.txt', {
        'sections': ['debugfs dump'],
        'guards': ['CONFIG_GENERIC_PT_DEBUGFS'],
        'members': ['dump_lock', 'debugfs', 'dump'],
        'code': {IOMMU_H: [r'^struct (dentry|seq_buf);']},
        'syms': ['GENERIC_PT_DEBUGFS'],
        'files': ['drivers/iommu/generic_pt/fmt/iommu_pt_debugfs.c']}),
    ('iova_to_phys', '02-iova_to_phys.txt', {
        'sections': ['iova_to_phys'],
        'code': {IOMMU_H: [r'_iova_to_phys\(', r'\.iova_to_phys = ']},
        'blocks': {IOMMU_H: [r'^#define IOMMU_PT_DOMAIN_OPS']}}),
    ('map', '02-map.txt', {
        'sections': ['map'],
        'code': {IOMMU_H: [r'_map_(pages|range)\(',
                           r'\.map_(pages|range) = ']}}),
    ('unmap', '02-unmap.txt', {
        'sections': ['unmap'],
        'code': {IOMMU_H: [r'_unmap_(pages|range)\(',
                           r'\.unmap_(pages|range) = ']}}),
    ('unmap_batch', '02-unmap_batch.txt', {
        'sections': ['unmap into a batch'],
        'code': {IOMMU_H: [r'_unmap_batch\(', r'\(\*unmap_batch\)'],
                 IOMMU_PT: [r'\.unmap_batch = ']},
        'blocks': {IOMMU_H: [r'^struct pt_unmap_batch(_range)? \{',
                             r'pt_unmap_batch_init\(',
                             r'^static inline int pt_iommu_unmap_batch\(']},
        'members': ['unmap_batch']}),
    ('dirty', '02-dirty.txt', {
        'sections': ['dirty tracking'],
        'code': {IOMMU_H: [r'_read_and_clear_dirty\(', r'\(\*set_dirty\)'],
                 IOMMU_PT: [r'\.set_dirty = ']},
        'blocks': {IOMMU_H: [r'^#define IOMMU_PT_DIRTY_OPS']},
        'members': ['set_dirty']}),
    ('cut', '02-cut.txt', {
        'sections': ['cut and reassemble'],
        'code': {IOMMU_H: [r'pt_iommu_##fmt##_(cut|reassemble)\(',
                           r'\(\*(cut|reassemble)\)'],
                 IOMMU_PT: [r'\.(cut|reassemble) = ']},
        'blocks': {IOMMU_H: [r'^static inline int pt_iommu_(cut|reassemble)\(']},
        'members': ['cut', 'reassemble']}),
]
OP_SYMS = [sym for _, _, op in OPS for sym in op.get('syms', [])]
OP_FILES = [p for _, _, op in OPS for p in op.get('files', [])]


def strip_guard(text, macro):
    """@text without its #if IS_ENABLED(@macro) blocks, #else included."""
    out, depth = [], 0
    for line in text.splitlines(keepends=True):
        if depth:
            if line.startswith('#if'):
                depth += 1
            elif line.startswith('#endif'):
                depth -= 1
            continue
        if line.strip() == f'#if IS_ENABLED({macro})':
            depth = 1
            continue
        out.append(line)
    return ''.join(out)


def strip_section(text, title):
    """@text without the iommu_pt.h section @title."""
    m = re.search(r'^/\* --- %s --- \*/\n' % re.escape(title), text, re.M)
    if not m:
        sys.exit(f'export: no section "{title}" in {IOMMU_PT}')
    end = re.compile(r'^(/\* --- |#endif\n\Z)', re.M).search(text, m.end())
    return text[:m.start()] + text[end.start():]


def strip_code(text, pattern):
    """@text without each statement, member, macro line or initializer
    whose first line matches @pattern."""
    out, skip, depth = [], False, 0
    start = re.compile(pattern)
    for line in text.splitlines(keepends=True):
        if not skip and start.search(line) and \
           not line.lstrip().startswith(('*', '/*')):
            skip, depth = True, 0
        if skip:
            depth += line.count('(') - line.count(')')
            skip = depth or \
                not line.rstrip(' \\\t\n').endswith((';', ','))
            continue
        out.append(line)
    return ''.join(out)


def strip_member_doc(text, member):
    """@text without the kernel-doc line of @member and its continuation."""
    return re.sub(r'^ \* @%s: .*\n( \*   .*\n)*' % member, '', text,
                  flags=re.M)


def strip_blocks(text, pattern):
    """@text without the paragraphs that match @pattern."""
    paras = re.split(r'\n\n+', text)
    return '\n\n'.join(p for p in paras if not re.search(pattern, p, re.M))


def function_spans(lines):
    """(name, first, last) of each static function defined in @lines,
    its comment included, kernel style: the body's braces in column 0."""
    spans = []
    for i, line in enumerate(lines):
        if line != '{\n':
            continue
        first = i
        while first and lines[first - 1].strip() and \
              not lines[first - 1].startswith(('#', '}', ' */', '/*')) and \
              not lines[first - 1].rstrip().endswith(';'):
            first -= 1
        sig = ''.join(lines[first:i])
        m = re.search(r'(\w+)\(', sig)
        if not sig.startswith('static') or not m:
            continue
        if first and lines[first - 1].rstrip().endswith('*/'):
            while not lines[first - 1].startswith('/*'):
                first -= 1
            first -= 1
        last = lines.index('}\n', i)
        spans.append((m.group(1), first, last))
    return spans


def strip_unused(text):
    """@text without the static functions nothing else in its code
    calls (comments do not count)."""
    while True:
        lines = text.splitlines(keepends=True)
        spans = function_spans(lines)
        for name in dict.fromkeys(n for n, _, _ in spans):
            own = [(f, l) for n, f, l in spans if n == name]
            rest = [line for i, line in enumerate(lines)
                    if not any(f <= i <= l for f, l in own)]
            code = re.sub(r'/\*.*?\*/', '', ''.join(rest), flags=re.S)
            if not re.search(r'\b%s\b' % name, code):
                text = ''.join(rest)
                break
        else:
            return text


def tidy(text):
    """Drop the #if blocks and sections left empty, and blank runs."""
    text = re.sub(r'^#if .*\n(\n|#else\n)*#endif\n', '', text, flags=re.M)
    text = re.sub(r'^/\* --- .* --- \*/\n\n+(?=/\* --- |#endif\n\Z)', '',
                  text, flags=re.M)
    return re.sub(r'\n{3,}', '\n\n', text)


def ops_upto(path, text, nops):
    """@text of @path (an interface header or iommu_pt.h) with the first
    @nops ops of OPS only."""
    if nops == len(OPS):
        return text
    for _, _, op in OPS[nops:]:
        if path == IOMMU_PT:
            for title in op.get('sections', []):
                text = strip_section(text, title)
        for macro in op.get('guards', []):
            text = strip_guard(text, macro)
        for pattern in op.get('code', {}).get(path, []):
            text = strip_code(text, pattern)
        for pattern in op.get('blocks', {}).get(path, []):
            text = strip_blocks(text, pattern)
        for member in op.get('members', []):
            text = strip_member_doc(text, member)
    if path == IOMMU_PT:
        text = strip_unused(text)
    return tidy(text)


def git(repo, *args, **kw):
    return subprocess.run(['git', *IDENT, *args], cwd=repo, check=True,
                          text=True, capture_output=True, **kw).stdout


def tracked(prefix):
    out = git(REPO, 'ls-files', '--', prefix)
    return [p for p in out.splitlines() if p]


def series():
    with open(os.path.join(REPO, 'patches', 'series')) as f:
        return [line.strip() for line in f
                if line.strip() and not line.startswith('#')]


def patched_files(patches):
    files = set()
    for p in patches:
        with open(os.path.join(REPO, 'patches', p)) as f:
            for line in f:
                m = re.match(r'diff --git a/(\S+) b/', line)
                if m:
                    files.add(m.group(1))
    return sorted(files)


def kconfig_without(text, syms):
    """The Kconfig with the config blocks of @syms removed, and the
    if blocks on them."""
    out, skip, depth = [], False, 0
    for line in text.splitlines(keepends=True):
        if depth:
            depth += line.startswith('if ') - line.startswith('endif')
            continue
        m = re.match(r'(menu)?config (\w+)', line)
        if m:
            skip = m.group(2) in syms
        elif re.match(r'(endif|if |endmenu|menu |source )', line):
            skip = False
            if line.startswith('if ') and line.split()[1] in syms:
                depth = 1
                continue
        if not skip:
            out.append(line)
    return re.sub(r'\n{3,}', '\n\n', ''.join(out))


def makefile_without(text, syms):
    """The Makefile without the obj- lines of @syms and the conditional
    blocks on @syms only (each with its comment), and without the
    conditional blocks that are left empty."""
    built = re.compile(r'obj-\$\(CONFIG_(%s)\)' % '|'.join(syms))

    def gone(line):
        conds = re.findall(r'CONFIG_(\w+)', line)
        return line.startswith('if') and conds and \
            all(c in syms for c in conds)
    lines, skip = [], False
    for line in text.splitlines(keepends=True):
        if skip:
            skip = not line.startswith('endif')
            continue
        skip = gone(line)
        if skip or built.match(line):
            while lines and lines[-1].startswith('#'):
                lines.pop()
            continue
        lines.append(line)
    out = []
    for line in lines:
        if line.startswith('endif') and out and \
           re.match(r'if(n?def|n?eq) ', out[-1]):
            out.pop()
            continue
        out.append(line)
    return re.sub(r'\n{3,}', '\n\n', ''.join(out)).strip('\n') + '\n'


def format_files(paths, fmt):
    """The files of @fmt: fmt/<fmt>.h and fmt/iommu_<fmt>[_variant].c."""
    own = re.compile(r'drivers/iommu/generic_pt/fmt/'
                     r'(%s\.h|iommu_%s(_\w+)?\.c)$' % (fmt, fmt))
    return [p for p in paths if own.match(p)]


def header_upto(path, nformats):
    """@path (an interface header) with the sections of the first
    @nformats formats only."""
    with open(os.path.join(REPO, path)) as f:
        text = f.read()
    if nformats == len(FORMATS):
        return text
    starts = []
    for fmt, _, _ in FORMATS:
        m = re.search(r'^/\*\*\n \* ' + SECTION_START[path] % fmt, text,
                      re.M)
        if not m:
            sys.exit(f'export: no section for {fmt} in {path}')
        starts.append(m.start())
    end = text.rindex('#endif')
    if starts != sorted(starts):
        sys.exit(f'export: the format sections of {path} are not in '
                 'FORMATS order')
    cut = starts[nformats] if nformats < len(FORMATS) else end
    return text[:cut].rstrip('\n') + '\n\n' + text[end:]


def copy_in(work, paths, src=REPO):
    for p in paths:
        dst = os.path.join(work, p)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(os.path.join(src, p), dst)


def write(work, path, text):
    with open(os.path.join(work, path), 'w') as f:
        f.write(text)


def commit(work, msgfile, extra=''):
    with open(os.path.join(MSGS, msgfile)) as f:
        msg = f.read().rstrip('\n') + '\n'
    msg += extra + '\nSigned-off-by: Generic PT Team <genpt@example.org>\n'
    git(work, 'add', '-A')
    git(work, 'commit', '-q', '--date', DATE, '-F', '-', input=msg)


def apply_patch(work, patch):
    git(work, 'apply', os.path.join(REPO, 'patches', patch))


def am_patch(work, patch):
    git(work, 'am', '-q', '--committer-date-is-author-date',
        os.path.join(REPO, 'patches', patch))


def base_repo(path, files):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    copy_in(path, files, BASE)
    git(path, 'init', '-q')
    git(path, 'add', '-A')
    git(path, 'commit', '-q', '--date', DATE, '-m', 'base')


def main():
    if not os.path.isdir(BASE):
        sys.exit(f'export: {BASE} missing (run make tree)')
    quilt = series()
    # The patches before the library (0000, 0000a, ...), its hook-up
    # (0001), the documentation index (0002), and the rest from MAINTAINERS
    # (0003) on
    def index(prefix):
        found = [i for i, p in enumerate(quilt) if p.startswith(prefix)]
        if len(found) != 1:
            sys.exit(f'export: expected one {prefix}* patch in '
                     'patches/series; update scripts/export.py')
        return found[0]
    hookup, docs_index, rest = index('0001-'), index('0002-'), index('0003-')
    if not hookup < docs_index == rest - 1:
        sys.exit('export: patches/series is not in the order 0000..., '
                 '0001, (tests), 0002, 0003...; update scripts/export.py')
    # What the patches change in the base (not what they change in ours)
    base_files = [p for p in patched_files(quilt)
                  if os.path.exists(os.path.join(BASE, p))]

    kernel = tracked('drivers') + tracked('include')
    docs = tracked('Documentation')
    harness = tracked('tools')
    is_kunit = re.compile(r'(^|/)(kunit_|\.kunitconfig)').search
    is_bench = re.compile(r'/kunit_bench').search
    core = [p for p in kernel if not is_kunit(p)]
    fmt_files = {fmt: format_files(core, fmt) for fmt, _, _ in FORMATS}
    generic = [p for p in core
               if not any(p in f for f in fmt_files.values())]
    kconfig = 'drivers/iommu/generic_pt/Kconfig'
    makefile = 'drivers/iommu/generic_pt/fmt/Makefile'
    layer = [p for p in generic
             if re.search(r'/pt_\w+\.h$|/generic_pt/common\.h$', p)]
    skeleton = [p for p in generic
                if p not in layer + OP_FILES + [kconfig, makefile]]
    kunit = [p for p in kernel if is_kunit(p) and not is_bench(p)]
    bench = [p for p in kernel if is_bench(p)]
    texts = {}
    for path in [kconfig, makefile, IOMMU_PT] + list(SECTION_START):
        with open(os.path.join(REPO, path)) as f:
            texts[path] = f.read()

    work = os.path.join(OUT, 'git')
    base_repo(work, base_files)

    # 1: the iommu core changes the library's domain ops rely on (0000...)
    for p in quilt[:hookup]:
        am_patch(work, p)

    # The library's Kconfig, Makefile and headers with the first @nformats
    # formats and @nops ops; without the IOMMU part at all if not @iommu
    def library(nformats, nops, iommu=True):
        syms = KUNIT_SYMS + BENCH_SYMS + FORMAT_SYMS[
            sum(len(f[2]) for f in FORMATS[:nformats]):]
        syms += [sym for _, _, op in OPS[nops:] for sym in op.get('syms', [])]
        if not iommu:
            syms += ['IOMMU_PT', 'IOMMU_PT_CHECK']
        write(work, kconfig, kconfig_without(texts[kconfig], syms))
        write(work, makefile, makefile_without(texts[makefile], syms))
        for path in SECTION_START:
            if iommu or path != IOMMU_H:
                write(work, path, ops_upto(
                    path, header_upto(path, nformats), nops))
        if iommu:
            write(work, IOMMU_PT, ops_upto(IOMMU_PT, texts[IOMMU_PT], nops))

    first = git(work, 'rev-parse', 'HEAD').strip()
    # 2: the generic layer, and the hook-up (0001)
    copy_in(work, layer + [kconfig, makefile])
    library(0, 0, iommu=False)
    apply_patch(work, quilt[hookup])
    commit(work, '01-generic.txt')
    # 3: the IOMMU skeleton: init, deinit, get_info, hw_info
    copy_in(work, skeleton)
    library(0, 0)
    commit(work, '01-core.txt')
    # 4: the first format, 5-: the ops, each built by that format, then
    # the other formats
    fmt, msgfile, _ = FORMATS[0]
    copy_in(work, fmt_files[fmt])
    library(1, 0)
    commit(work, msgfile)
    for i, (_, msgfile, op) in enumerate(OPS):
        copy_in(work, op.get('files', []))
        library(1, i + 1)
        commit(work, msgfile)
    for i, (fmt, msgfile, _) in enumerate(FORMATS[1:], 2):
        copy_in(work, fmt_files[fmt])
        library(i, len(OPS))
        commit(work, msgfile)
    # 3, 4: the tests, then the benchmark, each with its symbols
    copy_in(work, kunit)
    write(work, kconfig, kconfig_without(texts[kconfig], BENCH_SYMS))
    write(work, makefile, makefile_without(texts[makefile], BENCH_SYMS))
    commit(work, '02-kunit.txt')
    copy_in(work, bench + [kconfig, makefile])
    commit(work, '03-bench.txt')
    # 5: the harness
    copy_in(work, harness)
    commit(work, '04-harness.txt')
    # Each of those commits adds what it brings and changes nothing else
    for line in git(work, 'log', '--numstat', '--format=',
                    f'{first}..HEAD').splitlines():
        if not line:
            continue
        added, deleted, path = line.split('\t')
        if deleted != '0':
            sys.exit(f'export: the library commits delete lines of {path}')
    # 6: the documentation page with its index entry (0002)
    copy_in(work, docs)
    am_patch(work, quilt[docs_index])
    msg = git(work, 'log', '-1', '--format=%B').replace(
        'Add Documentation/driver-api/generic_pt.rst to the driver API '
        'index.', 'Add Documentation/driver-api/generic_pt.rst and list it\n'
        'in the driver API index.')
    git(work, 'add', '-A')
    git(work, 'commit', '-q', '--amend', '-F', '-', input=msg)
    # 7-: MAINTAINERS (0003) and every later patch as it is
    for p in quilt[rest:]:
        am_patch(work, p)
    ncommits = int(git(work, 'rev-list', '--count', 'HEAD')) - 1

    out = os.path.join(OUT, 'series')
    shutil.rmtree(out, ignore_errors=True)
    git(work, 'format-patch', '-q', '--zero-commit', '--binary',
        '--cover-letter', '-o', out, f'HEAD~{ncommits}..HEAD')
    cover = [f for f in sorted(os.listdir(out)) if f.startswith('0000-')][0]
    with open(os.path.join(MSGS, 'cover.txt')) as f:
        title, _, blurb = f.read().partition('\n\n')
    path = os.path.join(out, cover)
    with open(path) as f:
        text = f.read()
    text = text.replace('*** SUBJECT HERE ***', title.strip())
    text = text.replace('*** BLURB HERE ***', blurb.strip() +
                        '\n\nSigned-off-by: Generic PT Team '
                        '<genpt@example.org>')
    with open(path, 'w') as f:
        f.write(text)

    # A quilt series file beside the patches, for quilt push -a
    patches = sorted(f for f in os.listdir(out)
                     if f.startswith('0') and not f.startswith('0000-'))
    with open(os.path.join(out, 'series'), 'w') as f:
        f.write(''.join(p + '\n' for p in patches))

    # Check: the series on a fresh base gives the assembled tree's files,
    # with git am (no warning) and with quilt alike
    check = os.path.join(OUT, 'check')
    base_repo(check, base_files)
    am = subprocess.run(['git', *IDENT, 'am',
                         *[os.path.join(out, p) for p in patches]],
                        cwd=check, text=True, capture_output=True)
    if am.returncode or 'warning' in am.stderr.lower():
        sys.exit('export: git am of the series failed or warned:\n' +
                 am.stderr)
    qdir = os.path.join(OUT, 'quilt')
    shutil.rmtree(qdir, ignore_errors=True)
    os.makedirs(qdir)
    copy_in(qdir, base_files, BASE)
    qp = subprocess.run(['quilt', 'push', '-a', '-q'], cwd=qdir, text=True,
                        capture_output=True,
                        env={**os.environ, 'QUILT_PATCHES': out,
                             'QUILT_PC': '.pc'})
    if qp.returncode:
        sys.exit('export: quilt push -a of the series failed:\n' +
                 qp.stdout + qp.stderr)
    tree = os.environ.get('TREE_DIR', os.path.join(BUILD, 'linux'))
    want = set(kernel + docs + harness + base_files)
    got = set(git(check, 'ls-files').splitlines())
    removed = {p for p in base_files if not os.path.exists(
        os.path.join(tree, p))}
    bad = sorted((want - removed) ^ got)
    for p in sorted(got):
        with open(os.path.join(tree, p), 'rb') as t:
            want_bytes = t.read()
        for d in (check, qdir):
            with open(os.path.join(d, p), 'rb') as a:
                if a.read() != want_bytes:
                    bad.append(f'{p} ({os.path.basename(d)})')
    if bad:
        sys.exit('export: the series does not rebuild the tree: ' +
                 ', '.join(bad[:10]))
    print(f'export: {len(patches)} patches + cover letter and a quilt '
          f'series file in {out}; applied to the base with git am (no '
          f'warning) and with quilt push -a they give the {len(got)} files '
          f'of {tree} they touch, byte for byte')


if __name__ == '__main__':
    main()
