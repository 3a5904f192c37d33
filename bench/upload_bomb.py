"""Hostile uploads under gunicorn: does the worker keep answering, and does its memory stay put?

    .venv/bin/python bench/upload_bomb.py                  # one sync worker, as in the README
    .venv/bin/python bench/upload_bomb.py --threads 4      # one gthread worker, four threads
    .venv/bin/python bench/upload_bomb.py --project DIR    # the same against another checkout

It builds a throwaway site in a temporary folder (SQLite file, media and static files;
production settings, TASKS_BACKEND=immediate, so text extraction runs at the end of the
upload request), starts gunicorn with one worker, signs in to the Wagtail admin as a superuser
and uploads documents through the admin's own form: a normal DOCX, a "paragraph bomb" (half a
million one-letter paragraphs, about 85 KB that expand to 17 MB of XML), the same bomb built
to stay under the compression-ratio limit, and a zip bomb (a Word document whose text part is
200 MB of spaces, about 200 KB stored).

While each upload runs, a second client asks for the admin sign-in page every 100 ms. For
each file it prints: how long the upload took, the slowest answer the second client got while
the upload ran, how much the worker's peak resident memory grew (reset just before the
upload), the reader process's peak memory (from the site's log), whether the worker was killed
and restarted, and the document's text status afterwards.

Nothing of the site's own data is touched, and the folder is removed at the end.
"""

import argparse
import http.client
import io
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
WORD_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body>"
)
WORD_TAIL = b"</w:body></w:document>"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
PACKAGE_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
USERNAME, PASSWORD = "bench", secrets.token_urlsafe(16)


