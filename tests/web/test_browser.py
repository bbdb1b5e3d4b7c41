"""The register in a real headless Chromium (Debian's chromium and chromium-driver, driven by
Selenium), through ``peksos serve`` run by the installed executable: search and open a
member; verify a pasted genuine, an altered and a revoked credential, and an uploaded printed
PDF; bulk check and download; apply, then approve through the CLI and find the new member;
switch language. Pages are shot at 375 and 1280 pixels wide into ``PEKSOS_ARTIFACTS`` (CI
keeps them), and axe-core (``PEKSOS_AXE``: its ``axe.min.js``, from npm) checks each one for
serious or critical accessibility violations.

Skipped where Chromium is not installed, unless ``PEKSOS_REQUIRE_BROWSER=1`` (CI sets it;
then a missing axe-core fails too)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.cli.test_e2e import PEKSOS, Peksos
from tests.web.conftest import SITI, WAHYU
from tests.web.test_verify import altered

pytestmark = pytest.mark.e2e

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
REQUIRED = os.environ.get("PEKSOS_REQUIRE_BROWSER") == "1"
if not (CHROMIUM and DRIVER):
    if REQUIRED:
        raise RuntimeError("PEKSOS_REQUIRE_BROWSER=1 but chromium or chromedriver is missing")
    pytest.skip("chromium and chromium-driver are not installed", allow_module_level=True)
LSP = "Bambang Wibisono"
AXE = Path(os.environ.get("PEKSOS_AXE", "node_modules/axe-core/axe.min.js"))
if REQUIRED and not AXE.is_file():
    raise RuntimeError(f"PEKSOS_REQUIRE_BROWSER=1 but axe-core is not at {AXE} (PEKSOS_AXE)")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(demo_ledger: Peksos) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [PEKSOS, "serve", "--port", str(port), "--workers", "2"],  # a form crosses workers
        env=demo_ledger.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(url + "/", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise AssertionError("peksos serve did not answer")
        yield url
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
        assert "Traceback" not in stderr, stderr


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def shoot(browser: WebDriver, name: str) -> None:
    """The page at a phone's width and a desktop's, kept as CI artifacts."""
    folder = Path(os.environ.get("PEKSOS_ARTIFACTS", "artifacts")) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        browser.set_window_size(width, 900)
        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.set_window_size(width, max(900, int(height)))
        assert browser.get_screenshot_as_file(str(folder / f"{name}-{width}.png"))
        # nothing wider than the window: usable on a phone without scrolling sideways
        wide = browser.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth"
        )
        assert wide <= 0, f"{name} at {width}px is {wide}px too wide"
    accessible(browser, name)


def accessible(browser: WebDriver, name: str) -> None:
    """axe-core's WCAG 2 A and AA rules find no serious or critical violation on the page."""
    if not AXE.is_file():
        return  # not required here (CI requires it, above)
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    found = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
        ".then(r => done(r.violations), e => done([{id: 'axe failed', impact: 'critical',"
        " help: String(e), nodes: []}]));"
    )
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, f"{name}: {serious}"


def test_search_and_open_a_member(server: str, browser: WebDriver) -> None:
    browser.get(server + "/")
    shoot(browser, "search")
    box = browser.find_element(By.ID, "q")
    box.send_keys("wahyu")
    box.submit()
    link = WebDriverWait(browser, 20).until(
        expected_conditions.presence_of_element_located(
            (By.CSS_SELECTOR, f'a[href="/members/{WAHYU}"]')
        )
    )
    assert link.text == "Wahyu Nugroho"
    shoot(browser, "found")
    link.click()
    WebDriverWait(browser, 20).until(expected_conditions.title_contains("Wahyu Nugroho"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Wahyu Nugroho"
    assert "dicabut" in browser.page_source  # the STR revoked on 1 Juni 2022
    assert "1 Juni 2022" in browser.page_source
    shoot(browser, "member")


def test_the_english_switch(server: str, browser: WebDriver) -> None:
    browser.get(f"{server}/members/{SITI}")
    browser.find_element(By.CSS_SELECTOR, 'a[hreflang="en"]').click()
    in_language(browser, "en")
    assert "Certificates" in browser.page_source and "2010-03-01" in browser.page_source
    browser.get(f"{server}/members/{SITI}")  # the choice is kept
    assert "Certificates" in browser.page_source
    browser.find_element(By.CSS_SELECTOR, 'a[hreflang="id"]').click()
    in_language(browser, "id")
    assert "Sertifikat" in browser.page_source


def in_language(browser: WebDriver, lang: str) -> None:
    """Wait for the page in ``lang`` to have loaded."""
    WebDriverWait(browser, 20).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, f'html[lang="{lang}"]'))
    )


def paste(browser: WebDriver, server: str, token: str) -> str:
    browser.get(server + "/verify")
    area = browser.find_element(By.ID, "credential")
    browser.execute_script("arguments[0].value = arguments[1]", area, token)
    browser.find_element(By.CSS_SELECTOR, "form button").click()
    return verdict_of(browser)


def verdict_of(browser: WebDriver) -> str:
    verdict = WebDriverWait(browser, 20).until(  # the answer's page, once it has loaded
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "section.verdict h2"))
    )
    return str(verdict.text)


