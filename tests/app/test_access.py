"""Access control: public by default, adviser mode only by log-in or access code, rate-limited, never by link."""

from __future__ import annotations

import io
import re

import pytest

from clusterviz import cli
from clusterviz.app import access
from tests.support.payload import rerun

CODE = "fjord-kvalitet-2017"
FAST_HASH = access.hash_code(CODE, iterations=1000)  # the app reads the iteration count from the hash
PUBLIC = "Public view: labels, validity and figures for groups of at least 3 clusters only"
ADVISER = "Adviser mode: confidential scores are shown"


@pytest.fixture(autouse=True)
def fresh_process_throttle(monkeypatch):
    monkeypatch.setattr(access, "PROCESS_THROTTLE", access.Throttle(free_attempts=20))


class Clock:
    def __init__(self, now: float = 1000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


# --------------------------------------------------------------------------- hashing


def test_hash_format_is_the_documented_one_and_matches_the_pbkdf2_test_vector():
    # RFC 7914 §11 / RFC 6070-style vector for PBKDF2-HMAC-SHA256: "password", "salt", 4096 iterations
    assert access.hash_code("password", iterations=4096, salt=b"salt") == (
        "pbkdf2_sha256$4096$73616c74$c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"
    )
    encoded = access.hash_code(CODE)
    assert re.fullmatch(r"pbkdf2_sha256\$600000\$[0-9a-f]{32}\$[0-9a-f]{64}", encoded)
    assert access.verify_code(CODE, encoded)


def test_verification_accepts_only_the_code():
    assert access.verify_code(CODE, FAST_HASH)
    for wrong in ("", CODE.upper(), CODE + " ", CODE[:-1], "fjord-kvalitet-2016"):
        assert not access.verify_code(wrong, FAST_HASH)
    assert access.hash_code(CODE, iterations=1000) != FAST_HASH, "a fresh salt every time"


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "plain-text-code",
        "pbkdf2_sha256$1000$zz$00",
        "md5$1$00$00",
        "pbkdf2_sha256$0$" + "00" * 16 + "$" + "00" * 32,
        "pbkdf2_sha256$1000$" + "00" * 16,
    ],
)
def test_a_malformed_hash_never_verifies(bad):
    assert not access.verify_code(CODE, bad)
    with pytest.raises(ValueError):
        access.parse_hash(bad)


# --------------------------------------------------------------------------- rate limiting


def test_five_failures_lock_the_session_for_60_seconds_then_doubling():
    clock, session = Clock(), access.Throttle()
    for left in (4, 3, 2, 1):
        assert access.try_code("wrong-code-x", FAST_HASH, session, clock=clock) == access.Attempt("wrong", left)
    fifth = access.try_code("wrong-code-x", FAST_HASH, session, clock=clock)
    assert fifth.outcome == "locked" and fifth.retry_after == 60
    clock.now += 59
    assert access.try_code(CODE, FAST_HASH, session, clock=clock).outcome == "locked", "even the right code waits"
    clock.now += 2
    sixth = access.try_code("wrong-code-x", FAST_HASH, session, clock=clock)
    assert sixth.outcome == "locked" and sixth.retry_after == 120
    clock.now += 121
    seventh = access.try_code("wrong-code-x", FAST_HASH, session, clock=clock)
    assert seventh.retry_after == 240
    clock.now += 241
    assert access.try_code(CODE, FAST_HASH, session, clock=clock).outcome == "unlocked"
    assert session.failures == 0 and session.retry_after(clock.now) == 0


def test_lockout_is_capped_and_old_failures_are_forgotten():
    clock, throttle = Clock(), access.Throttle()
    for _ in range(30):
        throttle.failed(clock.now)
    assert throttle.retry_after(clock.now) == 3600
    clock.now += 3601 + 3600
    assert throttle.attempts_left(clock.now) == 5
    throttle.failed(clock.now)
    assert throttle.failures == 1 and throttle.retry_after(clock.now) == 0


def test_a_locked_attempt_is_not_even_hashed(monkeypatch):
    clock, session = Clock(), access.Throttle(failures=5, locked_until=1060.0)
    calls = []
    monkeypatch.setattr(access, "verify_code", lambda code, encoded: calls.append(code) or True)
    assert access.try_code(CODE, FAST_HASH, session, clock=clock).outcome == "locked"
    assert calls == []


