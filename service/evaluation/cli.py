"""`factcheck eval seeds|retrieval|stance|topics`: quality on ../shared/eval/ or like files.

Each ends with one `metric: value` line so runs can be compared."""

import argparse
import asyncio
from pathlib import Path
from typing import Any


def add_eval_commands(commands: Any) -> None:
    helpful = {"formatter_class": argparse.ArgumentDefaultsHelpFormatter}
    evaluate = commands.add_parser("eval", help="measure quality on evaluation files", **helpful)
    kinds = evaluate.add_subparsers(dest="kind", required=True, metavar="KIND")

    seeds = kinds.add_parser("seeds", help="statements against the seed corpus", **helpful)
    seeds.add_argument("file", type=Path, help="JSON lines of statements with expected verdicts")
    seeds.add_argument(
        "--seeds-dir", type=Path, default=Path("seeds"), help="the seed articles' folder"
    )
    seeds.set_defaults(run=_seeds)

    retrieval = kinds.add_parser("retrieval", help="claim retrieval (CheckThat! format)", **helpful)
    retrieval.add_argument("directory", type=Path, help="a CheckThat! 2020 task 2 folder")
    retrieval.add_argument("--split", default="dev", help="which split to score")
    retrieval.set_defaults(run=_retrieval)

    stance = kinds.add_parser(
        "stance", help="claim/evidence pairs labelled SUPPORTS/REFUTES/NEI", **helpful
    )
    stance.add_argument("file", type=Path, help="JSON lines of claim, evidence and label")
    stance.set_defaults(run=_stance)

    topics = kinds.add_parser(
        "topics", help="verdicts on topic sets: every topic's reports in one index with the seeds"
    )
    topics.add_argument(
        "directories",
        type=Path,
        nargs="+",
        metavar="DIR",
        help="topic sets: folders of topics, each with reports.jsonl and cases.jsonl",
    )
    topics.add_argument(
        "--seeds-dir",
        type=Path,
        default=Path("seeds"),
        help="the seed articles' folder, ingested with the topics (default: seeds)",
    )
    topics.add_argument("--verbose", action="store_true", help="show every failing case")
    topics.set_defaults(run=_topics)


def _seeds(args: argparse.Namespace) -> int:
    from service.evaluation.seeds import evaluate_seeds, format_report

    print(format_report(asyncio.run(evaluate_seeds(args.file, args.seeds_dir))))
    return 0


def _retrieval(args: argparse.Namespace) -> int:
    from service.evaluation.retrieval import evaluate_retrieval, format_report
    from service.matching.semantic.engine import load_encoders
    from service.settings import Settings

    # As the service would run: FACTCHECK_SEMANTIC=off measures the lexical path alone; claims
    # are embedded with the background's encoder, queries with the statements' one.
    encoders = load_encoders(Settings.from_env().semantic)
    report = evaluate_retrieval(
        args.directory,
        args.split,
        encoder=encoders.statements if encoders else None,
        claim_encoder=encoders.claims if encoders else None,
    )
    print(format_report(report))
    return 0


def _stance(args: argparse.Namespace) -> int:
    from service.evaluation.stance import evaluate_stance, format_report

    print(format_report(evaluate_stance(args.file)))
    return 0


def _topics(args: argparse.Namespace) -> int:
    from service.evaluation.topics import evaluate_topics, format_report

    outcomes = asyncio.run(evaluate_topics(args.directories, args.seeds_dir))
    print(format_report(outcomes, verbose=args.verbose))
    return 0
