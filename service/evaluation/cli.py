"""`factcheck eval seeds|retrieval|stance`: quality measured on ../shared/eval/ or like files.

Each ends with one `metric: value` line so runs can be compared."""

import argparse
import asyncio
from pathlib import Path
from typing import Any


def add_eval_commands(commands: Any) -> None:
    evaluate = commands.add_parser("eval", help="measure quality on evaluation files")
    kinds = evaluate.add_subparsers(dest="kind", required=True)

    seeds = kinds.add_parser("seeds", help="statements against the seed corpus")
    seeds.add_argument("file", type=Path)
    seeds.add_argument("--seeds-dir", type=Path, default=Path("seeds"))
    seeds.set_defaults(run=_seeds)

    retrieval = kinds.add_parser("retrieval", help="claim retrieval (CheckThat! format)")
    retrieval.add_argument("directory", type=Path)
    retrieval.add_argument("--split", default="dev")
    retrieval.set_defaults(run=_retrieval)

    stance = kinds.add_parser("stance", help="claim/evidence pairs labelled SUPPORTS/REFUTES/NEI")
    stance.add_argument("file", type=Path)
    stance.set_defaults(run=_stance)


def _seeds(args: argparse.Namespace) -> int:
    from service.evaluation.seeds import evaluate_seeds, format_report

    print(format_report(asyncio.run(evaluate_seeds(args.file, args.seeds_dir))))
    return 0


def _retrieval(args: argparse.Namespace) -> int:
    from service.evaluation.retrieval import evaluate_retrieval, format_report
    from service.matching.semantic.engine import load_encoder
    from service.settings import Settings

    # As the service would run: FACTCHECK_SEMANTIC=off measures the lexical path alone.
    encoder = load_encoder(Settings.from_env().semantic)
    print(format_report(evaluate_retrieval(args.directory, args.split, encoder=encoder)))
    return 0


def _stance(args: argparse.Namespace) -> int:
    from service.evaluation.stance import evaluate_stance, format_report

    print(format_report(evaluate_stance(args.file)))
    return 0
