"""Semantic matching measured: statement embedding, background embedding throughput, checks with and
without it (latency, recall@5 by query kind), resident memory, and the vector index alone at sizes
a corpus run cannot reach in time. Results in bench/results/semantic-*.json and RESULTS.md's
"Semantic matching" section.

    python -m bench.semantic                       # 10,000 and 100,000 claims (`make bench`)
    python -m bench.semantic --sizes 10000         # one size
    python -m bench.semantic --full                # adds the vector index alone at 1,000,000
    python -m bench.semantic --sizes "" --full     # the vector index alone at 1,000,000 only

The corpus and store are bench/run.py's (same generator, seed and scratch folder); vectors persist
in the scratch index folder, so a run stopped half-way resumes its embedding.
"""

import argparse
import asyncio
import os
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import numpy as np

from bench.corpus import Query, read_queries, write_corpus
from bench.ingest import cli_ingest
from bench.inprocess import bench_settings, check_in_process, stored_claims
from bench.measure import Latency, recall
from service.matching.score import BestScores
from service.matching.semantic.candidates import with_semantic
from service.matching.semantic.encoder import BertEncoder, MiniLM, Vectors
from service.matching.semantic.engine import CachedEncoder, Semantic, load_encoders
from service.matching.semantic.vectors import (
    HNSW_CONNECTIVITY,
    HNSW_DTYPE,
    HNSW_EXPANSION_ADD,
    HNSW_EXPANSION_SEARCH,
    VectorIndex,
)
from service.runtime import running
from service.settings import Settings

HERE = Path(__file__).resolve().parent
STATEMENTS = 200  # statements embedded one at a time for the latency figure
INDEX_QUERIES = 200
BEGIN, END = "<!-- semantic:begin -->", "<!-- semantic:end -->"


class Checks(msgspec.Struct, kw_only=True):
    latency: Latency
    recall_at_5: float  # the answer among the check's 5 matches (the page a user sees)
    recall_by_kind: dict[str, float]
    # The answer among the 5 best of the fused ranking of the whole statement (both lists with
    # semantic matching), before the stance rules compose the page: what retrieval controls.
    ranking_recall_by_kind: dict[str, float] = {}


class IndexRun(msgspec.Struct, kw_only=True):
    vectors: int
    # "random": isotropic random unit vectors, the hardest case for a graph; "claims + noise":
    # real claim vectors (a corpus run's), each repeated with noise to reach the size.
    made_from: str = "random"
    exact_p50_ms: float
    graph_build_s: float
    graph_p50_ms: float
    graph_p99_ms: float
    graph_recall_at_50: float  # share of the exact top 50 the graph returns


class SemanticResult(msgspec.Struct, kw_only=True):
    size: int
    claims: int
    measured_at: str
    statement_embedding: Latency  # the statements' encoder the service runs
    embedding_claims_per_s: float  # the claims' encoder the service runs, on every core
    embedding_workers: int
    # Resident memory that opening the store and embedding it added (vectors, graph, work arrays):
    # the encoders are loaded before, for the statement latency.
    rss_mib_encoder: float
    off: Checks
    on: Checks
    index: IndexRun | None = None
    statement_encoder: str = ""  # "onnxruntime float32" or "numpy float32"
    claim_encoder: str = ""
    statement_embedding_numpy: Latency | None = None  # the numpy encoder, for comparison
    # The machine is shared: the CPU time the embedding took gives its rate on idle cores
    # (claims per CPU-second x cores), and the load average what else ran meanwhile.
    embedding_claims_per_cpu_s: float = 0.0
    load_average: str = ""


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _by_kind(run_hits: Sequence[bool], queries: Sequence[Query]) -> dict[str, float]:
    kinds: dict[str, list[bool]] = {"all": list(run_hits)}
    for query, hit in zip(queries, run_hits, strict=True):
        kinds.setdefault(query.kind, []).append(hit)
    return {kind: recall(hits) for kind, hits in sorted(kinds.items())}


