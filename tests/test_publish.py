"""Publishing: deterministic archives per site (`make dist`) and the GitHub Pages workflow."""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path

import pytest
import yaml
from conftest import REPO, build_args

from generator.commands.main import main
from generator.engine import archives as dist

WORKFLOW = REPO / ".github/workflows/publish.yml"
REGIONS = sorted(p.parent.name for p in (REPO / "content/regional").glob("*/region.yml"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist") / "build"
    assert main(build_args(REPO / "content", out)) == 0
    return out


def test_one_archive_per_site_and_the_chooser_unpack_to_the_build(built, tmp_path):
    assert main(["dist", "--build", str(built), "--out", str(tmp_path / "dist"),
                 "--content", str(REPO / "content")]) == 0
    archives = sorted(p.name for p in (tmp_path / "dist").iterdir())
    assert archives == sorted(f"{name}.tar.gz" for name in ["nationell", *REGIONS, "chooser"])
    unpacked = tmp_path / "unpacked"
    for archive in (tmp_path / "dist").iterdir():
        with tarfile.open(archive) as tar:
            tar.extractall(unpacked, filter="data")
    files = {p.relative_to(built).as_posix(): p.read_bytes() for p in built.rglob("*")
             if p.is_file()}
    assert {p.relative_to(unpacked).as_posix(): p.read_bytes() for p in unpacked.rglob("*")
            if p.is_file()} == files


def test_archives_are_deterministic(built, tmp_path):
    first = dist.write_archives(built, tmp_path / "a", ["kronoberg", "chooser"])
    # The same content with other timestamps on disk gives the same bytes.
    for path in built.rglob("*"):
        path.touch()
    second = dist.write_archives(built, tmp_path / "b", ["kronoberg", "chooser"])
    for one, two in zip(first, second, strict=True):
        assert one.read_bytes() == two.read_bytes()
    data = first[0].read_bytes()
    assert data[4:8] == b"\0\0\0\0"  # gzip header: no modification time
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(data))) as tar:
        members = tar.getmembers()
    names = [m.name for m in members]
    assert names[0] == "kronoberg" and "kronoberg/index.html" in names
    files = [m.name for m in members if m.isfile()]
    assert files == sorted(files)
    assert {(m.mtime, m.uid, m.gid, m.uname, m.gname) for m in members} == {(0, 0, 0, "", "")}
    with tarfile.open(first[1]) as tar:
        assert {n.split("/")[0] for n in tar.getnames()} == {"index.html", "static"}


def test_a_site_missing_from_the_build_is_an_error(tmp_path, capsys):
    (tmp_path / "build").mkdir()
    code = main(["dist", "--build", str(tmp_path / "build"), "--out", str(tmp_path / "dist"),
                 "--content", str(REPO / "content"), "--site", "kronoberg"])
    assert code == 1 and "make build" in capsys.readouterr().err
    assert not (tmp_path / "dist/kronoberg.tar.gz").exists()


def test_workflow_builds_every_region_in_its_own_job_and_deploys_to_pages():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = flow.get("on", flow.get(True))  # PyYAML reads a bare `on` as true
    assert "push" in triggers and "workflow_dispatch" in triggers
    jobs = flow["jobs"]
    matrix = jobs["build"]["strategy"]["matrix"]["site"]
    assert matrix == ["nationell", *REGIONS, "chooser"]
    assert len(matrix) == len(set(matrix))
    assert dist.site_names(REPO / "content") == matrix[:-1]

    def uses(job: str) -> list[str]:
        return [step["uses"].split("@")[0] for step in jobs[job]["steps"] if "uses" in step]

    assert "actions/upload-artifact" in uses("build")
    assert jobs["assemble"]["needs"] == "build"
    assert uses("assemble") == ["actions/download-artifact", "actions/upload-pages-artifact"]
    assert jobs["deploy"]["needs"] == "assemble"
    assert uses("deploy") == ["actions/deploy-pages"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    run = "\n".join(step.get("run", "") for step in jobs["build"]["steps"])
    assert "make dist REGION=" in run and "--site chooser" in run
