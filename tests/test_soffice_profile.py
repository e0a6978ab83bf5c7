"""The profile soffice starts in: seeded so that LibreOffice skips its start-up graphics tests and,
with the extensions folder kept from an earlier profile, its first-start registration of extensions."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from kkdocs.pdf import soffice_profile
from kkdocs.pdf.conversion import ConversionJob
from kkdocs.pdf.libreoffice import LibreOfficePool
from kkdocs.pdf.soffice_profile import (EXTENSIONS, forget_extensions, installation, keep_extensions, kept_extensions,
                                        new_profile, seed_profile)

REAL_SOFFICE = shutil.which("soffice")


def fake_installation(root: Path, version: str) -> Path:
    """An installation's layout: program/soffice, and share/registry/main.xcd declaring `version`."""
    program = root / "program" / "soffice"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\n")
    registry = root / "share" / "registry"
    registry.mkdir(parents=True)
    (registry / "main.xcd").write_text(
        '<oor:data><prop oor:name="ooSetupVersionAboutBox"><value>9.9.9.9</value></prop>'
        f'<prop oor:name="ooSetupVersion">\n        <value>{version}</value>\n      </prop></oor:data>')
    return program


def test_the_version_is_read_where_the_installation_declares_it(tmp_path):
    program = fake_installation(tmp_path / "libreoffice", "24.2")
    link = tmp_path / "bin" / "soffice"
    link.parent.mkdir()
    link.symlink_to(program)

    found = installation(str(program))
    assert found.version == "24.2"
    assert found.stamp == (tmp_path / "libreoffice" / "share" / "registry" / "main.xcd").stat().st_mtime_ns
    assert installation(str(link)) == found  # /usr/bin/soffice links into the installation


def test_a_wrapper_outside_an_installation_takes_the_version_of_the_soffice_on_path(tmp_path, monkeypatch):
    on_path = fake_installation(tmp_path / "libreoffice", "7.6")
    wrapper = tmp_path / "wrapper" / "soffice-logged"
    wrapper.parent.mkdir()
    wrapper.write_text("#!/bin/sh\n")
    monkeypatch.setattr(soffice_profile.shutil, "which", lambda name: str(on_path))
    assert installation(str(wrapper)).version == "7.6"

    monkeypatch.setattr(soffice_profile.shutil, "which", lambda name: None)
    assert installation(str(wrapper)) is None


