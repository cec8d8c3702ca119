#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make export: the series as git format-patch files, with a cover letter,
against Debian's linux-source-6.12 (build/base, unpacked by tree.sh).

The repo keeps new files at their in-tree paths (the overlay) and changes
to existing files as patches/; a kernel maintainer needs one series that
adds both. Commits, in order:

  1 patches/0000 (the iommu core's map_range/unmap_range) as it is
  2 the generic layer and the IOMMU operations, no format yet (overlay
    without tests and formats) + patches/0001
  3- one commit per format (FORMATS): its header, its objects, its
    Kconfig symbols and its part of include/linux/generic_pt/
  then the KUnit tests, the benchmark, the userspace harness, the
  documentation + 0002, MAINTAINERS (0003), and patches/0003a, 0004 and
  every later patch as they are

Each commit's Kconfig and Makefile name only what that commit has, so the
series bisects: a format's, the KUnit and the benchmark symbols and
objects come with their files. The interface headers hold one section
per format, in FORMATS order, each from the kernel-doc comment of its
first struct to the next one's: a format's commit adds its section. The result is checked: applied with git am to a fresh copy
of the base, it must give exactly the files of the assembled tree.

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
              'IOMMU_PT_KUNIT_CMP_INTEL', 'IOMMU_PT_KUNIT_CMP_ARM']
BENCH_SYMS = ['IOMMU_PT_KUNIT_BENCH', 'IOMMU_PT_KUNIT_BENCH_AMD',
              'IOMMU_PT_KUNIT_BENCH_INTEL']

# In the order of their sections in include/linux/generic_pt/: name, the
# message file of its commit, its Kconfig symbols
FORMATS = [('amdv1', '01-amdv1.txt', ['IOMMU_PT_AMDV1']),
           ('x86_64', '01-x86_64.txt',
            ['IOMMU_PT_X86_64', 'IOMMU_PT_X86_64_INCOHERENT']),
           ('vtdss', '01-vtdss.txt', ['IOMMU_PT_VTDSS']),
           ('armv8', '01-armv8.txt', ['IOMMU_PT_ARMV8'])]
FORMAT_SYMS = [sym for _, _, syms in FORMATS for sym in syms]
# Where each format's section starts, in each interface header
SECTION_START = {'include/linux/generic_pt/common.h': r'struct pt_%s -',
                 'include/linux/generic_pt/iommu.h':
                 r'struct pt_iommu_%s_cfg -'}


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
    """The Kconfig with the config blocks of @syms removed."""
    out, skip = [], False
    for line in text.splitlines(keepends=True):
        m = re.match(r'(menu)?config (\w+)', line)
        if m:
            skip = m.group(2) in syms
        elif re.match(r'(endif|if |endmenu|menu |source )', line):
            skip = False
        if not skip:
            out.append(line)
    return re.sub(r'\n{3,}', '\n\n', ''.join(out))


def makefile_without(text, syms):
    """The Makefile without the obj- lines of @syms, and without the
    conditional blocks that are left empty."""
    built = re.compile(r'obj-\$\(CONFIG_(%s)\)' % '|'.join(syms))
    lines = [line for line in text.splitlines(keepends=True)
             if not built.match(line)]
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
    kunit = [p for p in kernel if is_kunit(p) and not is_bench(p)]
    bench = [p for p in kernel if is_bench(p)]
    kconfig = 'drivers/iommu/generic_pt/Kconfig'
    makefile = 'drivers/iommu/generic_pt/fmt/Makefile'
    with open(os.path.join(REPO, kconfig)) as f:
        kconfig_text = f.read()
    with open(os.path.join(REPO, makefile)) as f:
        makefile_text = f.read()

    work = os.path.join(OUT, 'git')
    base_repo(work, base_files)

    # 1: the iommu core change the library's domain ops rely on (0000)
    for p in quilt[:hookup]:
        am_patch(work, p)
    # 2: the library without formats or tests, and the hook-up (0001)
    def library(nformats):
        syms = KUNIT_SYMS + BENCH_SYMS + FORMAT_SYMS[
            sum(len(f[2]) for f in FORMATS[:nformats]):]
        write(work, kconfig, kconfig_without(kconfig_text, syms))
        write(work, makefile, makefile_without(makefile_text, syms))
        for path in SECTION_START:
            write(work, path, header_upto(path, nformats))

    copy_in(work, generic)
    library(0)
    apply_patch(work, quilt[hookup])
    commit(work, '01-core.txt')
    # 3-: one format each
    for i, (fmt, msgfile, _) in enumerate(FORMATS):
        copy_in(work, fmt_files[fmt])
        library(i + 1)
        commit(work, msgfile)
    # 3, 4: the tests, then the benchmark, each with its symbols
    copy_in(work, kunit)
    write(work, kconfig, kconfig_without(kconfig_text, BENCH_SYMS))
    write(work, makefile, makefile_without(makefile_text, BENCH_SYMS))
    commit(work, '02-kunit.txt')
    copy_in(work, bench + [kconfig, makefile])
    commit(work, '03-bench.txt')
    # 5: the harness
    copy_in(work, harness)
    commit(work, '04-harness.txt')
    # 6: the documentation page with its index entry (0002)
    copy_in(work, docs)
    am_patch(work, quilt[docs_index])
    msg = git(work, 'log', '-1', '--format=%B').replace(
        'Add Documentation/driver-api/generic_pt.rst to the driver API '
        'index.', 'Add Documentation/driver-api/generic_pt.rst and list it '
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
