"""A 25 MB file up and down through the app under gunicorn: a worker's memory, and download speed against
gunicorn serving the same file from disk with send_file.

What is measured, on a temporary SQLite database whose schema comes from the migrations:

- ours   `gunicorn -w 1 -b 127.0.0.1:<port>` serving ForumOps (production settings) with two benchmark-only
         routes written to a temporary module: POST /bench/upload (multipart, through core.files.allow_uploads
         and store_upload, then commit) and GET /bench/files/<id> (core.files.file_response, public).
         The file is a 25 MB PDF of 50 pages, each holding 500 KB of incompressible data (a slide deck's
         pictures), so the upload goes through every check: libmagic, the polyglot check and pypdf's walk.
- bare   `gunicorn -w 1` serving a three-line Flask app: GET /file answers flask.send_file(path) of the same
         bytes written to disk.

Memory: the worker's resident set (VmRSS in /proc/<pid>/status, Linux, sampled every 2 ms from this process during each request), its
peak minus what it was before the request; after one warm-up upload and download, so libraries loaded
once (pypdf, libmagic's database) are not counted as growth. Target: at most 10 MB each way.
Throughput: best of --runs downloads of the whole file over one connection each. Target: ours >= 0.5 x bare.
The first download reads the database and writes this machine's checked copy (core.filecache); it is
printed on its own. The later ones are served from the copy, by the kernel (sendfile), as bare is.

    cd /work/main && PYTHONPATH=. python benchmarks/files_bench.py [--runs 5]

It is a report: the exit code is 0 whatever the numbers; a number past its target is marked ABOVE TARGET.
"""

from __future__ import annotations

import argparse
import http.client
import io
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MB = 1024 * 1024
SIZE_MB = 25
MAX_GROWTH_MB = 10
MIN_RATIO = 0.5
_tmp = Path(tempfile.mkdtemp(prefix="forumops-files-bench-"))

BENCH_APP = '''
"""ForumOps with two benchmark-only routes (core.files' upload and download)."""
from flask import request

from config import config_from_env
from forumops import create_app
from forumops.core.files import StoredFile, allow_uploads, file_response, store_upload
from forumops.extensions import csrf, db

app = create_app(config_from_env("production"))


@app.post("/bench/upload")
@csrf.exempt
def upload():
    allow_uploads(1)
    sent = request.files["file"]
    stored = store_upload(sent.stream, sent.filename or "")
    db.session.commit()
    return str(stored.id)


@app.get("/bench/files/<int:file_id>")
def download(file_id):
    return file_response(db.get_or_404(StoredFile, file_id), "deck.pdf", public=True)
'''

BARE_APP = '''
import os
from flask import Flask, send_file

app = Flask(__name__)


@app.get("/file")
def file():
    return send_file(os.environ["BENCH_FILE"], mimetype="application/pdf", as_attachment=True)
'''


def deck(size_mb: int) -> bytes:
    """A PDF of pages each carrying 500 KB of random bytes: incompressible, like photos in slides."""
    writer = PdfWriter()
    per_page = 500 * 1024
    for _ in range(size_mb * MB // per_page):
        page = writer.add_blank_page(960, 540)
        stream = DecodedStreamObject()
        stream.set_data(b"% " + os.urandom(per_page).hex().encode()[:per_page] + b"\n")
        page.replace_contents(writer._add_object(stream))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def rss(pid: int) -> int:
    """The process's resident set in bytes, from /proc (Linux)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as found:
        return [int(child) for child in found.read().split()]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn -w 1 on 127.0.0.1:<free port>, in its own process group; stop() always ends it."""

    def __init__(self, app_spec: str, env: dict[str, str], cwd: Path):
        self.port = free_port()
        self.log = open(_tmp / f"gunicorn-{self.port}.log", "wb")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{self.port}", "--timeout", "120",
             app_spec], cwd=cwd, env={**os.environ, **env}, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)

    def worker(self, limit: float = 60) -> int:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited: see {self.log.name}")
            workers = children(self.proc.pid)
            if workers:
                try:
                    with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                        return workers[0]
                except OSError:
                    pass
            time.sleep(0.05)  # waiting for a server to start, not timing anything
        raise RuntimeError("gunicorn not ready")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.log.close()


def peak_growth(worker: int, request) -> tuple[float, object]:
    """(peak RSS during request() minus RSS before it, in MB; request()'s result)."""
    before = rss(worker)
    peak, done = [before], threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss(worker))
            done.wait(0.002)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        result = request()
    finally:
        done.set()
        sampler.join()
    return (max(peak[0], rss(worker)) - before) / MB, result


