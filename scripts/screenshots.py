"""The README's screenshots, taken from the demo in zh_CN (run by scripts/screenshots.sh).

Against an Odoo serving a fresh demo database (``screenshots.py URL DB OUT``): sets the
demo staff's language to zh_CN, logs in as each role (JSON-RPC ``/web/session/authenticate``),
opens each main screen in headless Chromium through the DevTools protocol (the session's
cookie, a 1440x900 window, taller for the dashboard, the customer's portal pages as on a
phone, 390x844, Asia/Shanghai) and captures it once the view is drawn, nothing loads and
the network is idle; downloads two printed forms as PDF with the same session and turns
their first page into a PNG with pdftoppm. Every image is quantized to 256 colours.

A screen that does not load (an error dialog, the login page, its view not drawn within
TIMEOUT seconds) fails the run with its name; an empty list does not. The images replace
those of OUT only when every one was taken.
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import requests
import websocket
from PIL import Image, ImageOps

WIDTH, HEIGHT = 1440, 900
PHONE = (390, 844)  # the customer's side (/my), as on a phone
PRINT_DPI = 100  # the printed forms' first page: an A4 page 827 px wide, its text legible
TIMEOUT = 60  # seconds for a screen to load (the first: ~20 s, Odoo builds its assets)
QUIET = 0.5  # seconds without a network request before a screen counts as loaded
LANG = "zh_CN"
TZ = "Asia/Shanghai"
#: the demo dealer's staff (populate/demo.py, demo/*.xml); the password is the login
STAFF = ("manager.sun", "agent.zhou", "agent.wu", "advisor.zhao", "advisor.wang", "advisor.li")
#: the demo's portal customer (demo/fleet_aftersales_demo.xml), password = login
CUSTOMER = "customer.chen"
ACTION = "/odoo/action-fleet_aftersales.fleet_aftersales_"
APP = "/odoo?menu_id={menu}"  # the After-Sales app, as its icon opens it


class Screen(NamedTuple):
    """A screen to capture as ``file``.png: ``login`` opens ``path`` (where {callback},
    {customer}, {complaint} are the records RECORDS finds, {menu} the app's menu) in a
    window ``height`` pixels high (and ``width`` wide: 390 a phone's, drawn as a mobile
    device), waits for ``selector`` to be drawn, clicks on each
    selector of ``click`` in turn if given, scrolls ``scroll`` to the top of the window if
    given, and lets charts settle for ``settle`` seconds; ``width`` wide, as a phone
    (touch, mobile viewport) if ``phone``."""

    file: str
    login: str
    path: str
    selector: str
    click: tuple[str, ...] = ()
    scroll: str | None = None
    settle: float = 0
    height: int = HEIGHT
    width: int = WIDTH
    phone: bool = False


SCREENS = [
    # the app's landing pages (its menu opens where each role's day starts)
    # taller: every chart down to the complaint aging
    Screen("dashboard", "manager.sun", APP, ".o_fleet_aftersales_dashboard", settle=2, height=1600),
    Screen("calls_today", "agent.zhou", APP, ".o_list_view"),
    Screen("callback_form", "agent.zhou", ACTION + "callback_action/{callback}", ".o_form_view"),
    Screen("complaint_kanban", "manager.sun", ACTION + "complaint_action", ".o_kanban_view"),
    Screen(
        "customer_form",
        "manager.sun",
        ACTION + "customer_action/{customer}",
        ".o_form_view",
        # the archive's page; its cars and visits are the smart buttons at the top
        click=(".o_notebook_headers a[name='aftersales']",),
    ),
    Screen(
        "bookings_calendar",
        "advisor.zhao",
        ACTION + "appointment_action",
        ".o_calendar_view",
        # the week around today (the view opens on the day)
        click=(".o_view_scale_selector .scale_button_selection", ".o_scale_button_week"),
    ),
    Screen("visits_list", "manager.sun", ACTION + "visit_action", ".o_list_view"),
    # the customer's own side, on a phone: a car with its service history, the complaints
    Screen(
        "portal_vehicle",
        CUSTOMER,
        "/my/vehicles/{portal_vehicle}",
        ".o_fleet_aftersales_portal_car",
        width=PHONE[0],
        height=PHONE[1],
        phone=True,
    ),
    Screen(
        "portal_complaints",
        CUSTOMER,
        "/my/complaints",
        ".o_fleet_aftersales_portal_complaint",
        width=PHONE[0],
        height=PHONE[1],
        phone=True,
    ),
    # the survey link the customer receives, opened on a phone (no login)
    Screen(
        "survey_phone",
        "",
        "{survey_url}",
        ".o_aftersales_survey .o_survey_form",
        width=PHONE[0],
        height=PHONE[1],
        phone=True,
    ),
    Screen(
        "portal_booking_phone",
        CUSTOMER,
        "/my/appointments/new",
        ".o_appointment_book_form",
        width=PHONE[0],
        height=PHONE[1],
        phone=True,
    ),
]
#: (file, login, report name, record): the first page of a printed form
PRINTS = [
    ("print_customer_archive", "manager.sun", "report_customer_archive", "customer"),
    ("print_complaint", "manager.sun", "report_complaint", "complaint"),
]
#: record -> (login, model, domains from the best to any, fields to rank the matches by)
RECORDS = {
    "callback": (
        "agent.zhou",
        "fleet.aftersales.callback",
        [[("state", "=", "done"), ("answer_ids", "!=", False)], []],
        ["answer_ids"],
    ),
    "customer": (
        "manager.sun",
        "res.partner",
        [[("vehicle_ids", "!=", False), ("visit_ids", "!=", False)]],
        ["vehicle_ids", "visit_ids"],
    ),
    "complaint": (
        "manager.sun",
        "fleet.aftersales.complaint",
        [[("state", "=", "resolved")], [("state", "in", ("in_progress", "closed"))], []],
        [],
    ),
    # as the customer: her car with the longest service history
    "portal_vehicle": (
        CUSTOMER,
        "fleet.vehicle",
        [[("visit_ids", "!=", False)], []],
        ["visit_ids"],
    ),
}
#: the page's state: "ready", "loading", or "error: <what the user sees>"
READY_JS = """(() => {
    const q = (s) => document.querySelector(s);
    const error = q('.o_error_dialog, .o_dialog .o_error_detail');
    if (error) return 'error: ' + error.closest('.modal-content, .o_dialog').innerText.replace(/\\s+/g, ' ').slice(0, 400);
    if (q('.oe_login_form')) return 'error: the login page (the session was refused)';
    if (document.readyState !== 'complete' || q('.o_loading_indicator, .o_blockUI')) return 'loading';
    return q(%s) ? 'ready' : 'loading';
})()"""

#: a click on, a scroll to (with its heading) the element of a selector; false if none
GESTURE_JS = {
    "click": "(() => { const e = document.querySelector(%s); if (e) e.click(); return !!e; })()",
    "scroll": """(() => {
        const e = document.querySelector(%s);
        if (!e) return false;
        e.scrollIntoView({block: 'start'});
        let box = e.parentElement;
        while (box && box.scrollHeight <= box.clientHeight) box = box.parentElement;
        if (box) box.scrollTop -= 60;
        return true;
    })()""",
}


class ScreenError(Exception):
    """A screen or a form that could not be captured."""


class Odoo:
    """JSON-RPC sessions on the demo database, one per login."""

    def __init__(self, url, db):
        self.url, self.db, self.sessions = url, db, {}

    def session(self, login, password=None):
        if login not in self.sessions:
            http = requests.Session()
            params = {"db": self.db, "login": login, "password": password or login}
            result = self._post(http, "/web/session/authenticate", params, login)
            if not result.get("uid"):
                raise ScreenError(f"{login} could not log in to {self.db}")
            self.sessions[login] = http
        return self.sessions[login]

    def call(self, login, model, method, *args, **kwargs):
        params = {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
        return self._post(
            self.session(login), f"/web/dataset/call_kw/{model}/{method}", params, login
        )

    def _post(self, http, path, params, login):
        payload = {"jsonrpc": "2.0", "method": "call", "params": params}
        reply = http.post(self.url + path, json=payload, timeout=TIMEOUT).json()
        if "error" in reply:
            data = reply["error"].get("data", {})
            raise ScreenError(f"{path} as {login}: {data.get('message') or reply['error']}")
        return reply["result"]

    def cookie(self, login):
        return self.session(login).cookies["session_id"]


class Chrome:
    """A headless Chromium driven through the DevTools protocol over its websocket."""

    def __init__(self, profile):
        args = [
            shutil.which("chromium") or "chromium",
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            "--hide-scrollbars",
            "--mute-audio",
            "--lang=zh-CN",
            f"--window-size={WIDTH},{HEIGHT}",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "about:blank",
        ]
        # the browser's clock is the dealer's: Odoo's web client shows dates in it
        env = dict(os.environ, TZ=TZ)
        self.proc = subprocess.Popen(
            args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        port = self._devtools_port(Path(profile) / "DevToolsActivePort")
        pages = requests.get(f"http://127.0.0.1:{port}/json/list", timeout=10).json()
        ws_url = next(p["webSocketDebuggerUrl"] for p in pages if p["type"] == "page")
        self.ws = websocket.create_connection(ws_url, timeout=TIMEOUT, suppress_origin=True)
        self.last_id, self.requests, self.last_activity = 0, {}, time.monotonic()
        for domain in ("Page", "Network", "Runtime"):
            self.call(f"{domain}.enable")
        self.resize(WIDTH, HEIGHT)

    def resize(self, width, height, phone=False):
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=phone,
        )
        self.call("Emulation.setTouchEmulationEnabled", enabled=phone)

    def _devtools_port(self, path):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ScreenError(f"chromium exited at start (code {self.proc.returncode})")
            if path.exists() and path.read_text().strip():
                return int(path.read_text().split()[0])
            time.sleep(0.1)
        raise ScreenError("chromium did not open its DevTools port within 30 s")

    def call(self, method, **params):
        """Send a command; the events received meanwhile keep count of the network."""
        self.last_id += 1
        self.ws.send(json.dumps({"id": self.last_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.last_id:
                if "error" in message:
                    raise ScreenError(f"{method}: {message['error'].get('message')}")
                return message.get("result", {})
            self._event(message)

    def _event(self, message):
        method, params = message.get("method", ""), message.get("params", {})
        if method == "Network.requestWillBeSent":
            self.requests[params["requestId"]] = time.monotonic()
        elif method in ("Network.loadingFinished", "Network.loadingFailed"):
            self.requests.pop(params["requestId"], None)
        else:
            return
        self.last_activity = time.monotonic()

    def network_idle(self):
        # a request pending for over 10 s is a long-lived one, not the page loading
        now = time.monotonic()
        pending = [t for t in self.requests.values() if now - t < 10]
        return not pending and now - self.last_activity >= QUIET

    def login(self, base_url, session_id):
        """The session of a login, or none (a public page: ``session_id`` empty)."""
        self.call("Network.clearBrowserCookies")
        if session_id:
            self.call("Network.setCookie", name="session_id", value=session_id, url=base_url)

    def capture(self, url, screen):
        """Open ``url``; the PNG of the window once the screen is drawn and all is idle."""
        self.requests.clear()
        self.resize(screen.width, screen.height, screen.phone)
        self.call("Page.navigate", url=url)
        self.wait(screen.selector)
        gestures = [("click", selector) for selector in screen.click]
        gestures += [("scroll", screen.scroll)] if screen.scroll else []
        for action, selector in gestures:
            if not self.evaluate(GESTURE_JS[action] % json.dumps(selector)):
                raise ScreenError(f"nothing to {action} at {selector}")
            time.sleep(0.5)  # what it opens is drawn at the next frames
            self.wait(screen.selector)
        time.sleep(screen.settle)
        return base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])

    def evaluate(self, expression):
        reply = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return reply.get("result", {}).get("value")

    def wait(self, selector):
        """Until ``selector`` is drawn, nothing loads and the network is idle."""
        expression = READY_JS % json.dumps(selector)
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            state = self.evaluate(expression) or "loading"
            if state.startswith("error"):
                raise ScreenError(state)
            if state == "ready" and self.network_idle():
                return
            time.sleep(0.2)
        raise ScreenError(f"{selector} not drawn (or the network not idle) after {TIMEOUT} s")

    def close(self):
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=10)


def wait_for_server(url):
    """Wait for Odoo to answer (it was just started in the background)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/web/health", timeout=5).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    raise ScreenError(f"Odoo does not answer on {url} after {TIMEOUT} s")


def prepare(odoo, url):
    """The staff and the portal customer in zh_CN; the printed forms fetch their styles
    from this server."""
    odoo.session("admin", "admin")  # the demo's administrator (README)
    users = odoo.call("admin", "res.users", "search", [("login", "in", (*STAFF, CUSTOMER))])
    odoo.call("admin", "res.users", "write", users, {"lang": LANG})
    odoo.call("admin", "ir.config_parameter", "set_param", "report.url", url)


def find_records(odoo):
    """The demo records the screens show: for each, the best match of the first domain
    that matches any (the most values in the ranking fields)."""
    found = {}
    for key, (login, model, domains, rank) in RECORDS.items():
        for domain in domains:
            rows = odoo.call(login, model, "search_read", domain, ["id", *rank], order="id")
            if rows:
                found[key] = max(rows, key=lambda r: sum(len(r[f]) for f in rank))["id"]
                break
        else:
            raise ScreenError(f"no {model} in the demo for the screens that show a {key}")
    # the link of the survey the demo sent this morning, as the customer received it
    survey = odoo.call(
        "agent.zhou", "fleet.aftersales.callback", "search", [("survey_state", "=", "sent")]
    )
    if not survey:
        raise ScreenError("no survey link sent in the demo for the screen of the survey page")
    found["survey_url"] = odoo.call(
        "agent.zhou", "fleet.aftersales.callback", "get_portal_url", survey[:1]
    )
    menu = [("module", "=", "fleet_aftersales"), ("name", "=", "fleet_aftersales_menu_root")]
    found["menu"] = odoo.call("admin", "ir.model.data", "search_read", menu, ["res_id"])[0][
        "res_id"
    ]
    return found


def trim_page(path, margin=20):
    """The page down to its last printed line (and a margin): no blank half page."""
    with Image.open(path) as image:
        page = image.convert("RGB")
    box = ImageOps.invert(page).getbbox()
    if box:
        page.crop((0, 0, page.width, min(page.height, box[3] + margin))).save(path)


def optimise(path):
    """256 colours without dithering: a screen's flat colours survive, the file shrinks."""
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(256, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def take_screens(odoo, url, records, out):
    profile = tempfile.mkdtemp(prefix="fa-chromium-")
    chrome = Chrome(profile)
    try:
        for screen in SCREENS:
            chrome.login(url, screen.login and odoo.cookie(screen.login))
            target = url + screen.path.format(**records)
            start = time.monotonic()
            try:
                png = chrome.capture(target, screen)
            except ScreenError as error:
                raise ScreenError(
                    f"screen {screen.file} ({screen.login}, {target}): {error}"
                ) from error
            (out / f"{screen.file}.png").write_bytes(png)
            optimise(out / f"{screen.file}.png")
            took = time.monotonic() - start
            print(f"  {screen.file}.png  ({screen.login}, {took:.1f} s)", flush=True)
    finally:
        chrome.close()
        shutil.rmtree(profile, ignore_errors=True)


def take_prints(odoo, url, records, out):
    for name, login, report, record in PRINTS:
        target = f"{url}/report/pdf/fleet_aftersales.{report}/{records[record]}"
        reply = odoo.session(login).get(target, timeout=5 * TIMEOUT)
        if not reply.headers.get("Content-Type", "").startswith("application/pdf"):
            raise ScreenError(f"form {name} ({target}): no PDF but {reply.text[:400]!r}")
        pdf = out / f"{name}.pdf"
        pdf.write_bytes(reply.content)
        cmd = ["pdftoppm", "-png", "-r", str(PRINT_DPI), "-f", "1", "-l", "1", "-singlefile"]
        subprocess.run([*cmd, str(pdf), str(out / name)], check=True)
        pdf.unlink()
        trim_page(out / f"{name}.png")
        optimise(out / f"{name}.png")
        print(f"  {name}.png  ({login}, first page)", flush=True)


def main(url, db, out):
    out = Path(out)
    wait_for_server(url)
    odoo = Odoo(url, db)
    prepare(odoo, url)
    records = find_records(odoo)
    work = Path(tempfile.mkdtemp(prefix="fa-shots-"))
    try:
        take_screens(odoo, url, records, work)
        take_prints(odoo, url, records, work)
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("*.png"):
            old.unlink()
        for new in sorted(work.glob("*.png")):
            shutil.move(str(new), out / new.name)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    sizes = {p.name: p.stat().st_size for p in sorted(out.glob("*.png"))}
    for name, size in sizes.items():
        print(f"  {size / 1024:6.0f} KB  {name}")
    print(f"  {sum(sizes.values()) / 1024:6.0f} KB  in all, in {out}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: screenshots.py URL DB OUT")
    try:
        main(*sys.argv[1:])
    except ScreenError as error:
        sys.exit(f"screenshots: {error}")
