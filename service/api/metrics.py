"""Prometheus metrics: requests, latencies by route template, index and ingest; served at
`/metrics` by `routes/ops.py`, counted by `edge/observability.py` and the ingest observer.

Each app has its own registry (no import-time state, tests build as many apps as they like).
Counters are per process: with FACTCHECK_WORKERS above 1 a scrape sees the worker that answered
it, so run one worker per replica and scrape every replica (the compose file does), which is
also how the index, kept per process, is best observed.
"""

from collections.abc import Sequence

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.process_collector import ProcessCollector

from service.ingest.pipeline import Outcome
from service.runtime import Services

# Checks take milliseconds to a second; ingests of a 1,000-report bulk take seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# Prometheus text exposition format; litestar appends the charset.
TEXT_FORMAT = "text/plain; version=0.0.4"


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        ProcessCollector(registry=self.registry)
        self.requests = Counter(
            "factcheck_http_requests",
            "HTTP requests answered, by route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "factcheck_http_request_duration_seconds",
            "Time from request to the last byte of the response, by route template.",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.ingested_total = Counter(
            "factcheck_ingested",
            "Reports and claims written by this process: kind report or claim, outcome "
            "created, replaced or rejected.",
            ["kind", "outcome"],
            registry=self.registry,
        )
        self.index_claims = self._gauge("factcheck_index_claims", "Claims in the search index.")
        self.index_revision = self._gauge(
            "factcheck_index_revision", "Store revision the search index has caught up to."
        )
        self.store_revision = self._gauge("factcheck_store_revision", "Current store revision.")
        self.store_reports = self._gauge("factcheck_store_reports", "Reports in the store.")
        self.store_claims = self._gauge("factcheck_store_claims", "Claims in the store.")
        self.embedded_claims = self._gauge(
            "factcheck_semantic_claims", "Claims with an embedding (semantic matching)."
        )
        self.embedding_backlog = self._gauge(
            "factcheck_semantic_backlog",
            "Claims stored but not embedded yet; checks use the lexical path for them.",
        )

    def _gauge(self, name: str, documentation: str) -> Gauge:
        return Gauge(name, documentation, registry=self.registry)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)

    def ingested(self, outcomes: Sequence[Outcome]) -> None:
        """The ingest observer (`service.ingest.pipeline.IngestObserver`): every ingest of this
        process, from the API, seeding or any other caller of `Services.ingest`."""
        for outcome in outcomes:
            self.ingested_total.labels(outcome.kind, outcome.outcome).inc()

    async def render(self, services: Services) -> bytes:
        self.index_claims.set(len(services.index))
        self.index_revision.set(services.index.revision)
        self.store_revision.set(await services.store.revision())
        self.store_reports.set(await services.store.count_reports())
        self.store_claims.set(await services.store.count_claims())
        if services.semantic is not None:
            self.embedded_claims.set(len(services.semantic.sync.vectors))
            self.embedding_backlog.set(services.semantic.backlog)
        return generate_latest(self.registry)