def test_new_sessions_do_not_buy_more_guesses():
    """20 failures across many sessions lock the whole process (all sessions) for a minute."""
    clock, process = Clock(), access.Throttle(free_attempts=20)
    outcomes = [access.try_code(f"guess-{i:06d}", FAST_HASH, access.Throttle(), process, clock=clock).outcome for i in range(20)]
    assert outcomes[:19] == ["wrong"] * 19 and outcomes[19] == "locked"
    attempt = access.try_code(CODE, FAST_HASH, access.Throttle(), process, clock=clock)
    assert attempt.outcome == "locked" and attempt.retry_after == 60
    clock.now += 61
    assert access.try_code(CODE, FAST_HASH, access.Throttle(), process, clock=clock).outcome == "unlocked"


# --------------------------------------------------------------------------- configuration


def test_configuration_from_secrets():
    assert not access.config_from({}).enabled
    cfg = access.config_from({"clusterviz": {"access_code_hash": FAST_HASH}})
    assert cfg.enabled and cfg.code_hash == FAST_HASH and not cfg.auth
    cfg = access.config_from({"clusterviz": {"access_code_hash": "hunter2"}})
    assert not cfg.enabled and cfg.problem == "access_code_hash", "a plain-text code is refused, not compared"
    cfg = access.config_from(
        {"auth": {"redirect_uri": "x", "cookie_secret": "y", "client_id": "z"}, "clusterviz": {"advisers": ["Kari@Example.no"]}}
    )
    assert cfg.auth and cfg.provider is None and cfg.advisers == ("kari@example.no",)
    cfg = access.config_from({"auth": {"redirect_uri": "x", "cookie_secret": "y", "microsoft": {"client_id": "z"}}})
    assert cfg.auth and cfg.provider == "microsoft"
    assert not access.config_from({"auth": {"redirect_uri": "x"}}).auth, "no provider, no log-in"


def test_allow_list():
    assert access.allowed("anyone@example.no", ())
    assert access.allowed(" KARI@example.no ", ("kari@example.no",))
    assert not access.allowed("ole@example.no", ("kari@example.no",))
    assert not access.allowed(None, ("kari@example.no",))


# --------------------------------------------------------------------------- hash-code command


def test_hash_code_command_prints_a_verifiable_secrets_line(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(CODE + "\n"))
    assert cli.main(["hash-code", "--stdin", "--iterations", "1000"]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("access_code_hash"))
    encoded = line.split('"')[1]
    assert "[clusterviz]" in out and access.verify_code(CODE, encoded)
    assert CODE not in out, "the code itself is never printed"


