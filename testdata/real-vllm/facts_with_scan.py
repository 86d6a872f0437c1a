"""Add the scanner's view of a real release (its anonymous and keyed scans, and compare.py's summary lines) to
the facts record_facts.py wrote, and store the result where the tests read it.

usage: facts_with_scan.py FACTS.json OUTDIR VARIANT DEST.json
"""
import json
import os
import sys

from record_facts import compact


def main():
    facts = json.load(open(sys.argv[1]))
    out, variant, dest = sys.argv[2], sys.argv[3], sys.argv[4]
    scans, summaries = {}, {}
    for who in ("anonymous", "keyed"):
        path = os.path.join(out, f"{variant}.scan-{who}.json")
        if not os.path.exists(path):
            continue
        doc = next(iter(json.load(open(path)).values()))
        scans[who] = {"server": doc.get("vllm.server", doc.get("server")),
                      "endpoints": doc.get("vllm.endpoints", doc.get("endpoints"))}
        summaries[who] = open(os.path.join(out, f"{variant}.compare-{who}.txt")).read().strip().splitlines()
    facts["scan"] = scans
    facts["compare"] = summaries
    with open(dest, "w") as f:
        f.write(compact(facts))


if __name__ == "__main__":
    main()
