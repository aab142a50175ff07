"""`gklint serve` in a real browser: headless Chromium (Debian's, driven by Selenium through
Debian's chromedriver) uploads a Word report, waits for the result, and finds the marked finding
in the text and the red cell in the table; the page's script ran under the strict policy and the
report's <script> did not. Skips with the reason where no browser or driver is installed
(scripts/setup_e2e.sh installs both in CI)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="needs gklint[serve]")
webdriver = pytest.importorskip("selenium.webdriver", reason="needs selenium (the test extra)")

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from gklint import messages  # noqa: E402
from tests.serve.support import report_bytes, running_server  # noqa: E402


def _found(env: str, *names: str) -> str | None:
    for candidate in (
        os.environ.get(env),
        *(shutil.which(n) for n in names),
        *(f"/usr/bin/{n}" for n in names),
    ):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


CHROMIUM = _found("GKLINT_CHROMIUM", "chromium")
DRIVER = _found("GKLINT_CHROMEDRIVER", "chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="no chromium or chromedriver (Debian: apt-get install chromium chromium-driver; "
    "scripts/setup_e2e.sh does it in CI)",
)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,1000",
    "--lang=zh-CN",
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = webdriver.ChromeService(executable_path=DRIVER)  # never Selenium Manager's downloads
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()


def test_upload_a_docx_and_see_the_marked_finding_and_the_red_cell(browser, tmp_path: Path) -> None:  # noqa: ANN001
    report = tmp_path / "青山镇2022年报.docx"
    report.write_bytes(report_bytes("docx"))
    with running_server() as (url, _):
        browser.get(url + "/")
        assert "检查年度报告" in browser.title
        many = [tmp_path / f"{i}.txt" for i in range(21)]  # one more than the server takes
        for path in many:
            path.write_text("x", encoding="utf-8")
        browser.find_element(By.ID, "gk-file").send_keys("\n".join(map(str, many)))
        browser.find_element(By.ID, "gk-submit").click()
        refused = browser.find_element(By.ID, "gk-refused")
        assert refused.is_displayed() and refused.text == messages.text("serve-too-many-files", limit=20)
        assert browser.current_url == url + "/"  # refused before anything was sent
        browser.find_element(By.ID, "gk-file").clear()
        browser.find_element(By.ID, "gk-file").send_keys(str(report))
        chosen = browser.find_element(By.ID, "gk-chosen").text
        assert "青山镇2022年报.docx" in chosen  # the page's own script ran (allowed by the policy)
        _screenshot(browser, "serve-upload.png")
        browser.find_element(By.ID, "gk-submit").click()
        wait = WebDriverWait(browser, 120)
        section = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "section.report")))
        wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-marks-rendered"))
        _screenshot(browser, "serve-result.png")
        assert section.find_element(By.CSS_SELECTOR, "h2.path").text == "青山镇2022年报.docx"
        red = section.find_element(By.CSS_SELECTOR, 'td.bad.e[data-cell="t3.result.total.total"]')
        assert red.is_displayed()
        colour = red.value_of_css_property("background-color")
        assert _reddish(colour), colour
        mark = section.find_element(By.CSS_SELECTOR, ".src mark.m.e")  # the error, marked in the text
        assert mark.is_displayed() and mark.text.strip()
        numbers = mark.get_attribute("data-f").split()
        notes = [browser.find_element(By.ID, f"r1f{k}") for k in numbers]
        assert not any(n.is_displayed() for n in notes)
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
        mark.click()  # the report's own script opens its notes under the line
        WebDriverWait(browser, 10).until(lambda d: all(n.is_displayed() for n in notes))
        assert any("GK2" in n.text for n in notes), [n.text for n in notes]
        errors = section.find_elements(By.CSS_SELECTOR, "ol.findings > li.e")
        assert any("t3" in e.text or "总计" in e.text or "合计" in e.text for e in errors), [
            e.text for e in errors
        ]
        body = browser.find_element(By.TAG_NAME, "body")
        assert body.get_attribute("data-pwned") is None and not browser.find_elements(By.ID, "pwned")
        downloads = browser.find_elements(By.CSS_SELECTOR, "a.gk-download")
        assert {d.get_attribute("data-format") for d in downloads} >= {"html", "json"}
        log = browser.get_log("browser")
        assert not [e for e in log if "Content Security Policy" in e["message"]], log
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", red)
        _screenshot(browser, "serve-table.png")


def _reddish(css: str) -> bool:
    r, g, b = (int(float(x)) for x in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
    return r > 200 and r > g + 20 and r > b + 20


def _screenshot(browser, name: str) -> None:  # noqa: ANN001
    """GKLINT_SCREENSHOTS=folder: keep what the browser showed (how docs/images was made)."""
    folder = os.environ.get("GKLINT_SCREENSHOTS")
    if folder:
        browser.save_screenshot(str(Path(folder) / name))