def word_document(chunks):
    """A minimal, valid DOCX whose body is written from `chunks` as a stream."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(WORD_HEAD)
            for chunk in chunks:
                part.write(chunk)
            part.write(WORD_TAIL)
    return buffer.getvalue()


def normal_document():
    text = "Protocolo de actuación conjunta entre los CEM y los establecimientos de salud. "
    return word_document(
        b"<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % (text * 5).encode() for _ in range(300)
    )


def paragraph_bomb(paragraphs):
    return word_document([b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * paragraphs])


def numbered_paragraph_bomb(paragraphs):
    """Paragraphs that differ, so the file compresses like text and passes the ratio check."""
    return word_document(
        b"<w:p><w:r><w:t>Parrafo %d</w:t></w:r></w:p>" % n for n in range(paragraphs)
    )


def zip_bomb(megabytes):
    return word_document(b" " * MB for _ in range(megabytes))


CASES = [
    ("normal DOCX", normal_document),
    ("paragraph bomb", lambda: paragraph_bomb(500_000)),
    ("paragraph bomb, under ratio and size limits", lambda: numbered_paragraph_bomb(700_000)),
    ("zip bomb (200 MB text part)", lambda: zip_bomb(200)),
]


class Client:
    """An HTTP client with a cookie jar and Django's CSRF token, one connection per request."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None, headers=None, timeout=300):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, dict(response.getheaders()), content

    def csrf_form(self, path):
        status, _headers, content = self.request("GET", path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        if status != 200 or token is None:
            raise RuntimeError(f"GET {path} answered {status} without a form")
        return token.group(1).decode(), content

    def sign_in(self, admin):
        token, _ = self.csrf_form(f"/{admin}/login/")
        body = urlencode({"csrfmiddlewaretoken": token, "username": USERNAME, "password": PASSWORD})
        status, _headers, _ = self.request(
            "POST",
            f"/{admin}/login/",
            body,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 302:
            raise RuntimeError(f"sign-in answered {status}")

    def upload(self, admin, name, data, title):
        token, form = self.csrf_form(f"/{admin}/documents/add/")
        collection = re.search(rb'name="collection"[^>]*>\s*<option value="(\d+)"', form)
        fields = {
            "csrfmiddlewaretoken": token,
            "title": title,
            "title_en": title,
            "language": "es",
        }
        if collection:
            fields["collection"] = collection.group(1).decode()
        boundary = uuid.uuid4().hex
        body = io.BytesIO()
        for key, value in fields.items():
            body.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        body.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
        )
        body.write(data)
        body.write(f"\r\n--{boundary}--\r\n".encode())
        return self.request(
            "POST",
            f"/{admin}/documents/add/",
            body.getvalue(),
            {"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )


class Poller(threading.Thread):
    """Another visitor: asks for a page every 100 ms and records how long each answer took."""

    def __init__(self, port, path):
        super().__init__(daemon=True)
        self.client = Client(port)
        self.path = path
        self.latencies = []
        self.failures = 0
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            started = time.monotonic()
            try:
                status, _, _ = self.client.request("GET", self.path, timeout=120)
                if status != 200:
                    self.failures += 1
            except (OSError, http.client.HTTPException):
                self.failures += 1
            self.latencies.append(time.monotonic() - started)
            self.stopping.wait(0.1)

    def stop(self):
        self.stopping.set()
        self.join()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def proc_status(pid, field):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def worker_pids(master):
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return []
    return [int(pid) for pid in children]


def reset_peak(pid):
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        pass


def run_site(project, environment, args):
    python = sys.executable

    def manage(*command, quiet=True):
        subprocess.run(  # noqa: S603
            [python, "manage.py", *command],
            cwd=project,
            env=environment,
            check=True,
            stdout=subprocess.DEVNULL if quiet else None,
        )

    print(f"Preparing a throwaway site from {project} …", flush=True)
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput")
    manage("createsuperuser", "--noinput", "--username", USERNAME, "--email", "b@example.org")

    port = free_port()
    log_path = Path(environment["MEDIA_ROOT"]).parent / "gunicorn.log"
    command = [
        python,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--timeout",
        str(args.timeout),
    ]
    if args.threads > 1:
        command += ["--threads", str(args.threads)]
    with open(log_path, "wb") as log:
        server = subprocess.Popen(  # noqa: S603
            command, cwd=project, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        measure(server, port, log_path, environment, args, manage)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def measure(server, port, log_path, environment, args, manage):
    admin = environment.get("ADMIN_PATH", "admin")
    probe = Client(port)
    for _ in range(200):
        try:
            if probe.request("GET", f"/{admin}/login/", timeout=5)[0] == 200:
                break
        except OSError:
            pass
        time.sleep(0.1)
    else:
        raise RuntimeError(f"gunicorn did not answer; see {log_path}")
    editor = Client(port)
    editor.sign_in(admin)

    worker = f"{args.threads} threads" if args.threads > 1 else "sync"
    print(f"gunicorn: 1 worker ({worker}), timeout {args.timeout} s, TASKS_BACKEND=immediate\n")
    header = (
        f"{'file':44} {'size':>9} {'upload':>8} {'reader':>8} {'other: median':>14} "
        f"{'slowest':>8} {'worker peak +':>14} {'reader peak':>12}  worker"
    )
    print(header)
    print("-" * len(header))
    for label, build in CASES:
        data = build()
        workers = worker_pids(server.pid)
        pid = workers[0] if workers else None
        if pid:
            reset_peak(pid)
        start_kb = proc_status(pid, "VmHWM") if pid else None
        log_offset = log_path.stat().st_size
        poller = Poller(port, f"/{admin}/login/")
        poller.start()
        started = time.monotonic()
        try:
            status = editor.upload(admin, "bench.docx", data, label)[0]
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
        upload_seconds = time.monotonic() - started
        time.sleep(0.3)
        poller.stop()
        peak_kb = proc_status(pid, "VmHWM") if pid else None
        restarted = pid not in worker_pids(server.pid)
        with open(log_path, "rb") as log:
            log.seek(log_offset)
            new_log = log.read().decode("utf-8", "replace")
        readers = [int(kb) for kb in re.findall(r"reader peak memory (\d+) kB", new_log)]
        reader_seconds = [float(s) for s in re.findall(r"(?:in|after) ([\d.]+) s; reader", new_log)]
        growth = (
            f"{(peak_kb - start_kb) / 1024:.0f} MB"
            if peak_kb is not None and start_kb is not None and not restarted
            else "n/a"
        )
        latencies = sorted(poller.latencies) or [0]
        reader_time = f"{max(reader_seconds):.2f} s" if reader_seconds else "n/a"
        print(
            f"{label:44} {len(data) / 1024:>6.0f} KB {upload_seconds:>6.2f} s {reader_time:>8} "
            f"{latencies[len(latencies) // 2]:>12.2f} s {latencies[-1]:>6.2f} s {growth:>14} "
            f"{(str(round(max(readers) / 1024)) + ' MB') if readers else 'n/a':>12}  "
            f"{'KILLED, restarted' if restarted else 'kept'} (HTTP {status}"
            f"{f', {poller.failures} failed requests' if poller.failures else ''})",
            flush=True,
        )
        if restarted:
            # Give the master time to start a new worker before the next file.
            time.sleep(3)
    print()
    print("Documents afterwards:")
    manage(
        "shell",
        "-c",
        "from core.models import QuipuDocument as D\n"
        "for d in D.objects.order_by('pk'):\n"
        "    status = getattr(d, 'text_status', '(no status field)')\n"
        "    reason = getattr(d, 'text_not_extracted_reason', '')\n"
        "    print(f'  {d.title:44} {status:14} {reason:20} {len(d.extracted_text):>9} chars')",
        quiet=False,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, default=ROOT, help="checkout to serve")
    parser.add_argument("--threads", type=int, default=1, help="gthread worker threads")
    parser.add_argument("--timeout", type=int, default=30, help="gunicorn worker timeout (s)")
    args = parser.parse_args()
    project = args.project.resolve()

    folder = Path(tempfile.mkdtemp(prefix="quipu-upload-bench-"))
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "SECURE_SSL_REDIRECT": "false",
        "TASKS_BACKEND": "immediate",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
        "PYTHONPATH": str(project),
    }
    for name in ("REDIS_URL", "ELASTICSEARCH_URL", "SEARCH_ENGINE"):
        environment.pop(name, None)
    try:
        run_site(project, environment, args)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
