"""Claims are embedded in the background: ingest never waits, checks answer while a backlog
waits (lexical path), the backlog drains to zero, and a restart resumes without embedding again."""

import asyncio
import hashlib
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from litestar.testing import AsyncTestClient

from schemas.check import CheckRequest
from service import runtime
from service.app import create_app
from service.matching.semantic.encoder import Encoder, Vectors
from service.matching.semantic.engine import Encoders, Mode, load_encoder
from service.matching.semantic.follow import SemanticSync
from service.matching.semantic.vectors import VectorIndex
from service.runtime import Services, running
from service.settings import Settings
from service.store.factory import create_store
from service.store.records import NewClaim, NewReport
from service.text.analyse import analyse

DEADLINE = 120.0  # seconds; a poll ends as soon as its condition holds
PLACES = ["Lisbon", "Nairobi", "Osaka", "Quito", "Tromso", "Perth", "Tunis", "Hanoi"]
TOPICS = ["bridge", "hospital", "railway", "harbour", "stadium"]


class GatedEncoder:
    """The real encoder, with background embedding held back until the test opens the gate.

    Statements (embedded on the check path) pass; the follower's threads ("embed-*") wait.
    """

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.gate = threading.Event()
        self.background = 0  # texts embedded by the follower
        self._count = threading.Lock()

    def embed(self, texts: Sequence[str]) -> Vectors:
        if threading.current_thread().name.startswith("embed"):
            if not self.gate.wait(DEADLINE):
                raise TimeoutError("the test never opened the gate")
            with self._count:
                self.background += len(texts)
        return self.inner.embed(texts)


def claim_text(place: str, topic: str) -> str:
    return f"The council of {place} approved a new {topic} costing {len(place) * 7} million euros."


def reports() -> list[NewReport]:
    out = []
    for place in PLACES:
        texts = [claim_text(place, topic) for topic in TOPICS]
        body = " ".join(texts)
        out.append(
            NewReport(
                text=body,
                content_hash=hashlib.sha256(body.encode()).hexdigest(),
                source="Test Wire",
                claims=[NewClaim(text=t, checkworthiness=0.9, analysis=analyse(t)) for t in texts],
            )
        )
    return out


async def poll(condition: object, what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


@pytest.fixture
def gated(monkeypatch: pytest.MonkeyPatch) -> GatedEncoder:
    real = load_encoder("on")
    assert real is not None
    encoder = GatedEncoder(real)

    def load(mode: Mode) -> Encoders | None:
        return Encoders(encoder, encoder)

    monkeypatch.setattr(runtime, "load_encoders", load)
    return encoder


def settings_in(tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path}/db.sqlite",
        seeds_dir=None,
        index_dir=str(tmp_path / "index"),
        semantic="on",
    )


async def check_finds(services: Services, place: str, topic: str) -> None:
    result = await services.checker.check(
        CheckRequest(statement=f"{place} council approves {topic} for {len(place) * 7} million")
    )
    assert any(m.claim.text == claim_text(place, topic) for m in result.matches), result


async def test_checks_answer_while_a_backlog_drains_and_a_restart_embeds_nothing(
    tmp_path: Path, gated: GatedEncoder
) -> None:
    total = len(PLACES) * len(TOPICS)
    async with running(settings_in(tmp_path)) as services:
        semantic = services.semantic
        assert semantic is not None
        started = time.monotonic()
        await services.store.put_reports(reports())
        # Ingest returned without waiting on any embedding (the gate is still closed).
        assert gated.background == 0
        assert time.monotonic() - started < DEADLINE
        await poll(lambda: semantic.backlog == total, "the follower to queue every claim")
        for place in PLACES[:3]:
            await check_finds(services, place, TOPICS[0])  # lexical path, nothing embedded
        assert len(semantic.sync.vectors) == 0
        gated.gate.set()
        deadline = time.monotonic() + DEADLINE
        checked = 0
        while semantic.backlog:
            assert time.monotonic() < deadline, "the backlog did not drain"
            place, topic = PLACES[checked % len(PLACES)], TOPICS[checked % len(TOPICS)]
            await check_finds(services, place, topic)  # part embedded, part lexical
            checked += 1
        assert len(semantic.sync.vectors) == total
        assert gated.background == total
        for place in PLACES:
            await check_finds(services, place, TOPICS[-1])
    gated.background = 0
    async with running(settings_in(tmp_path)) as again:
        assert again.semantic is not None
        assert again.semantic.backlog == 0
        assert len(again.semantic.sync.vectors) == total
        await check_finds(again, PLACES[0], TOPICS[1])
        await again.semantic.sync.drain()
    assert gated.background == 0


