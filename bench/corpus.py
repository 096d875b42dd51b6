"""A corpus of realistic claims at any size, streamed, and queries whose right answers are known.

Claims start from real sentences (CheckThat! 2020 verified claims, the seed articles' claims):
the first pass over them is verbatim, every later pass varies figures, names, dates and word order.
No two claims are the same text. Claims are grouped into reports of 5 to 20 sentences for bulk
ingest. Queries are typo'd, paraphrased or re-figured copies of sampled claims; the claim they were
made from is their known answer.

    python -m bench.corpus --claims 10000 --out /tmp/corpus   # reports.ndjson + queries.jsonl
"""

import argparse
import hashlib
import json
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from random import Random
from typing import Literal

import msgspec

from bench import variation

REPO = Path(__file__).resolve().parent.parent
CHECKTHAT = REPO.parent / "shared" / "eval" / "checkthat2020" / "corpus.jsonl"
SEEDS = REPO / "seeds"
MIN_CHARS, MAX_CHARS = 30, 400
QueryKind = Literal["typo", "paraphrase", "figure"]
QUERY_KINDS: tuple[QueryKind, ...] = ("typo", "paraphrase", "figure")


class Report(msgspec.Struct, kw_only=True, omit_defaults=True):
    """A report as `POST /v1/reports/bulk` and `factcheck ingest` take it (schemas.ReportIn)."""

    text: str
    title: str
    source: str
    published_at: str
    external_id: str


class Query(msgspec.Struct, kw_only=True):
    id: int
    kind: QueryKind
    statement: str
    answer: str  # the claim the statement was made from


@cache
def base_sentences(checkthat: Path = CHECKTHAT, seeds: Path = SEEDS) -> tuple[str, ...]:
    """Real claim sentences, distinct, in a stable order."""
    from service.text.claims import extract_claims  # the service's own claim extraction

    lines = checkthat.read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines if line.strip()]
    for article in sorted(seeds.glob("*.txt")):
        texts.extend(claim.text for claim in extract_claims(article.read_text(encoding="utf-8")))
    usable = (variation.ends_sentence(" ".join(t.split())) for t in texts)
    return tuple(dict.fromkeys(t for t in usable if MIN_CHARS <= len(t) <= MAX_CHARS))


def _vary(base: str, rng: Random) -> str:
    text = base
    if variation.has_figure(text) and rng.random() < 0.7:
        text = variation.change_figures(text, rng)
    if variation.has_name(text) and rng.random() < 0.6:
        text = variation.swap_names(text, rng)
    if variation.has_date(text) and rng.random() < 0.5:
        text = variation.change_dates(text, rng)
    if rng.random() < 0.5:
        text = variation.move_leading_phrase(text)
    if text == base or rng.random() < 0.3:
        text = variation.report_attribution(text, rng)
    return text


