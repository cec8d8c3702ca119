#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the console logs of iommu_pt_bench runs into bench/report.md and
bench/chart*.png (gnuplot).

The suite (drivers/iommu/generic_pt/fmt/kunit_bench.c) prints one line per
format, row and op:

  kbench amdv1 map 256x4K words 256: new 1234/1200 split 2345/2300 old 5678/5500 diff -78% floor 99/97

(avg/min ns; "old -/- diff -" when the kernel has no old code). *new* is
the generic page table through the iommu core's direct path (map_range/
unmap_range, as converted drivers have it), *split* the same table with
ops without those, so through the 6.12 core path (iommu_pgsize() split
into map_pages/unmap_pages); logs from before the split side lack it.
Rows are kept in the order printed.
"""
import argparse
import os
import re
import subprocess
import sys
import time

LINE = re.compile(r'kbench (\S+) (map|unmap) (\d+)x(\S+) words (\d+): '
                  r'new (\d+)/(\d+) (?:split (\d+)/(\d+) )?'
                  r'old (\S+)/(\S+) diff \S+ floor (\d+)/(\d+)')
ITER = re.compile(r'kbench (\S+): (\d+) iterations per row')
VFIO = re.compile(r'kbench-vfio (\S+) unmap 1Gx(\S+) runs (\d+): '
                  r'batch (\d+)/(\d+) two-walk (\d+)/(\d+)')
RESIZE = re.compile(r'kbench-resize (\S+) (cut|reassemble) 1x(\S+): '
                    r'new (\d+)/(\d+) unmap\+map (\d+)/(\d+)')
MODES = {
    'icount': 'QEMU TCG with -icount shift=0,sleep=off '
              '(1 ns of guest time = 1 executed instruction; repeatable)',
    'tcg': 'QEMU TCG, plain (wall-clock time on the host; noisy)',
}


def parse(path):
    rows, iters, kernel, vfio, resize = [], {}, '?', [], []
    with open(path, errors='replace') as f:
        for line in f:
            m = re.search(r'Linux version (\S+)', line)
            if m:
                kernel = m.group(1)
            m = ITER.search(line)
            if m:
                iters[m.group(1)] = int(m.group(2))
            m = VFIO.search(line)
            if m:
                g = m.groups()
                vfio.append({'fmt': g[0], 'leaf': g[1], 'runs': int(g[2]),
                             'batch': (int(g[3]), int(g[4])),
                             'two': (int(g[5]), int(g[6]))})
            m = RESIZE.search(line)
            if m:
                g = m.groups()
                resize.append({'fmt': g[0], 'op': g[1], 'leaf': g[2],
                               'new': (int(g[3]), int(g[4])),
                               'old': (int(g[5]), int(g[6]))})
            m = LINE.search(line)
            if not m:
                continue
            g = m.groups()
            old = None if g[9] == '-' else (int(g[9]), int(g[10]))
            split = None if g[7] is None else (int(g[7]), int(g[8]))
            rows.append({
                'fmt': g[0], 'op': g[1], 'row': f'{g[2]}x{g[3]}',
                'words': int(g[4]), 'new': (int(g[5]), int(g[6])),
                'split': split, 'old': old,
                'floor': (int(g[11]), int(g[12])),
            })
    if not rows:
        sys.exit(f'bench-report: no kbench lines in {path}')
    return rows, iters, kernel, vfio, resize


def md_table(heads, num_text, cells):
    """A markdown table whose first num_text columns are text, the rest
    numbers (right aligned)"""
    aligns = ['---'] * num_text + ['--:'] * (len(heads) - num_text)
    return (['| ' + ' | '.join(heads) + ' |', '|' + '|'.join(aligns) + '|'] +
            ['| ' + ' | '.join(str(c) for c in row) + ' |' for row in cells])


def resize_table(resize):
    return md_table(['format', 'op', 'leaf', 'new avg', 'new min',
                     'unmap+map avg', 'unmap+map min', '(unmap+map)/new'], 3,
                    [[r['fmt'], r['op'], r['leaf'], *r['new'], *r['old'],
                      ratio(r['old'][0], r['new'][0])] for r in resize])


def vfio_table(vfio):
    return md_table(['format', '1 GiB in', 'runs', 'two-walk avg',
                     'two-walk min', 'batch avg', 'batch min',
                     'two-walk/batch'], 2,
                    [[v['fmt'], v['leaf'], v['runs'], *v['two'], *v['batch'],
                      ratio(v['two'][0], v['batch'][0])] for v in vfio])


def pct(new, old):
    return f'{(new - old) * 100.0 / old:+.1f}%' if old else '-'


def ratio(a, b):
    return f'{a / b:.2f}x' if b else '-'


def table(rows):
    out = ['| format | op | row | PTE words | old avg | old min | '
           'split avg | split min | split vs old | '
           'new avg | new min | new vs old | old/new | new vs old (min) | '
           'new vs split | floor avg | new/floor |',
           '|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|'
           '--:|--:|']
    for r in rows:
        new, flo = r['new'], r['floor']
        old = r['old'] or ('-', '-')
        has_old = r['old'] is not None
        split = r['split'] or ('-', '-')
        has_split = r['split'] is not None
        out.append(f"| {r['fmt']} | {r['op']} | {r['row']} | {r['words']} | "
                   f"{old[0]} | {old[1]} | {split[0]} | {split[1]} | "
                   f"{pct(split[0], old[0]) if has_old and has_split else '-'}"
                   f" | {new[0]} | {new[1]} | "
                   f"{pct(new[0], old[0]) if has_old else '-'} | "
                   f"{ratio(old[0], new[0]) if has_old else '-'} | "
                   f"{pct(new[1], old[1]) if has_old else '-'} | "
                   f"{pct(new[0], split[0]) if has_split else '-'} | "
                   f"{flo[0]} | {ratio(new[0], flo[0])} |")
    return out


def not_faster(rows, side='new'):
    return [r for r in rows
            if r['old'] and r[side] and r[side][0] >= r['old'][0]]


def slow_list(rows, side):
    slow = not_faster(rows, side)
    return (', '.join(f"{r['fmt']} {r['op']} {r['row']} "
                      f"({pct(r[side][0], r['old'][0])}, min "
                      f"{pct(r[side][1], r['old'][1])})"
                      for r in slow) if slow else 'none')


def chart(rows, title, png, workdir):
    """Grouped bars, log scale: old, split, new and floor avg per row; map
    above, unmap below."""
    dats = {}
    has_split = any(r['split'] for r in rows)
    for op in ('map', 'unmap'):
        dat = os.path.join(workdir, f'{os.path.basename(png)}.{op}.dat')
        with open(dat, 'w') as f:
            f.write('row old split new floor\n')
            for r in rows:
                if r['op'] != op:
                    continue
                old = r['old'][0] if r['old'] else 'NaN'
                split = r['split'][0] if r['split'] else 'NaN'
                f.write(f"{r['fmt']}:{r['row']} {old} {split} {r['new'][0]} "
                        f"{r['floor'][0]}\n")
        dats[op] = dat
    plot = f'''
set terminal pngcairo size 1800,1100 font ",9" noenhanced
set output "{png}"
set multiplot layout 2,1 title "{title}"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set logscale y
set grid ytics
set ylabel "ns per op (avg)"
set xtics rotate by -55 scale 0
set key top left autotitle columnhead
'''
    for op in ('map', 'unmap'):
        plot += (f'set title "iommu_{op}()"\n'
                 f'plot "{dats[op]}" using 2:xtic(1) title "old (6.12)" '
                 f'lc rgb "#c0504d", '
                 + ('"" using 3 title "split (genpt, 6.12 core path)" '
                    'lc rgb "#f79646", ' if has_split else '') +
                 f'"" using 4 title "new (genpt, direct map_range)" '
                 f'lc rgb "#4f81bd", "" using 5 title "floor (PTE stores)" '
                 f'lc rgb "#9bbb59"\n')
    plot += 'unset multiplot\n'
    subprocess.run(['gnuplot'], input=plot, text=True, check=True)
    for dat in dats.values():
        os.unlink(dat)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', required=True)
    ap.add_argument('--tcg', required=True)
    ap.add_argument('--icount', required=True)
    args = ap.parse_args()

    runs = {mode: parse(getattr(args, mode)) for mode in ('icount', 'tcg')}
    os.makedirs(args.out, exist_ok=True)
    report = ['# iommu_pt_bench: generic page table vs the 6.12 code',
              '',
              f"Generated by `make bench` on "
              f"{time.strftime('%Y-%m-%d %H:%M %Z')}, kernel "
              f"{runs['icount'][2]} (reference profile: the 6.12 AMD "
              f"io_pgtable code and VT-d driver are built next to the "
              f"generic page table). "
              f"Iterations per row: "
              + ', '.join(f'{k} {v}' for k, v in
                          sorted(runs['icount'][1].items())) + '.',
              '',
              'Each row is one `iommu_map()` or `iommu_unmap()` of the '
              'range on a fresh domain without devices; the first map/unmap '
              'pair (which allocates tables) is discarded. *old* is the '
              '6.12 io_pgtable (AMD v1 for amdv1, AMD v2 for x86_64) driven '
              'as the 6.12 AMD driver drives it, or for the VT-d rows 6.12\'s '
              'VT-d first level (x86_64_vtd) or second stage (vtdss) code '
              'through a domain of the Intel driver (4 levels, 48 bits, '
              '2M and 1G; *_incoherent*: an IOMMU without page-walk '
              'coherency, so every table write is clflushed on both sides), '
              'or for the armv8 rows 6.12\'s io-pgtable-arm (ARM_64_LPAE_S1 '
              'or _S2, 48-bit input and output, 4K or 64K granule) with '
              'flush ops shaped like arm-smmu-v3\'s (every cleared leaf '
              'added to the gather page by page), or for the armv7s rows '
              '6.12\'s io-pgtable-arm-v7s (ARM_V7S, 32-bit input and '
              'output, 4K, 64K, 1M and 16M) with the same flush ops, '
              '*new* the generic page '
              'table set up as the converted driver does, whose ops have '
              '`map_range`/`unmap_range`, so the iommu core (patch 0000) '
              'hands it each range whole; *split* the same table with a '
              'copy of those ops without the two, so the core splits each '
              'range with `iommu_pgsize()` into `map_pages`/`unmap_pages` '
              'calls as 6.12 does for every driver: *new vs split* is what '
              'the core patch buys. *256xS* rows '
              'narrow all domains to page size S. *floor*: the same number '
              'of PTE words stored into a table page by a plain loop, timed '
              'the same way. ns avg/min; *new vs old* compares the averages, '
              '*new vs old (min)* the minimums (negative = new is faster). '
              'Plain TCG averages include host noise (timer interrupts, '
              'translation); its minimums are steadier.',
              '']
    for mode in ('icount', 'tcg'):
        rows = runs[mode][0]
        png = os.path.join(args.out, 'chart.png' if mode == 'icount'
                           else f'chart-{mode}.png')
        chart(rows, f'iommu_pt_bench, {mode}: avg ns per op, log scale',
              png, args.out)
        report += [f'## {MODES[mode]}', '',
                   f'Chart: [{os.path.basename(png)}]'
                   f'({os.path.basename(png)})', '']
        report += table(rows)
        report += ['', 'Rows where new is not faster than old: ' +
                   slow_list(rows, 'new') + '.', '']
        if any(r['split'] for r in rows):
            report += ['Rows where split (the generic table through the '
                       'unchanged 6.12 core) is not faster than old: ' +
                       slow_list(rows, 'split') + '.', '']
        vfio = runs[mode][3]
        if vfio:
            report += [f'### VFIO type1 unmap of 1 GiB, {mode}', '',
                       'The unmap and unpin of one VFIO DMA mapping of '
                       '1 GiB in leaves that are not physically contiguous '
                       'with each other: *two-walk* as 6.12\'s '
                       '`vfio_unmap_unpin()` (`iommu_iova_to_phys()` page by '
                       'page, `iommu_unmap_fast()` per run, a sync and the '
                       'unpins every 512 runs), *batch* as the series\' '
                       '(`pt_iommu_unmap_batch()` into 512 ranges, a sync '
                       'and the unpins per batch), same domain, same boot; '
                       'ns per 1 GiB, avg/min.', '']
            report += vfio_table(vfio) + ['']
        resize = runs[mode][4]
        if resize:
            report += [f'### Cut and reassemble, {mode}', '',
                       'One leaf of 2 MiB or 1 GiB cut 4 KiB past its start '
                       '(`pt_iommu_cut()`, a table on every level below), '
                       'then reassembled (`pt_iommu_reassemble()`), each '
                       'with its IOTLB sync; against what a 6.12 caller '
                       'does to the same end without them, on the old '
                       'domain: unmap the leaf and map its two sides, then '
                       'unmap both and map the leaf (neither hitless). '
                       'ns per op, avg/min.', '']
            report += resize_table(resize) + ['']
    with open(os.path.join(args.out, 'report.md'), 'w') as f:
        f.write('\n'.join(report))
    print(f"bench: wrote {os.path.join(args.out, 'report.md')}, "
          f"chart.png, chart-tcg.png")
    for mode in ('icount', 'tcg'):
        rows = runs[mode][0]
        slow = not_faster(rows)
        slow_split = not_faster(rows, 'split')
        head = [r for r in rows if r['row'] == '256x4K' and r['old']]
        print(f'bench: {mode}: {len(rows)} rows, '
              + ', '.join(f"{r['fmt']} {r['op']} 256x4K old/new "
                          f"{ratio(r['old'][0], r['new'][0])}"
                          for r in head)
              + f'; new not faster in {len(slow)}'
              + (f', split not faster in {len(slow_split)}'
                 if any(r['split'] for r in rows) else ''))


if __name__ == '__main__':
    main()