def _checks(
    run_hits: Sequence[bool],
    ranked_hits: Sequence[bool],
    queries: Sequence[Query],
    latency: Latency,
) -> Checks:
    by_kind = _by_kind(run_hits, queries)
    return Checks(
        latency=latency,
        recall_at_5=by_kind.pop("all"),
        recall_by_kind=by_kind,
        ranking_recall_by_kind=_by_kind(ranked_hits, queries),
    )


async def _ranking_hits(settings: Settings, queries: Sequence[Query]) -> list[bool]:
    """Whether each query's answer is among the 5 best of the fused ranking of the whole
    statement (service/matching/score.py over the BM25 list, and the vector list when on)."""
    hits = []
    async with running(settings, follow=False) as services:
        wanted = services.checker.candidates
        for query in queries:
            candidates = services.index.search(query.statement, wanted)
            if services.semantic is not None:
                candidates = await with_semantic(
                    services.semantic, services.store, query.statement, candidates, wanted
                )
            top = BestScores(query.statement, candidates).top(5, 0.0)
            claims = await services.store.get_claims([item.claim_id for item in top])
            hits.append(any(claim.text == query.answer for claim in claims))
    return hits


def _load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _runtime(encoder: BertEncoder) -> str:
    kind = "numpy" if isinstance(encoder, MiniLM) else "onnxruntime"
    return f"{kind} {'int8' if '/int8' in encoder.name else 'float32'}"


def statement_latency(encoder: BertEncoder, queries: Sequence[Query]) -> Latency:
    samples = []
    for query in queries[:STATEMENTS]:
        begun = time.perf_counter()
        encoder.embed([query.statement])
        samples.append((time.perf_counter() - begun) * 1000)
    return Latency.of(samples)


async def embed_store(url: str, index: Path) -> tuple[float, float, int, float]:
    """Drain the background embedder over the store: (claims/s, claims per CPU-second, claims,
    RSS added)."""
    before = _rss_mib()
    async with running(bench_settings(url, index, "on"), follow=False) as services:
        semantic = services.semantic
        assert isinstance(semantic, Semantic)
        sync = semantic.sync
        backlog = sync.backlog
        begun = time.perf_counter()
        cpu_begun = time.process_time()
        done = 0
        last_report = begun
        while await sync.embed_some():
            done = sync.embedded
            if time.perf_counter() - last_report > 30:
                last_report = time.perf_counter()
                rate = done / (last_report - begun)
                print(f"  embedded {done:,}/{backlog:,} ({rate:.0f}/s)", flush=True)
                await sync.save(graph=False)
        # Counted in the rate: a claim is done once its vector is in the graph.
        await sync.complete_graph()
        seconds = time.perf_counter() - begun
        cpu_seconds = time.process_time() - cpu_begun
        await sync.save()  # the graph too: the checks below load it, as a restart would
        rss = _rss_mib() - before
        claims = len(sync.vectors)
    rate = done / seconds if done else 0.0
    per_cpu = done / cpu_seconds if done else 0.0
    return rate, per_cpu, claims, rss