def _fingerprint(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def claims(count: int, seed: int, bases: Sequence[str]) -> Iterator[str]:
    """`count` distinct claim texts. Memory: the bases plus 8 bytes of fingerprint per claim."""
    rng = Random(seed)
    order = list(bases)
    rng.shuffle(order)
    seen: set[int] = set()
    for number in range(count):
        base = order[number % len(order)]
        text = base if number < len(order) else _vary(base, rng)
        # A varied text can meet an earlier one (two real claims that differ by a name); a source
        # and a day appended make it new, with 220,000 choices for each retry.
        while _fingerprint(text) in seen:
            text = variation.report_attribution(_vary(base, rng), rng)
        seen.add(_fingerprint(text))
        yield text


def reports(texts: Iterator[str], seed: int) -> Iterator[Report]:
    """Claims grouped in order into reports of 5 to 20 sentences, in paragraphs of 1 to 4."""
    rng = Random(seed + 1)
    sources = variation.vocabulary().sources
    number = 0
    while True:
        sentences = [text for _, text in zip(range(rng.randint(5, 20)), texts, strict=False)]
        if not sentences:
            return
        paragraphs: list[str] = []
        at = 0
        while at < len(sentences):
            size = rng.randint(1, 4)
            paragraphs.append(" ".join(sentences[at : at + size]))
            at += size
        day = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
        yield Report(
            text="\n\n".join(paragraphs),
            title=sentences[0][:120],
            source=rng.choice(sources),
            published_at=day.isoformat(),
            external_id=f"bench-{seed}-{number}",
        )
        number += 1


def make_query(number: int, answer: str, kind: QueryKind, rng: Random) -> Query:
    """A statement a user might type for `answer`; a figure query falls back to a typo query when
    the claim has no figure to change."""
    if kind == "figure" and variation.has_figure(answer):
        statement = variation.change_figures(answer, rng)
    elif kind == "paraphrase":
        statement = variation.paraphrase(answer, rng)
    else:
        kind = "typo"
        statement = variation.add_typos(answer, rng, rng.randint(1, 3))
    return Query(id=number, kind=kind, statement=statement, answer=answer)


def make_queries(sampled: list[str], count: int, seed: int) -> list[Query]:
    """`count` queries, the kinds in turn; figure queries go to the sampled claims with figures."""
    rng = Random(seed + 3)
    with_figures = [text for text in sampled if variation.has_figure(text)]
    others = [text for text in sampled if not variation.has_figure(text)]
    made: list[Query] = []
    for number in range(min(count, len(sampled))):
        kind = QUERY_KINDS[number % len(QUERY_KINDS)]
        pool = with_figures if (kind == "figure" and with_figures) or not others else others
        made.append(make_query(number, pool.pop(), kind, rng))
    return made


def load_statements(sampled: Sequence[str], count: int, seed: int) -> list[str]:
    """`count` distinct statements for HTTP load, made like the queries: a load that repeated a
    few hundred statements would be served from caches keyed by the statement."""
    rng = Random(seed + 5)
    made: dict[str, None] = {}
    for attempt in range(4 * count):
        if len(made) >= count or not sampled:
            break
        kind = QUERY_KINDS[attempt % len(QUERY_KINDS)]
        made[make_query(attempt, sampled[attempt % len(sampled)], kind, rng).statement] = None
    return list(made)


def write_corpus(
    out: Path, count: int, queries: int, seed: int = 7, load: int = 0
) -> tuple[int, int]:
    """reports.ndjson, queries.jsonl and (with `load`) load.txt, one statement a line, under
    `out`; returns (claims, reports) written."""
    out.mkdir(parents=True, exist_ok=True)
    # Sampling four claims per query leaves enough claims with figures for the figure queries.
    wanted = set(Random(seed + 2).sample(range(count), min(4 * queries, count)))
    sampled: list[str] = []

    def remembered(texts: Iterator[str]) -> Iterator[str]:
        for number, text in enumerate(texts):
            if number in wanted:
                sampled.append(text)
            yield text

    written = 0
    encoder = msgspec.json.Encoder()
    with (out / "reports.ndjson").open("wb") as sink:
        for report in reports(remembered(claims(count, seed, base_sentences())), seed):
            sink.write(encoder.encode(report) + b"\n")
            written += 1
    Random(seed + 4).shuffle(sampled)
    with (out / "queries.jsonl").open("wb") as sink:
        for query in make_queries(sampled, queries, seed):
            sink.write(encoder.encode(query) + b"\n")
    if load:
        statements = load_statements(sampled, load, seed)
        (out / "load.txt").write_text("".join(" ".join(s.split()) + "\n" for s in statements))
    return count, written


def read_queries(path: Path) -> list[Query]:
    decoder = msgspec.json.Decoder(Query)
    return [decoder.decode(line) for line in path.read_bytes().splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    count, written = write_corpus(args.out, args.claims, args.queries, args.seed)
    print(f"{count} claims in {written} reports, {args.queries} queries under {args.out}")


if __name__ == "__main__":
    main()
