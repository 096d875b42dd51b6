"""A real HTTP receiver for webhook tests: records every delivery and answers as scripted."""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Delivery:
    headers: dict[str, str]
    body: bytes
    answered: int | None  # the status sent back, None when it could not be written


@dataclass
class Receiver:
    url: str
    failures: int  # answer 500 to this many requests first
    hang_first: bool = False  # hold the first request until `release` is set
    deliveries: list[Delivery] = field(default_factory=list)
    first_arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    changed: threading.Condition = field(default_factory=threading.Condition)

    arrivals: int = 0

    def wait_for(self, predicate: Callable[[list[Delivery]], bool], timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: predicate(self.deliveries), timeout)


@contextmanager
def receiving(failures: int, *, hang_first: bool = False) -> Iterator[Receiver]:
    lock = threading.Lock()
    state: dict[str, Receiver] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            receiver = state["receiver"]
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with lock:
                receiver.arrivals += 1
                number = receiver.arrivals
            status = 500 if number <= receiver.failures else 204
            answered: int | None = status
            if number == 1 and receiver.hang_first:
                receiver.first_arrived.set()
                receiver.release.wait(60)
            try:
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
            except OSError:
                answered = None
            with receiver.changed:
                receiver.deliveries.append(Delivery(dict(self.headers.items()), body, answered))
                receiver.changed.notify_all()

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep the test output quiet

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver = Receiver(
        url=f"http://127.0.0.1:{server.server_port}/hook", failures=failures, hang_first=hang_first
    )
    state["receiver"] = receiver
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.release.set()
        server.shutdown()
        server.server_close()
