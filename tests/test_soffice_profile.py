"""The profile soffice starts in: seeded so that LibreOffice skips its start-up graphics tests."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from kkdocs.pdf import soffice_profile
from kkdocs.pdf.conversion import ConversionJob
from kkdocs.pdf.libreoffice import LibreOfficePool
from kkdocs.pdf.soffice_profile import installed_version, seed_profile

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

    assert installed_version(str(program)) == "24.2"
    assert installed_version(str(link)) == "24.2"  # /usr/bin/soffice links into the installation


def test_a_wrapper_outside_an_installation_takes_the_version_of_the_soffice_on_path(tmp_path, monkeypatch):
    on_path = fake_installation(tmp_path / "libreoffice", "7.6")
    wrapper = tmp_path / "wrapper" / "soffice-logged"
    wrapper.parent.mkdir()
    wrapper.write_text("#!/bin/sh\n")
    monkeypatch.setattr(soffice_profile.shutil, "which", lambda name: str(on_path))
    assert installed_version(str(wrapper)) == "7.6"

    monkeypatch.setattr(soffice_profile.shutil, "which", lambda name: None)
    assert installed_version(str(tmp_path / "wrapper" / "other")) is None


def test_a_profile_is_seeded_only_with_a_version(tmp_path):
    seed_profile(tmp_path / "none", None)
    assert not (tmp_path / "none").exists()

    seed_profile(tmp_path / "seeded", "7.4")
    settings = (tmp_path / "seeded" / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
    assert re.search(r'oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" '
                     r'oor:op="fuse"><value>7\.4</value>', settings)


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
