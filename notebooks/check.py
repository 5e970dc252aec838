#!/usr/bin/python3
"""Checks executed notebooks: exit 1 when a cell errored, did not run, printed a stack trace, or a plot is missing.

    notebooks/check.py NOTEBOOK.ipynb...

A plot is an image/png output. Every code cell that calls showChart(...) must carry one, and a notebook whose
metadata says {"sketchbricks": {"plots": N}} must carry at least N in all. Standard library only (no PyPI).
"""
import json
import re
import sys

PLOT_CALL = re.compile(r"^(?!\s*(?:static\s+)?void\s).*\bshowChart\(", re.MULTILINE)
# a Java stack trace or an exception printed by the kernel, Spark or the notebook's own code
TRACE = re.compile(r"^\s+at [\w.$<>]+\(.*\)$|\bException\b|\bError:", re.MULTILINE)


def text(value):
    return "".join(value) if isinstance(value, list) else (value or "")


def check(path):
    problems = []
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    plots = 0
    for index, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        source = text(cell.get("source"))
        if not source.strip():
            continue
        where = f"cell {index} ({source.strip().splitlines()[0][:60]!r})"
        if cell.get("execution_count") is None:
            problems.append(f"{where} did not run")
        images = 0
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "error":
                problems.append(f"{where} raised {out.get('ename', '?')}: {text(out.get('evalue'))[:200]}")
            elif kind == "stream" and TRACE.search(text(out.get("text"))):
                line = next(l for l in text(out.get("text")).splitlines() if TRACE.search(l))
                problems.append(f"{where} printed an error on {out.get('name')}: {line.strip()[:200]}")
            elif kind in ("display_data", "execute_result") and "image/png" in out.get("data", {}):
                images += 1
        if PLOT_CALL.search(source) and images == 0:
            problems.append(f"{where} draws a chart but has no image/png output")
        plots += images
    expected = nb.get("metadata", {}).get("sketchbricks", {}).get("plots", 0)
    if plots < expected:
        problems.append(f"{plots} plots, expected {expected}")
    return plots, problems


def main(paths):
    if not paths:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    failed = False
    total = 0
    for path in paths:
        try:
            plots, problems = check(path)
        except (OSError, ValueError) as e:
            plots, problems = 0, [f"unreadable: {e}"]
        total += plots
        status = "ok" if not problems else "FAILED"
        print(f"notebooks: {path}: {plots} plots, {status}", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        failed |= bool(problems)
    if len(paths) > 1:
        print(f"notebooks: {total} plots in {len(paths)} notebooks", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
