"""A PNG of a page, taken by headless Chromium.

Chromium's own `--screenshot` flag captured the network canvas before the page had fitted
it to the window, so the page is driven over the DevTools protocol instead: on a pipe
(--remote-debugging-pipe: commands on fd 3, answers on fd 4, NUL-separated JSON), which
needs no driver, no port and no extra package. The screenshot is taken once the page says
it is ready (body[data-kg-ready]), i.e. after the layout settled.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from kg.errors import KgError

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
# the page is our own file and loads nothing; the flags keep Chromium from calling home
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--no-default-browser-check", "--disable-sync",
    "--disable-extensions", "--hide-scrollbars", "--mute-audio", "--remote-debugging-pipe",
)
READY_EXPRESSION = "document.body !== null && document.body.getAttribute('data-kg-ready') === 'true'"


def find_chromium(explicit: str | None = None) -> str:
    """The browser to use: `explicit` (--chromium or KG_CHROMIUM), else the first on PATH."""
    if explicit:
        path = shutil.which(explicit) or (explicit if Path(explicit).is_file() else None)
        if path is None:
            raise KgError(f"no browser at {explicit!r}", "--chromium")
        return path
    for name in BROWSER_NAMES:
        path = shutil.which(name)
        if path:
            return path
    raise KgError("headless Chromium is needed for a PNG, and none was found (looked for "
                  f"{', '.join(BROWSER_NAMES)} on PATH); install it (Debian: apt-get install chromium) "
                  "or point --chromium / KG_CHROMIUM at the browser", "--png")


class DevToolsPipe:
    """The DevTools protocol over Chromium's pipe: send a command, wait for its answer."""

    def __init__(self, process: subprocess.Popen, to_browser: int, from_browser: int, timeout: float):
        self.process = process
        self.to_browser = to_browser
        self.from_browser = from_browser
        self.timeout = timeout
        self.buffer = b""
        self.next_id = 0

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode("utf-8") + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._receive(deadline, method)
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise KgError(f"Chromium refused {method}: {answer['error'].get('message', answer['error'])}",
                                  "--png")
                return answer.get("result", {})

    def _receive(self, deadline: float, waiting_for: str) -> dict:
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise KgError(f"Chromium did not answer {waiting_for} in {self.timeout:.0f} s", "--png")
            ready, _, _ = select.select([self.from_browser], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise KgError(f"Chromium quit while waiting for {waiting_for} "
                              f"(exit code {self.process.poll()})", "--png")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)


def _start(browser: str, profile: str) -> tuple[subprocess.Popen, int, int]:
    import fcntl

    command_read, command_write = os.pipe()
    answer_read, answer_write = os.pipe()

    def plumb() -> None:  # in the child: the pipe ends at the fds Chromium expects
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (command_read, answer_write)]
        os.dup2(high[0], 3)
        os.dup2(high[1], 4)

    try:
        process = subprocess.Popen(
            [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=plumb, close_fds=False,  # fds 3 and 4 are set up by plumb(), in the child
        )
    except OSError as error:
        for fd in (command_read, command_write, answer_read, answer_write):
            os.close(fd)
        raise KgError(f"cannot start {browser}: {error}", "--chromium") from None
    os.close(command_read)
    os.close(answer_write)
    return process, command_write, answer_read


def screenshot(page: Path, browser: str, width: int = 1600, height: int = 1000, timeout: float = 60.0) -> bytes:
    """PNG bytes of `page` (an HTML file) at width × height CSS pixels."""
    with tempfile.TemporaryDirectory(prefix="kg-chromium-") as profile:
        process, to_browser, from_browser = _start(browser, profile)
        try:
            pipe = DevToolsPipe(process, to_browser, from_browser, timeout)
            target = pipe.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = pipe.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            pipe.call("Emulation.setDeviceMetricsOverride",
                      {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session)
            pipe.call("Page.navigate", {"url": page.resolve().as_uri()}, session)
            _wait_until_ready(pipe, session, timeout)
            # two animation frames: the last drawing of the canvas is on screen
            pipe.call("Runtime.evaluate", {"expression": "new Promise(function (done) { requestAnimationFrame("
                                                         "function () { requestAnimationFrame(done); }); })",
                                           "awaitPromise": True}, session)
            shot = pipe.call("Page.captureScreenshot", {"format": "png"}, session)
            with contextlib.suppress(KgError, OSError):
                pipe.call("Browser.close")
            return base64.b64decode(shot["data"])
        finally:
            for fd in (to_browser, from_browser):
                with contextlib.suppress(OSError):
                    os.close(fd)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_ready(pipe: DevToolsPipe, session: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = pipe.call("Runtime.evaluate", {"expression": READY_EXPRESSION, "returnByValue": True}, session)
        if answer.get("result", {}).get("value") is True:
            return
        time.sleep(0.1)
    raise KgError(f"the page did not finish its layout in {timeout:.0f} s", "--png")