def test_a_profile_is_seeded_only_with_a_version(tmp_path):
    seed_profile(tmp_path / "none", None)
    assert not (tmp_path / "none").exists()

    seed_profile(tmp_path / "seeded", "7.4")
    settings = (tmp_path / "seeded" / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
    assert re.search(r'oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" '
                     r'oor:op="fuse"><value>7\.4</value>', settings)


def a_used_profile(root: Path, buildid: str) -> Path:
    """A profile as soffice leaves it: settings, and the extensions it registered at its first start."""
    seed_profile(root, "7.4")
    for name, text in (("buildid", buildid), ("bundled/lastsynchronized", "1"), ("shared/lastsynchronized", "1")):
        (root / EXTENSIONS / name).parent.mkdir(parents=True, exist_ok=True)
        (root / EXTENSIONS / name).write_text(text)
    return root


def test_a_new_profile_begins_with_the_extensions_kept_for_its_installation(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    found = installation(str(fake_installation(tmp_path / "libreoffice", "7.4")))
    new_profile(tmp_path / "first", found)
    assert not (tmp_path / "first" / EXTENSIONS).exists()  # nothing kept yet: soffice registers them

    keep_extensions(a_used_profile(tmp_path / "used", "40(Build:2)"), found)
    keep_extensions(a_used_profile(tmp_path / "later", "41(Build:1)"), found)  # one is kept: the first stays
    new_profile(tmp_path / "second", found)

    assert kept_extensions(found).is_relative_to(tmp_path / "cache" / "kkdocs")
    assert (tmp_path / "second" / EXTENSIONS / "buildid").read_text() == "40(Build:2)"
    assert (tmp_path / "second" / EXTENSIONS / "bundled" / "lastsynchronized").is_file()
    assert "ooSetupLastVersion" in (tmp_path / "second" / "user" / "registrymodifications.xcu").read_text()
    assert [p.name for p in kept_extensions(found).parent.iterdir()] == ["extensions"]  # no scratch left

    updated = fake_installation(tmp_path / "updated", "7.4")
    declared = tmp_path / "updated" / "share" / "registry" / "main.xcd"
    os.utime(declared, ns=(found.stamp + 10**9, found.stamp + 10**9))  # the same version, installed later
    new_profile(tmp_path / "updated-profile", installation(str(updated)))
    assert not (tmp_path / "updated-profile" / EXTENSIONS).exists()

    forget_extensions(found)
    new_profile(tmp_path / "third", found)
    assert not (tmp_path / "third" / EXTENSIONS).exists()


def test_a_cache_that_cannot_be_written_only_means_new_profiles(tmp_path, monkeypatch):
    (tmp_path / "cache").write_text("a file, not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    found = installation(str(fake_installation(tmp_path / "libreoffice", "7.4")))

    keep_extensions(a_used_profile(tmp_path / "used", "40(Build:2)"), found)
    new_profile(tmp_path / "new", found)

    assert not (tmp_path / "new" / EXTENSIONS).exists()
    assert (tmp_path / "new" / "user" / "registrymodifications.xcu").is_file()
    assert kept_extensions(None) is None  # an installation that is not found keeps nothing


@pytest.mark.libreoffice
def test_a_pool_keeps_the_extensions_of_a_clean_start_for_the_next_pool(tmp_path, monkeypatch):
    if not REAL_SOFFICE:
        pytest.skip("LibreOffice er ikke installeret")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    document = Document()
    document.add_paragraph("Budgetnotat om udvidelserne")
    document.save(tmp_path / "notat.docx")

    with LibreOfficePool(workers=1, timeout=120) as pool:
        [first] = pool.convert([ConversionJob(tmp_path / "notat.docx", tmp_path / "first.pdf")])
        kept = kept_extensions(pool.installation)
        registered = sorted(p.relative_to(kept) for p in kept.rglob("*")) if kept.is_dir() else []
    with LibreOfficePool(workers=1, timeout=120) as pool:
        profile = pool._profile(0)
        begun_with = sorted(p.relative_to(profile / EXTENSIONS) for p in (profile / EXTENSIONS).rglob("*"))
        [second] = pool.convert([ConversionJob(tmp_path / "notat.docx", tmp_path / "second.pdf")])

    assert first.ok and second.ok, (first.error, second.error)
    assert Path("buildid") in registered and Path("bundled") in registered
    assert begun_with == registered  # before its soffice started


def test_a_soffice_that_hangs_makes_the_pool_forget_the_kept_extensions(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    on_path = fake_installation(tmp_path / "lo", "7.4")
    monkeypatch.setattr(soffice_profile.shutil, "which", lambda name: str(on_path))
    hanging = tmp_path / "soffice"  # a wrapper outside the installation: the one on PATH is its
    hanging.write_text(f"#!/bin/sh\nexec sleep 1000.{os.getpid()}\n")
    hanging.chmod(0o755)
    keep_extensions(a_used_profile(tmp_path / "used", "40(Build:2)"), installation(str(hanging)))
    kept = kept_extensions(installation(str(hanging)))
    document = Document()
    document.add_paragraph("Hænger")
    document.save(tmp_path / "notat.docx")

    with LibreOfficePool(workers=1, timeout=1.0, soffice=str(hanging)) as pool:
        profile = pool._profile(0)
        begun_with = (profile / EXTENSIONS / "buildid").read_text()
        [result] = pool.convert([ConversionJob(tmp_path / "notat.docx", tmp_path / "notat.pdf")])

    assert begun_with == "40(Build:2)"
    assert not result.ok and "gik i stå" in result.error
    assert not kept.exists()


@pytest.mark.libreoffice
def test_soffice_in_a_pool_profile_skips_its_graphics_tests_and_keeps_the_setting(tmp_path):
    if not REAL_SOFFICE:
        pytest.skip("LibreOffice er ikke installeret")
    said = subprocess.run([REAL_SOFFICE, "--version"], capture_output=True, text=True, check=True).stdout
    version = re.search(r"(\d+)\.(\d+)", said)
    document = Document()
    document.add_paragraph("Budgetnotat om profilen")
    document.save(tmp_path / "notat.docx")
    with LibreOfficePool(workers=1, timeout=120) as pool:
        [result] = pool.convert([ConversionJob(tmp_path / "notat.docx", tmp_path / "notat.pdf")])
        user = pool._profile(0) / "user"
        settings = (user / "registrymodifications.xcu").read_text(encoding="utf-8")
        ran_tests = (user / "GraphicsRenderTests.log").exists()  # what LibreOffice writes when it runs them

    assert result.ok, result.error
    assert f'oor:name="ooSetupLastVersion" oor:op="fuse"><value>{version[1]}.{version[2]}</value>' in settings
    assert 'oor:name="ooSetupInstCompleted"' in settings  # soffice wrote its own settings beside the seed
    assert not ran_tests


def test_every_new_profile_is_closed_to_links_and_macros(tmp_path, monkeypatch):
    """Known installation or not, soffice blocks what documents link to, never updates links and runs no macro."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for name, found in (("unknown", None), ("known", installation(str(fake_installation(tmp_path / "lo", "7.4"))))):
        new_profile(tmp_path / name, found)
        settings = (tmp_path / name / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
        for path, setting, value in (("Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
                                     ("Common/Security/Scripting", "DisableMacrosExecution", "true"),
                                     ("Writer/Content/Update", "Link", "0"), ("Calc/Content/Update", "Link", "1")):
            assert (f'oor:path="/org.openoffice.Office.{path}"><prop oor:name="{setting}" oor:op="fuse">'
                    f"<value>{value}</value>") in settings
        assert ("ooSetupLastVersion" in settings) == (found is not None)
