"""``python -m geo evaluate GOLD_DIR [--report FILE] [--errors]``: argument parsing and printing only.

Prints one row per article (with ``--errors``, its misses, spurious events and wrong places or
days) and last a one-line JSON summary with the keys
``f1, precision, recall, strict_f1, loc_acc, date_acc, neg_fp, tp, fp, fn``.
"""

from __future__ import annotations

import argparse
import json
import sys


def register(commands) -> None:
    """Add ``evaluate`` to the ``python -m geo`` sub-parsers."""
    evaluate = commands.add_parser("evaluate", help="score extraction against an annotated set (gold.json + articles/)")
    evaluate.add_argument("gold_dir", metavar="GOLD_DIR", help="a folder with gold.json and articles/")
    evaluate.add_argument("--report", metavar="FILE", help="also write every pairing and error as JSON to FILE")
    evaluate.add_argument("--errors", action="store_true", help="list each article's misses and spurious events")
    evaluate.set_defaults(run=_cmd_evaluate)


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from ..evaluate import Summary, describe, evaluate, report_json

    results = evaluate(args.gold_dir)
    for article, score in results:
        print("\n".join(describe(article, score, errors=args.errors)))
    if args.report:
        from ..files import atomic_write_text

        atomic_write_text(args.report, json.dumps(report_json(results), ensure_ascii=False, indent=1) + "\n")
        print(f"report written to {args.report}", file=sys.stderr)
    print(json.dumps(Summary([s for _, s in results]).as_dict()))
    return 0
