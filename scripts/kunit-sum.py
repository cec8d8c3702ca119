#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""kunit-sum.py NAME LOG...: the last "Testing complete. Ran N tests: ..."
line of each kunit.py log, summed into one such line, printed as
"NAME: both boots: Testing complete. ..." for check.sh's kunit_result.
Exits non-zero when a log has no such line."""
import re
import sys

keys = ["passed", "failed", "crashed", "skipped", "errors"]
name, logs = sys.argv[1], sys.argv[2:]
ran, n = 0, dict.fromkeys(keys, 0)
for path in logs:
    with open(path) as f:
        text = re.sub(r"\x1b\[[0-9;]*m", "", f.read())
    m = re.findall(r"Testing complete\. Ran (\d+) tests:(.*)", text)
    if not m:
        sys.exit(f"{name}: no summary in {path}")
    ran += int(m[-1][0])
    for k, v in re.findall(r"(\w+): (\d+)", m[-1][1]):
        n[k] = n.get(k, 0) + int(v)
print(f"{name}: both boots: Testing complete. Ran {ran} tests: " +
      ", ".join(f"{k}: {n[k]}" for k in keys if n[k]))