def upload(port: int, content: bytes, name: str) -> str:
    boundary = secrets.token_hex(16)
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: application/pdf\r\n\r\n").encode()
    body = head + content + f"\r\n--{boundary}--\r\n".encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("POST", "/bench/upload", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        response = conn.getresponse()
        answer = response.read().decode()
        if response.status != 200:
            raise RuntimeError(f"upload answered {response.status}: {answer[:300]}")
        return answer
    finally:
        conn.close()


def download(port: int, path: str) -> tuple[float, int]:
    """(seconds, bytes) for one whole download, read 256 KiB at a time as a browser would."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        start = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        received = 0
        while block := response.read(256 * 1024):
            received += len(block)
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}")
        return time.perf_counter() - start, received
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    content = deck(SIZE_MB)
    on_disk = _tmp / "deck.pdf"
    on_disk.write_bytes(content)
    (_tmp / "files_bench_app.py").write_text(textwrap.dedent(BENCH_APP))
    (_tmp / "bare_send_file.py").write_text(textwrap.dedent(BARE_APP))
    database = f"sqlite:///{_tmp / 'bench.sqlite'}"
    env = {"FORUMOPS_ENV": "production", "FORUMOPS_SECRET_KEY": secrets.token_hex(32),
           "FORUMOPS_DATABASE_URL": database, "PYTHONPATH": f"{ROOT}:{_tmp}", "BENCH_FILE": str(on_disk),
           "FORUMOPS_FILE_CACHE_DIR": str(_tmp / "file-cache")}

    os.environ["FORUMOPS_DATABASE_URL"] = database
    from config import TestingConfig
    from forumops import create_app
    from forumops.core.database import rebuild_schema

    class BuildConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database

    rebuild_schema(create_app(BuildConfig))

    ours = Gunicorn("files_bench_app:app", env, ROOT)
    bare = Gunicorn("bare_send_file:app", env, ROOT)
    try:
        ours_worker, bare_worker = ours.worker(), bare.worker()
        warm = upload(ours.port, deck(1), "warm.pdf")  # loads pypdf, libmagic's database, the first pages
        download(ours.port, f"/bench/files/{warm}")
        download(bare.port, "/file")

        up_growth, file_id = peak_growth(ours_worker, lambda: upload(ours.port, content, "Bài trình bày.pdf"))
        path = f"/bench/files/{file_id}"
        # the first download writes this machine's checked copy (core.filecache); later ones are served from it
        down_growth, (first_seconds, received) = peak_growth(ours_worker, lambda: download(ours.port, path))
        if received != len(content):
            raise RuntimeError(f"downloaded {received} bytes of {len(content)}")
        bare_growth, _ = peak_growth(bare_worker, lambda: download(bare.port, "/file"))
        ours_best = min(download(ours.port, path)[0] for _ in range(args.runs))
        bare_best = min(download(bare.port, "/file")[0] for _ in range(args.runs))
    finally:
        ours.stop()
        bare.stop()
        shutil.rmtree(_tmp, ignore_errors=True)

    size = len(content) / MB
    ratio = bare_best / ours_best

    def mark(ok: bool) -> str:
        return "" if ok else "  ABOVE TARGET"

    print(f"file: {size:.1f} MB PDF, {SIZE_MB * MB // (500 * 1024)} pages; gunicorn -w 1 (sync) on 127.0.0.1")
    print(f"upload   worker RSS peak growth  {up_growth:6.1f} MB (target <= {MAX_GROWTH_MB})"
          f"{mark(up_growth <= MAX_GROWTH_MB)}")
    print(f"download worker RSS peak growth  {down_growth:6.1f} MB (target <= {MAX_GROWTH_MB})"
          f"{mark(down_growth <= MAX_GROWTH_MB)}; bare send_file: {bare_growth:.1f} MB")
    print(f"download first  {size / first_seconds:7.1f} MB/s  ({first_seconds * 1000:.0f} ms, from the database, "
          "writing this machine's copy)")
    print(f"download ours   {size / ours_best:7.1f} MB/s  ({ours_best * 1000:.0f} ms, best of {args.runs})")
    print(f"download bare   {size / bare_best:7.1f} MB/s  ({bare_best * 1000:.0f} ms, send_file from disk)")
    print(f"ratio ours/bare {ratio:7.2f} (target >= {MIN_RATIO}){mark(ratio >= MIN_RATIO)}")


if __name__ == "__main__":
    main()