def test_upload_the_printed_pdf_and_see_it_verified(
    server: str, browser: WebDriver, demo_ledger: Peksos, tmp_path: Path
) -> None:
    _reg, number, _token = demo_ledger.certified  # type: ignore[attr-defined]
    pdf = tmp_path / "certificate.pdf"
    printed = demo_ledger("--as", LSP, "certificate", "print", number, "--out", str(pdf))
    assert printed.returncode == 0, printed.stderr
    browser.get(server + "/verify")
    browser.find_element(By.ID, "upload").send_keys(str(pdf))
    browser.find_element(By.CSS_SELECTOR, "form button").click()
    assert verdict_of(browser) == "Asli dan berlaku"
    assert number in browser.page_source
    shoot(browser, "verified-upload")


def test_bulk_check_and_download(server: str, browser: WebDriver, downloads: Path) -> None:
    browser.get(server + "/bulk")
    browser.find_element(By.ID, "numbers").send_keys(f"{SITI}\nSTR-2021-00002\n99-2010-00001")
    browser.find_element(By.CSS_SELECTOR, "form button:not([name])").click()
    rows = WebDriverWait(browser, 20).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, "table.bulk tbody tr")
    )
    assert len(rows) == 3
    assert "Siti Aminah" in rows[0].text and "tidak ada di register" in rows[2].text
    shoot(browser, "bulk")
    browser.find_element(By.CSS_SELECTOR, 'button[value="csv"]').click()
    for _ in range(100):
        done = [p for p in downloads.glob("bulk-check*.csv")]
        if done:
            break
        time.sleep(0.1)
    assert done, "the CSV was not downloaded"
    text = done[0].read_bytes().decode("utf-8")
    assert text.startswith("\ufeffnumber;found;") and SITI in text


def test_apply_then_approve_through_the_cli_and_find_the_member(
    server: str, browser: WebDriver, demo_ledger: Peksos
) -> None:
    from tests.builders import fresh_nik

    browser.get(server + "/apply")
    shoot(browser, "apply")
    for name, value in {
        "name": "Ni Komang Ayu Lestari",
        "nik": fresh_nik("32", "1996-02-14"),
        "email": "komang.ayu@example.org",
        "major": "Pekerjaan Sosial",
        "institution": "Politeknik Kesejahteraan Sosial Bandung",
    }.items():
        browser.find_element(By.ID, name).send_keys(value)
    for name, day in (("birth_date", "1996-02-14"), ("graduated_on", "2019-08-30")):
        field = browser.find_element(By.ID, name)
        browser.execute_script("arguments[0].value = arguments[1]", field, day)
    browser.find_element(By.CSS_SELECTOR, "form button").click()
    reference = (
        WebDriverWait(browser, 20)
        .until(expected_conditions.presence_of_element_located((By.ID, "reference")))
        .text
    )
    shoot(browser, "applied")
    approved = demo_ledger("--as", "Dewi Anggraini", "member", "approve", reference)
    assert approved.returncode == 0, approved.stderr
    browser.get(f"{server}/apply/status?reference={reference}")
    assert "disetujui" in browser.page_source
    shoot(browser, "application-status")
    browser.find_element(By.CSS_SELECTOR, 'a[href^="/members/32-"]').click()
    WebDriverWait(browser, 20).until(expected_conditions.title_contains("Ni Komang Ayu Lestari"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Ni Komang Ayu Lestari"


def test_verify_a_genuine_an_altered_and_a_revoked_credential(
    server: str, browser: WebDriver, demo_ledger: Peksos
) -> None:
    _reg, number, token = demo_ledger.certified  # type: ignore[attr-defined]
    assert paste(browser, server, token) == "Asli dan berlaku"
    shoot(browser, "verified")
    assert paste(browser, server, altered(token, level="spesialis")).startswith("Diubah")
    revoked = demo_ledger("--as", LSP, "certificate", "revoke", number,
                          "--reason", "ethics ruling 4/2026")  # fmt: skip
    assert revoked.returncode == 0, revoked.stderr
    assert paste(browser, server, token) == "Asli, tetapi dicabut"
    shoot(browser, "revoked")


def test_the_eligibility_check_says_per_level_what_is_missing(
    server: str, browser: WebDriver
) -> None:
    from selenium.webdriver.support.ui import Select

    browser.get(server + "/eligibility")
    Select(browser.find_element(By.ID, "field")).select_by_value("anak")
    Select(browser.find_element(By.ID, "level")).select_by_value("S1")
    browser.find_element(By.ID, "major").send_keys("Ilmu Kesejahteraan Sosial")
    for name, day in (("graduated_on", "2015-06-01"), ("from_1", "2016-01-04")):
        field = browser.find_element(By.ID, name)
        browser.execute_script("arguments[0].value = arguments[1]", field, day)
    browser.find_element(By.ID, "training_hours").send_keys("100")
    browser.find_element(By.CSS_SELECTOR, "form button").click()
    headings = WebDriverWait(browser, 20).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, "section h3")
    )
    asisten, generalis, _ = (h.text for h in headings)
    assert "asisten" in asisten and "kecuali ujian" in asisten
    assert "generalis" in generalis and "belum" in generalis  # 160 hours for generalis
    shoot(browser, "eligibility")


def test_the_accessibility_check_finds_a_violation_where_there_is_one(browser: WebDriver) -> None:
    """An input without a label (axe's ``label`` rule, critical) fails the check."""
    if not AXE.is_file():
        pytest.skip(f"axe-core is not at {AXE}")
    browser.get("data:text/html,<!doctype html><html lang=en><title>t</title><input>")
    with pytest.raises(AssertionError, match="label"):
        accessible(browser, "unlabelled")
