"""Who sees confidential scores: the public view by default, adviser mode only after logging in or an access code.

Public mode is what a presenter shows: labels and validity of named clusters, figures for groups of at least
three clusters, never an individual quality index or area score.  Adviser mode shows everything and is
unlocked per browser session in one of two ways, both configured in ``.streamlit/secrets.toml``
(git-ignored; on a server, the platform's secret store):

1. **Log-in (OIDC)** with ``st.login`` when an ``[auth]`` section configures a provider.  Everyone who logs
   in is an adviser unless ``[clusterviz] advisers`` lists the e-mail addresses that are (case-insensitive)::

       [auth]
       redirect_uri = "https://klynger.example.no/oauth2callback"
       cookie_secret = "..."
       client_id = "..."
       client_secret = "..."
       server_metadata_url = "https://login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration"

       [clusterviz]
       advisers = ["kari@example.no", "ole@example.dk"]

2. **An access code** for simple set-ups: only its hash is stored, made by ``python -m clusterviz hash-code``::

       [clusterviz]
       access_code_hash = "pbkdf2_sha256$600000$<salt, 32 hex digits>$<key, 64 hex digits>"

   The format is ``pbkdf2_sha256$ITERATIONS$SALT_HEX$KEY_HEX``: PBKDF2-HMAC-SHA256 of the UTF-8 code with a
   random 16-byte salt, 32-byte key, compared in constant time (``hmac.compare_digest``).  Failed attempts
   are rate-limited per browser session (5 free attempts, then 60 s, 120 s, 240 s ... up to an hour) and
   per server process (20 free attempts across all sessions, then the same back-off), so opening new
   sessions does not buy more guesses.

Nothing in a link can switch adviser mode on: no query parameter is read here, and the unlocked state lives
only in server-side session state (``st.session_state["adviser"]``, set by ``unlock``; tests may set it
through ``AppTest.session_state``).  The "lock" button returns the session to the public view.

The former developer switch ``CLUSTERVIZ_ADVISER_LOCAL=1`` was removed: Streamlit listens on every network
interface by default, so an environment switch meant for a laptop would open adviser mode to anyone who can
reach a server where it was left on.  For local work, make a code with ``hash-code`` and put its hash in your
own ``.streamlit/secrets.toml``.
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import hmac
import logging
import math
import secrets as token
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

from clusterviz.text.markup import escape_markdown

ADVISER_KEY = "adviser"  # server-side session flag: unlocked with the access code
CODE_KEY = "access_code"  # the password field (cleared after each attempt)
_THROTTLE_KEY = "_cv_access_throttle"
_MESSAGE_KEY = "_cv_access_message"
SCHEME = "pbkdf2_sha256"
ITERATIONS = 600_000  # OWASP 2023 recommendation for PBKDF2-HMAC-SHA256
SALT_BYTES = 16
KEY_BYTES = 32
MIN_CODE_LENGTH = 10

_log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- hashing


def hash_code(code: str, *, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    """The storable hash of an access code: ``pbkdf2_sha256$iterations$salt_hex$key_hex``."""
    if iterations < 1:
        raise ValueError("iterations must be positive")
    salt = token.token_bytes(SALT_BYTES) if salt is None else salt
    key = hashlib.pbkdf2_hmac("sha256", code.encode("utf-8"), salt, iterations, KEY_BYTES)
    return f"{SCHEME}${iterations}${salt.hex()}${key.hex()}"


def parse_hash(encoded: str) -> tuple[int, bytes, bytes]:
    """(iterations, salt, key) of a stored hash; ValueError when it is not in the documented format."""
    parts = str(encoded).strip().split("$")
    if len(parts) != 4 or parts[0] != SCHEME:
        raise ValueError(f"expected {SCHEME}$ITERATIONS$SALT_HEX$KEY_HEX")
    iterations = int(parts[1])
    salt, key = bytes.fromhex(parts[2]), bytes.fromhex(parts[3])
    if iterations < 1 or len(salt) < 8 or len(key) < 16:
        raise ValueError("iterations, salt or key out of range")
    return iterations, salt, key


def verify_code(code: str, encoded: str) -> bool:
    """True when ``code`` matches the stored hash (constant-time comparison); False for a malformed hash."""
    try:
        iterations, salt, key = parse_hash(encoded)
    except ValueError:
        return False
    candidate = hashlib.pbkdf2_hmac("sha256", str(code).encode("utf-8"), salt, iterations, len(key))
    return hmac.compare_digest(candidate, key)


# --------------------------------------------------------------------------- rate limiting


@dataclass
class Throttle:
    """Failed attempts and lock-out for one scope (a session or the whole process).

    ``free_attempts`` failures are allowed; the next failure locks for ``lockout`` seconds, and each
    further failure doubles it up to ``max_lockout``.  Failures older than ``forget_after`` are forgotten.
    """

    free_attempts: int = 5
    lockout: float = 60.0
    max_lockout: float = 3600.0
    forget_after: float = 3600.0
    failures: int = 0
    locked_until: float = 0.0
    last_failure: float = -math.inf

    def retry_after(self, now: float) -> float:
        """Seconds until the next attempt is allowed (0 when it is allowed now)."""
        return max(0.0, self.locked_until - now)

    def attempts_left(self, now: float) -> int:
        if now - self.last_failure > self.forget_after:
            return self.free_attempts
        return max(0, self.free_attempts - self.failures)

    def failed(self, now: float) -> None:
        with _THROTTLE_LOCK:
            if now - self.last_failure > self.forget_after:
                self.failures = 0
            self.failures += 1
            self.last_failure = now
            if self.failures >= self.free_attempts:
                self.locked_until = now + min(self.max_lockout, self.lockout * 2 ** (self.failures - self.free_attempts))

    def succeeded(self) -> None:
        with _THROTTLE_LOCK:
            self.failures, self.locked_until, self.last_failure = 0, 0.0, -math.inf


_THROTTLE_LOCK = threading.Lock()  # sessions run in threads; one lock keeps the counts exact
PROCESS_THROTTLE = Throttle(free_attempts=20)


@dataclass(frozen=True)
class Attempt:
    """The outcome of one try: 'unlocked', 'wrong' (with attempts left) or 'locked' (retry after seconds)."""

    outcome: str
    attempts_left: int = 0
    retry_after: float = 0.0


def try_code(code: str, encoded: str, session: Throttle, process: Throttle | None = None, clock=time.monotonic) -> Attempt:
    """Check one attempt against the session's and the process's throttle; a locked-out attempt is not hashed."""
    process = PROCESS_THROTTLE if process is None else process
    now = clock()
    wait = max(session.retry_after(now), process.retry_after(now))
    if wait > 0:
        return Attempt("locked", retry_after=wait)
    if verify_code(code, encoded):
        session.succeeded()
        process.succeeded()
        return Attempt("unlocked")
    session.failed(now)
    process.failed(now)
    _log.warning("clusterviz: wrong adviser access code (session failures %d, process failures %d)", session.failures, process.failures)
    wait = max(session.retry_after(now), process.retry_after(now))
    if wait > 0:
        return Attempt("locked", retry_after=wait)
    return Attempt("wrong", attempts_left=min(session.attempts_left(now), process.attempts_left(now)))


# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class Config:
    code_hash: str | None = None  # a well-formed access-code hash
    auth: bool = False  # an OIDC provider is configured for st.login
    provider: str | None = None  # the [auth.<name>] section to log in with, None for a bare [auth]
    advisers: tuple[str, ...] = ()  # allowed e-mails (lower case); empty = everyone who logs in
    problem: str | None = None  # a configuration mistake to show the operator

    @property
    def enabled(self) -> bool:
        return bool(self.code_hash or self.auth)


def config_from(secrets: Mapping) -> Config:
    """Read the access settings from a secrets mapping (st.secrets or a plain dict)."""
    section = _mapping(secrets.get("clusterviz"))
    auth = _mapping(secrets.get("auth"))
    problem = None
    code_hash = section.get("access_code_hash")
    if code_hash is not None:
        try:
            parse_hash(code_hash)
        except (ValueError, TypeError):
            problem, code_hash = "access_code_hash", None
    providers = [name for name, value in auth.items() if isinstance(value, Mapping)]
    has_auth = bool(auth) and ("client_id" in auth or bool(providers))
    provider = section.get("login_provider") or (None if "client_id" in auth or not providers else providers[0])
    advisers = section.get("advisers") or ()
    if isinstance(advisers, str):
        advisers = (advisers,)
    return Config(code_hash, has_auth, provider, tuple(str(a).strip().lower() for a in advisers), problem)


def _mapping(value) -> Mapping:
    return value if isinstance(value, Mapping) else {}


def config() -> Config:
    """The access settings of the running app; public-only when there is no secrets file."""
    import streamlit as st

    try:
        return config_from(st.secrets)
    except Exception:  # noqa: BLE001 - no secrets.toml, or one that does not parse: stay public
        return Config()


def allowed(email: str | None, advisers: tuple[str, ...]) -> bool:
    """Whether a logged-in user with this e-mail is an adviser (everyone, when the list is empty)."""
    if not advisers:
        return True
    return email is not None and email.strip().lower() in advisers


# --------------------------------------------------------------------------- the app side


def _logged_in_adviser(cfg: Config) -> str | None:
    """The e-mail of an OIDC-logged-in adviser, else None."""
    import streamlit as st

    if not cfg.auth:
        return None
    try:
        if not st.user.is_logged_in:
            return None
        email = st.user.get("email")
    except Exception:  # noqa: BLE001 - auth not usable in this run
        return None
    email = email if isinstance(email, str) else None
    return (email or "?") if allowed(email, cfg.advisers) else None


def mode() -> str:
    """'adviser' when this session is unlocked (code) or logged in as an adviser (OIDC), else 'public'."""
    import streamlit as st

    if st.session_state.get(ADVISER_KEY) is True:
        return "adviser"
    cfg = config()
    return "adviser" if _logged_in_adviser(cfg) else "public"


def _session_throttle() -> Throttle:
    import streamlit as st

    return st.session_state.setdefault(_THROTTLE_KEY, Throttle())


def submit_code() -> None:
    """Form callback: check the typed code, unlock or record why not; the field is emptied either way."""
    import streamlit as st

    code = st.session_state.get(CODE_KEY) or ""
    st.session_state[CODE_KEY] = ""  # the typed code does not stay in the session
    cfg = config()
    if not code or not cfg.code_hash:
        return
    attempt = try_code(code, cfg.code_hash, _session_throttle())
    if attempt.outcome == "unlocked":
        st.session_state[ADVISER_KEY] = True
        st.session_state[_MESSAGE_KEY] = ("access.unlocked", {})
    elif attempt.outcome == "locked":
        st.session_state[_MESSAGE_KEY] = ("access.locked", {"count": math.ceil(attempt.retry_after)})
    else:
        st.session_state[_MESSAGE_KEY] = ("access.wrong_code", {"count": attempt.attempts_left})


def lock() -> None:
    """Back to the public view (the access-code unlock; an OIDC log-in is ended with st.logout)."""
    import streamlit as st

    st.session_state[ADVISER_KEY] = False
    st.session_state[_MESSAGE_KEY] = ("access.locked_again", {})


def message() -> tuple[str, dict] | None:
    """The outcome of the last attempt in this session, as (catalogue key, values)."""
    import streamlit as st

    return st.session_state.get(_MESSAGE_KEY)


def sidebar(tr) -> None:
    """The small "Adviser access" expander; drawn only when a code hash or a log-in is configured."""
    import streamlit as st

    cfg = config()
    if cfg.problem:
        _log.error("clusterviz: [clusterviz] %s in secrets.toml is not in the documented format", cfg.problem)
    if not cfg.enabled:
        return
    adviser_email = _logged_in_adviser(cfg)
    unlocked = st.session_state.get(ADVISER_KEY) is True
    note = message()
    with st.expander(tr("access.title"), icon=":material/lock_open:" if unlocked or adviser_email else ":material/lock:"):
        st.caption(tr("access.help"))
        if unlocked:
            st.button(tr("access.lock"), key="access_lock", on_click=lock, icon=":material/lock:")
        elif cfg.code_hash:
            with st.form("access_form", clear_on_submit=True, border=False):
                st.text_input(tr("access.code_label"), type="password", key=CODE_KEY, autocomplete="off", max_chars=200)
                st.form_submit_button(tr("access.unlock"), on_click=submit_code, icon=":material/key:")
        if note:
            values: dict | None
            key, values = note
            if key == "access.locked":  # say how long is left now, and nothing once it is over
                wait = max(_session_throttle().retry_after(time.monotonic()), PROCESS_THROTTLE.retry_after(time.monotonic()))
                values = {"count": math.ceil(wait)} if wait > 0 else None
            if values is not None:
                show = st.success if key in ("access.unlocked", "access.locked_again") else st.error
                show(tr(key, **values))
            st.session_state.pop(_MESSAGE_KEY, None)
        if cfg.auth:
            _login_controls(cfg, tr, adviser_email)


def _login_controls(cfg: Config, tr, adviser_email: str | None) -> None:
    import streamlit as st

    try:
        logged_in = bool(st.user.is_logged_in)
        email = st.user.get("email")
    except Exception:  # noqa: BLE001
        logged_in, email = False, None
    if not logged_in:
        if st.button(tr("access.login"), key="access_login", icon=":material/login:"):
            if cfg.provider:
                st.login(cfg.provider)
            else:
                st.login()
        return
    shown = escape_markdown(email or "?")  # from the identity provider; a caption renders Markdown
    st.caption(tr("access.logged_in", email=shown) if adviser_email else tr("access.not_adviser", email=shown))
    if st.button(tr("access.logout"), key="access_logout", icon=":material/logout:"):
        st.logout()


# --------------------------------------------------------------------------- command line


def add_cli(subparsers) -> None:
    p = subparsers.add_parser("hash-code", help="make the access_code_hash for .streamlit/secrets.toml")
    p.add_argument("--stdin", action="store_true", help="read the code from standard input (for scripts)")
    p.add_argument("--iterations", type=int, default=ITERATIONS, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_hash_code)


def cmd_hash_code(args) -> int:
    """Ask for a code (twice, hidden) and print the secrets.toml line with its hash."""
    if args.stdin:
        code = sys.stdin.readline().rstrip("\r\n")
    else:
        code = getpass.getpass("Access code: ")
        if getpass.getpass("Again: ") != code:
            print("error: the two codes differ; nothing was made", file=sys.stderr)
            return 1
    if len(code) < MIN_CODE_LENGTH or code != code.strip():
        print(
            f"error: use at least {MIN_CODE_LENGTH} characters, without spaces at the ends (e.g. {token.token_urlsafe(12)})",
            file=sys.stderr,
        )
        return 1
    print("# Put this in .streamlit/secrets.toml (never in git):")
    print("[clusterviz]")
    print(f'access_code_hash = "{hash_code(code, iterations=args.iterations)}"')
    return 0