def synthetic_vectors(
    size: int, dim: int, rng: np.random.Generator, base: Vectors | None
) -> Vectors:
    """`size` unit vectors: random, or drawn from `base` (real claim vectors) with noise of norm
    ~0.6 (cosine ~0.86 to their source, as a paraphrase is to its claim), so that the collection
    has the clusters and the uneven directions of real embeddings."""
    if base is None:
        vectors = rng.standard_normal((size, dim), dtype=np.float32)
    else:
        vectors = base[rng.integers(0, len(base), size)]
        vectors += np.float32(0.03) * rng.standard_normal((size, dim), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


def index_alone(
    size: int, dim: int = 384, seed: int = 11, graph: bool = True, base: Vectors | None = None
) -> IndexRun:
    """The vector index alone on synthetic vectors (see `synthetic_vectors`): exact search time,
    graph build and search (`graph=False`: exact search only, the graph's figures left at 0)."""
    rng = np.random.default_rng(seed)
    vectors = synthetic_vectors(size, dim, rng, base)
    made_from = "random" if base is None else "claims + noise"
    # Each query near one stored vector (noise of norm ~0.2), as a paraphrase is near its claim.
    queries = vectors[rng.choice(size, INDEX_QUERIES, replace=False)] + 0.01 * rng.standard_normal(
        (INDEX_QUERIES, dim), dtype=np.float32
    )
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    index = VectorIndex(dim, brute_force_max=size + 1)
    index.add(list(range(size)), vectors)
    exact_samples, truth = [], []
    for query in queries[:50]:
        begun = time.perf_counter()
        truth.append({i for i, _ in index.search(query, 50)})
        exact_samples.append((time.perf_counter() - begun) * 1000)
    if not graph:
        return IndexRun(
            vectors=size,
            made_from=made_from,
            exact_p50_ms=Latency.of(exact_samples).p50,
            graph_build_s=0.0,
            graph_p50_ms=0.0,
            graph_p99_ms=0.0,
            graph_recall_at_50=0.0,
        )
    begun = time.perf_counter()
    index.build_graph()
    build = time.perf_counter() - begun
    graph_samples, overlap = [], []
    for number, query in enumerate(queries):
        begun = time.perf_counter()
        found = {i for i, _ in index.search(query, 50)}
        graph_samples.append((time.perf_counter() - begun) * 1000)
        if number < len(truth):
            overlap.append(len(found & truth[number]) / 50)
    searched = Latency.of(graph_samples)
    return IndexRun(
        vectors=size,
        made_from=made_from,
        exact_p50_ms=Latency.of(exact_samples).p50,
        graph_build_s=round(build, 1),
        graph_p50_ms=searched.p50,
        graph_p99_ms=searched.p99,
        graph_recall_at_50=round(float(np.mean(overlap)), 4),
    )


def measure(size: int, args: argparse.Namespace) -> SemanticResult:
    work = args.work / str(size)
    store = work / "store.db"
    url = f"sqlite:///{store.resolve()}"
    if not store.exists():
        work.mkdir(parents=True, exist_ok=True)
        print(f"{size:,}: generating and ingesting the corpus", flush=True)
        write_corpus(work, size, args.queries, args.seed, load=100)
        cli_ingest(work / "reports.ndjson", url, work / "cli-ingest.log")
    _, present = asyncio.run(
        stored_claims(url, {q.answer for q in read_queries(work / "queries.jsonl")})
    )
    # As bench/run.py: a query whose answer claim extraction did not keep has no right answer.
    queries = [q for q in read_queries(work / "queries.jsonl") if q.answer in present]
    encoders = load_encoders("on")
    assert encoders is not None
    statements, claim_encoder = encoders.statements, encoders.claims
    assert isinstance(statements, CachedEncoder)
    assert isinstance(statements.inner, BertEncoder)
    assert isinstance(claim_encoder, CachedEncoder)
    assert isinstance(claim_encoder.inner, BertEncoder)
    print(f"{size:,}: statement embedding", flush=True)
    load_before = _load_average()
    statement = statement_latency(statements.inner, queries)  # uncached: every one a forward pass
    numpy_statement = (
        None if isinstance(statements.inner, MiniLM) else statement_latency(MiniLM(), queries)
    )
    print(f"{size:,}: embedding the stored claims in the background path", flush=True)
    rate, per_cpu, claims, rss = asyncio.run(embed_store(url, work / "index"))
    print(f"{size:,}: checks without and with semantic matching", flush=True)
    off_settings = bench_settings(url, work / "index", "off")
    on_settings = bench_settings(url, work / "index", "on")
    off_run = check_in_process(off_settings, queries)
    on_run = check_in_process(on_settings, queries)
    off_ranked = asyncio.run(_ranking_hits(off_settings, queries))
    on_ranked = asyncio.run(_ranking_hits(on_settings, queries))
    return SemanticResult(
        size=size,
        claims=claims,
        measured_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        statement_embedding=statement,
        embedding_claims_per_s=round(rate, 1),
        embedding_workers=claim_encoder.inner.workers,
        rss_mib_encoder=round(rss, 1),
        off=_checks(off_run.hits, off_ranked, queries, off_run.latency),
        on=_checks(on_run.hits, on_ranked, queries, on_run.latency),
        index=index_alone(size),
        statement_encoder=_runtime(statements.inner),
        claim_encoder=_runtime(claim_encoder.inner),
        statement_embedding_numpy=numpy_statement,
        embedding_claims_per_cpu_s=round(per_cpu, 1),
        load_average=f"{load_before} before, {_load_average()} after",
    )


def _load(results: Path) -> list[SemanticResult]:
    sized = [p for p in results.glob("semantic-*.json") if p.stem.split("-")[1].isdigit()]
    found = sorted(sized, key=lambda p: int(p.stem.split("-")[1]))
    return [msgspec.json.decode(p.read_bytes(), type=SemanticResult) for p in found]


def section(rows: Sequence[SemanticResult], alone: Sequence[IndexRun]) -> str:
    lines = [
        BEGIN,
        "## Semantic matching",
        "",
        "Written by `python -m bench.semantic` (part of `make bench`). "
        "Checks in process over the same "
        "store and queries, with FACTCHECK_SEMANTIC=off and =on (every claim embedded first). "
        "Targets: statement embedding p50 ≤ 15 ms, background embedding ≥ 300 claims/s on 2 "
        "cores, recall@5 ≥ 0.97.",
        "",
        "| | " + " | ".join(f"{r.size:,} claims" for r in rows) + " |",
        "|---|" + "---|" * len(rows),
    ]

    def row(label: str, cells: Sequence[str]) -> None:
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    row("measured", [r.measured_at for r in rows])
    row("claims embedded", [f"{r.claims:,}" for r in rows])
    row(
        "check p50 / p99, off",
        [f"{r.off.latency.p50:.2f} / {r.off.latency.p99:.2f} ms" for r in rows],
    )
    row(
        "check p50 / p99, on", [f"{r.on.latency.p50:.2f} / {r.on.latency.p99:.2f} ms" for r in rows]
    )
    row("machine load average (1, 5, 15 min)", [r.load_average or "?" for r in rows])
    row(
        "encoders: statements / claims",
        [f"{r.statement_encoder} / {r.claim_encoder}" for r in rows],
    )
    row(
        "statement embedding p50 / p99",
        [f"{r.statement_embedding.p50:.1f} / {r.statement_embedding.p99:.1f} ms" for r in rows],
    )
    row(
        "statement embedding p50 / p99, numpy encoder",
        [
            f"{r.statement_embedding_numpy.p50:.1f} / {r.statement_embedding_numpy.p99:.1f} ms"
            if r.statement_embedding_numpy
            else "-"
            for r in rows
        ],
    )
    row(
        "background embedding",
        [f"{r.embedding_claims_per_s:,.0f} claims/s ({r.embedding_workers} threads)" for r in rows],
    )
    row(
        "background embedding per CPU-second (× cores = rate on idle cores)",
        [f"{r.embedding_claims_per_cpu_s:,.0f} claims" for r in rows],
    )
    row(
        "resident memory added by embedding the store (encoders loaded before)",
        [f"{r.rss_mib_encoder:,.0f} MiB" for r in rows],
    )
    row("recall@5, off", [f"{r.off.recall_at_5:.3f}" for r in rows])
    row("recall@5, on", [f"{r.on.recall_at_5:.3f}" for r in rows])
    for kind in ("paraphrase", "typo", "figure"):
        row(
            f"recall@5 {kind} queries, off / on",
            [
                f"{r.off.recall_by_kind.get(kind, 0):.3f} / {r.on.recall_by_kind.get(kind, 0):.3f}"
                for r in rows
            ],
        )
    for kind in ("all", "paraphrase", "typo", "figure"):
        row(
            f"ranking recall@5 {kind}, off / on (whole statement, before the stance rules)",
            [
                f"{r.off.ranking_recall_by_kind.get(kind, 0):.3f} / "
                f"{r.on.ranking_recall_by_kind.get(kind, 0):.3f}"
                for r in rows
            ],
        )
    lines += [
        "",
        "Vector index alone (384 dimensions; the graph is usearch HNSW, connectivity "
        f"{HNSW_CONNECTIVITY}, expansion {HNSW_EXPANSION_ADD} on insert and "
        f"{HNSW_EXPANSION_SEARCH} on search, {HNSW_DTYPE}), on synthetic vectors: random unit "
        "vectors (the "
        "hardest case for a graph: no clusters), or real claim vectors of the 100,000 run each "
        "repeated with noise (cosine ~0.86 to its source) up to the size:",
        "",
        "| vectors | made from | exact search p50 | graph build | graph search p50 / p99 "
        "| graph recall@50 |",
        "|--:|---|--:|--:|--:|--:|",
    ]
    for run in alone:
        if run.graph_build_s == 0:
            lines.append(
                f"| {run.vectors:,} | {run.made_from} | {run.exact_p50_ms:.2f} ms "
                "| not measured (exact only) | | |"
            )
            continue
        lines.append(
            f"| {run.vectors:,} | {run.made_from} | {run.exact_p50_ms:.2f} ms "
            f"| {run.graph_build_s:.1f} s | "
            f"{run.graph_p50_ms:.2f} / {run.graph_p99_ms:.2f} ms | {run.graph_recall_at_50:.3f} |"
        )
    lines.append(END)
    return "\n".join(lines)


def write(results: Path, target: Path) -> None:
    rows = _load(results)
    alone = [r.index for r in rows if r.index is not None]
    extra = results / "semantic-index.json"
    if extra.exists():
        alone += msgspec.json.decode(extra.read_bytes(), type=list[IndexRun])
    # One run a size: one that measured the graph over one that did not, then the later.
    by_size: dict[int, IndexRun] = {}
    for run in alone:
        kept = by_size.get(run.vectors)
        if kept is None or run.graph_build_s > 0 or kept.graph_build_s == 0:
            by_size[run.vectors] = run
    alone = sorted(by_size.values(), key=lambda r: r.vectors)
    text = target.read_text(encoding="utf-8") if target.exists() else "# Benchmark results\n"
    block = section(rows, alone)
    if BEGIN in text and END in text:
        head, _, rest = text.partition(BEGIN)
        _, _, tail = rest.partition(END)
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    target.write_text(text, encoding="utf-8")


def _claim_vectors(work: Path) -> Vectors | None:
    """The largest corpus run's claim vectors, as the embedder saved them, if there is one."""
    for size in sorted((int(p.name) for p in work.glob("*") if p.name.isdigit()), reverse=True):
        for saved in sorted((work / str(size) / "index").glob("*/semantic/vectors.npy")):
            vectors: Vectors = np.load(saved).astype(np.float32)
            print(f"index alone: vectors made from {len(vectors):,} claim vectors ({saved})")
            return vectors
    return None


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.semantic", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--sizes",
        type=lambda s: [int(x.replace("_", "")) for x in s.split(",") if x],
        default=[10_000, 100_000],
        help='corpus sizes, comma-separated ("" for none: with --full, the 1M index alone)',
    )
    parser.add_argument("--full", action="store_true", help="add the vector index at 1,000,000")
    parser.add_argument(
        "--exact-only", action="store_true", help="index alone: skip the graph (its build is long)"
    )
    parser.add_argument(
        "--index-only",
        type=lambda s: [int(x.replace("_", "")) for x in s.split(",")],
        default=[],
        help="sizes of the vector index measured alone",
    )
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=Path("/tmp/factcheck-bench"))
    parser.add_argument("--results", type=Path, default=HERE / "results")
    args = parser.parse_args()
    args.results.mkdir(parents=True, exist_ok=True)
    for size in args.sizes:
        result = measure(size, args)
        (args.results / f"semantic-{size}.json").write_bytes(
            msgspec.json.format(msgspec.json.encode(result))
        )
        write(args.results, HERE / "RESULTS.md")
        print(msgspec.json.format(msgspec.json.encode(result)).decode(), flush=True)
    alone_sizes = list(args.index_only) + ([1_000_000] if args.full else [])
    if alone_sizes:
        base = _claim_vectors(args.work)
        runs = [index_alone(size, graph=not args.exact_only, base=base) for size in alone_sizes]
        (args.results / "semantic-index.json").write_bytes(
            msgspec.json.format(msgspec.json.encode(runs))
        )
        write(args.results, HERE / "RESULTS.md")
    print(f"written {HERE / 'RESULTS.md'} ({os.cpu_count()} cores)", flush=True)


if __name__ == "__main__":
    main()