def test_hash_code_command_refuses_short_or_mistyped_codes(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("kort\n"))
    assert cli.main(["hash-code", "--stdin"]) == 1
    assert "at least 10 characters" in capsys.readouterr().err
    answers = iter([CODE, CODE + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert cli.main(["hash-code"]) == 1
    assert "differ" in capsys.readouterr().err


# --------------------------------------------------------------------------- in the app


def submit(at, code: str):
    """Type a code into the adviser-access field and press Unlock."""
    at.sidebar.text_input(key=access.CODE_KEY).input(code)
    next(b for b in at.sidebar.button if b.label == "Unlock").click()
    return rerun(at)


def code_field(at):
    return [w for w in at.sidebar.text_input if w.key == access.CODE_KEY]


def access_boxes(at) -> list:
    return [e for e in at.sidebar.expander if e.label == "Adviser access"]


def unlocked(at) -> bool:
    return access.ADVISER_KEY in at.session_state and at.session_state[access.ADVISER_KEY] is True


def mode_caption(at) -> str:
    return next(c.value for c in at.caption if "Public view" in c.value or "Adviser mode" in c.value)


def sidebar_texts(at) -> list[str]:
    return [e.value for e in (*at.sidebar.error, *at.sidebar.success, *at.sidebar.caption)]


def make_app(app_test, monkeypatch, secrets=None, user=None, **params):
    """app_test with secrets: AppTest installs at.secrets only from its own run, so set them before it."""
    from streamlit.testing.v1 import AppTest

    original = AppTest.from_file

    def with_secrets(*args, **kwargs):
        at = original(*args, **kwargs)
        for key, value in (secrets or {}).items():
            at.secrets[key] = value
        if user is not None:
            at.user = user
        return at

    monkeypatch.setattr(AppTest, "from_file", with_secrets)
    return app_test(lang="en", **params)


def test_public_by_default_and_no_access_box_without_configuration(app_test):
    at = app_test(lang="en")
    assert not at.exception
    assert PUBLIC in mode_caption(at)
    assert not code_field(at) and not access_boxes(at)


def test_wrong_code_stays_public_with_an_error(app_test, monkeypatch):
    at = make_app(app_test, monkeypatch, secrets={"clusterviz": {"access_code_hash": FAST_HASH}})
    assert not at.exception
    field = at.sidebar.text_input(key=access.CODE_KEY)
    assert field.proto.type == field.proto.PASSWORD and field.value == ""
    assert len(access_boxes(at)) == 1

    submit(at, "wrong-code-123")
    assert not at.exception
    assert PUBLIC in mode_caption(at)
    assert "Wrong code. 4 attempts left before a pause." in sidebar_texts(at)
    assert not unlocked(at)
    assert at.sidebar.text_input(key=access.CODE_KEY).value == "", "the field is cleared after each attempt"


def test_right_code_unlocks_adviser_mode_and_lock_returns_to_public(app_test, monkeypatch):
    at = make_app(app_test, monkeypatch, secrets={"clusterviz": {"access_code_hash": FAST_HASH}})
    submit(at, CODE)
    assert not at.exception
    assert ADVISER in mode_caption(at)
    assert "Adviser mode is on for this session." in sidebar_texts(at)
    assert not code_field(at), "no code field while unlocked"

    at.sidebar.button(key="access_lock").click()
    rerun(at)
    assert PUBLIC in mode_caption(at)
    assert code_field(at)


def test_the_sixth_attempt_in_a_session_is_locked_out(app_test, monkeypatch):
    at = make_app(app_test, monkeypatch, secrets={"clusterviz": {"access_code_hash": FAST_HASH}})
    for i in range(5):
        submit(at, f"wrong-code-{i}")
    assert "Too many wrong attempts. Try again in 60 seconds." in sidebar_texts(at)
    submit(at, CODE)
    assert PUBLIC in mode_caption(at), "during the lock-out even the right code is not accepted"
    assert any(t.startswith("Too many wrong attempts") for t in sidebar_texts(at))


@pytest.mark.parametrize(
    "params",
    [
        {"mode": "adviser"},
        {"adviser": "1"},
        {"adviser": "true"},
        {"access_code": CODE},
        {"_cv_access_throttle": "x", "mode": "adviser", "role": "adviser", "embed": "true"},
    ],
)
def test_no_link_switches_adviser_mode_on(app_test, monkeypatch, params):
    at = make_app(app_test, monkeypatch, secrets={"clusterviz": {"access_code_hash": FAST_HASH}}, **params)
    assert not at.exception
    assert PUBLIC in mode_caption(at)
    assert not unlocked(at)
    rerun(at)
    assert PUBLIC in mode_caption(at)


AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "s3cr3t-cookie",
    "client_id": "clusterviz",
    "client_secret": "x",
    "server_metadata_url": "https://login.example.no/.well-known/openid-configuration",
}


def logged_in_as(app_test, monkeypatch, email: str):
    """The app with log-in configured and Kari on the list of advisers, for a user logged in as ``email``."""
    secrets = {"auth": AUTH, "clusterviz": {"advisers": ["kari@example.no"]}}
    return make_app(app_test, monkeypatch, secrets=secrets, user={"is_logged_in": True, "email": email})


def test_logged_in_adviser_on_the_list_gets_adviser_mode(app_test, monkeypatch):
    at = logged_in_as(app_test, monkeypatch, "Kari@example.no")
    assert not at.exception
    assert ADVISER in mode_caption(at)
    assert r"Logged in as an adviser: Kari@example\.no" in sidebar_texts(at)  # Markdown-escaped
    assert at.sidebar.button(key="access_logout")


def test_logged_in_user_not_on_the_list_stays_public(app_test, monkeypatch):
    at = logged_in_as(app_test, monkeypatch, "ole@example.no")
    assert PUBLIC in mode_caption(at)
    assert any(r"ole@example\.no, who is not on the list of advisers" in t for t in sidebar_texts(at))


def test_not_logged_in_sees_a_login_button_and_the_public_view(app_test, monkeypatch):
    at = make_app(app_test, monkeypatch, secrets={"auth": AUTH}, user={"is_logged_in": False})
    assert PUBLIC in mode_caption(at)
    assert at.sidebar.button(key="access_login").label == "Log in as an adviser"
    assert not code_field(at), "no code field when only log-in is configured"


def test_the_developer_environment_switch_is_gone(app_test):
    at = app_test(lang="en", env={"CLUSTERVIZ_ADVISER_LOCAL": "1"})
    assert PUBLIC in mode_caption(at)
    assert not [t for t in at.sidebar.toggle if t.key == "adviser"]