async def test_a_delete_removes_the_vector_and_a_write_after_restart_is_embedded(
    tmp_path: Path, gated: GatedEncoder
) -> None:
    gated.gate.set()
    async with running(settings_in(tmp_path), follow=False) as services:
        assert services.semantic is not None
        results = await services.store.put_reports(reports()[:2])
        await services.semantic.sync.drain()
        gone = results[0].claims[0].id
        assert gone in services.semantic.sync.vectors
        await services.store.delete_report(results[0].report.id)
        await services.semantic.sync.drain()
        assert gone not in services.semantic.sync.vectors
        assert len(services.semantic.sync.vectors) == len(TOPICS)
    async with running(settings_in(tmp_path), follow=False) as again:
        assert again.semantic is not None
        await again.store.put_reports(reports()[2:3])
        await again.semantic.sync.read_changes()
        assert again.semantic.backlog == len(TOPICS)
        await again.semantic.sync.drain()
        assert len(again.semantic.sync.vectors) == 2 * len(TOPICS)


async def test_ready_and_metrics_show_the_backlog(tmp_path: Path, gated: GatedEncoder) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/db.sqlite", seeds_dir=None, semantic="on"
    )
    async with AsyncTestClient(base_url="http://127.0.0.1", app=create_app(settings)) as client:
        services: Services = client.app.state.services
        await services.store.put_reports(reports()[:1])
        semantic = services.semantic
        assert semantic is not None
        await poll(lambda: semantic.backlog == len(TOPICS), "the follower to queue the claims")
        ready = (await client.get("/ready")).json()
        assert ready["semantic"] is True
        assert ready["embedding_backlog"] == len(TOPICS)
        assert ready["claims_embedded"] == 0
        metrics = (await client.get("/metrics")).text
        assert f"factcheck_semantic_backlog {len(TOPICS)}.0" in metrics
        gated.gate.set()
        await poll(lambda: semantic.backlog == 0, "the backlog to drain")
        ready = (await client.get("/ready")).json()
        assert (ready["embedding_backlog"], ready["claims_embedded"]) == (0, len(TOPICS))


async def test_off_is_the_lexical_path_and_ready_says_so(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/db.sqlite", seeds_dir=None, semantic="off"
    )
    async with AsyncTestClient(base_url="http://127.0.0.1", app=create_app(settings)) as client:
        services: Services = client.app.state.services
        assert services.semantic is None
        assert services.checker.semantic is None
        ready = (await client.get("/ready")).json()
        assert ready["semantic"] is False
        assert ready["embedding_backlog"] is None


class ByText:
    """A stand-in encoder whose vector is a function of the text alone, recording its calls."""

    name = "by-text"
    dim = 4

    def __init__(self) -> None:
        self.calls: list[int] = []
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> Vectors:
        with self._lock:
            self.calls.append(len(texts))
        rows = [[len(t), sum(map(ord, t)) % 97, t.count("a"), 1.0] for t in texts]
        return np.array(rows, dtype=np.float32)


async def test_a_restart_loads_the_graph_instead_of_building_it(tmp_path: Path) -> None:
    # Past the exact-search size (5 here) the follower builds the HNSW graph; it is saved beside
    # the vectors, and a restart loads it and inserts only the claims stored since.
    store = create_store(f"sqlite:///{tmp_path}/db.sqlite")
    await store.open()
    encoder = ByText()
    try:
        await store.put_reports(reports()[:4])
        first = SemanticSync(store, encoder, VectorIndex(encoder.dim, brute_force_max=5), tmp_path)
        await first.start()
        await first.drain()
        await first.close()
        assert first.vectors.uses_graph
        assert first.vectors.graph_builds == 1
        await store.put_reports(reports()[4:5])
        again = SemanticSync(store, encoder, VectorIndex(encoder.dim, brute_force_max=5), tmp_path)
        await again.start()
        assert again.vectors.uses_graph  # loaded, before anything was embedded
        await again.drain()
        await again.close()
        assert again.vectors.graph_builds == 0
        assert again.vectors.graph_inserted == len(TOPICS)  # the one new report's claims
        assert len(again.vectors) == 5 * len(TOPICS)
    finally:
        await store.close()
