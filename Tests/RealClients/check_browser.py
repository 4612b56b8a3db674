#!/usr/bin/env python3
"""A real browser against a running Driftstatus: Debian's chromium, driven by selenium through
Debian's chromedriver.

- A staff member signs in at /admin/login, fills the new-incident form in Swedish AND English,
  picks an impact, sets Bank synchronisation to partial outage and publishes; /sv/ and /en/ then
  show the incident's title in their own language, and its permalinks show the message.
- axe-core (axe-selenium-python, engine from axe-core-python) finds no serious or critical accessibility violation on the
  public home, an incident permalink, a maintenance permalink and the history, in both languages
  (lesser ones are printed as information).
- Screenshots of /sv/ and /en/ at a phone size (390x844) and a desktop size (1280x900), each
  stretched to the full page height, are saved into test-artifacts/screenshots/.

Needs DRIFTSTATUS_TEST_EMAIL / DRIFTSTATUS_TEST_PASSWORD (run.sh creates that admin account).
Prints one line per check and "N passed, M failed"; exits 1 on any failure.

Usage: check_browser.py BASE_URL
"""
import os
import re
import sys
import time
import traceback
from pathlib import Path

import axe_core_python
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT_SECONDS = 15
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
LANGUAGES = ("sv", "en")
# axe-selenium-python 2.x (the last release for Python 3.11) bundles axe-core 3.1.1 from 2018;
# axe-core-python carries axe-core 4.4.3, whose rules follow WCAG 2.1. Same API, newer engine.
AXE_SCRIPT = Path(axe_core_python.__file__).with_name("axe.min.js")
# Phone: an iPhone 12-15 sized viewport; desktop: a common laptop window.
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def make_driver():
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            raise CheckFailed(f"{path} is missing: run scripts/setup.sh --test (Debian chromium, chromium-driver)")
    options = Options()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--disable-extensions", "--no-first-run", "--window-size=1280,900", "--lang=sv-SE"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)  # axe on a long page takes a few seconds on a busy machine
    return driver


def wait(driver, seconds=WAIT_SECONDS):
    return WebDriverWait(driver, seconds)


def open_page(driver, url):
    driver.get(url)
    wait(driver).until(lambda d: d.execute_script("return document.readyState") == "complete")


def body_text(driver):
    return driver.find_element(By.TAG_NAME, "body").text


class BrowserChecks:
    def __init__(self, base, driver):
        self.base = base
        self.driver = driver
        stamp = time.strftime("%H%M%S")
        # Swedish letters and an ampersand travel through a real form post and back.
        self.title = {"sv": f"Långsam banksynkronisering & import ({stamp})",
                      "en": f"Slow bank synchronisation & import ({stamp})"}
        self.message = {"sv": f"Vi undersöker varför transaktionerna dröjer. Kontroll {stamp}.",
                        "en": f"We are investigating why transactions are delayed. Check {stamp}."}
        self.incident_id = None
        self.passed = {}

    # -- Staff publishing ---------------------------------------------------------------------

    def sign_in(self):
        d = self.driver
        email, password = os.environ.get("DRIFTSTATUS_TEST_EMAIL"), os.environ.get("DRIFTSTATUS_TEST_PASSWORD")
        expect(email and password, "DRIFTSTATUS_TEST_EMAIL / DRIFTSTATUS_TEST_PASSWORD are not set")
        open_page(d, f"{self.base}/admin/login?lang=sv")
        form = wait(d).until(EC.presence_of_element_located((By.CSS_SELECTOR, 'form[action="/admin/login"]')))
        form.find_element(By.NAME, "email").send_keys(email)
        form.find_element(By.NAME, "password").send_keys(password)
        form.find_element(By.CSS_SELECTOR, 'button[type="submit"]').click()
        wait(d).until(EC.presence_of_element_located((By.CSS_SELECTOR, 'form[action="/admin/logout"]')))
        expect(d.current_url.rstrip("/").endswith("/admin"), f"after signing in the browser is at {d.current_url}")
        return "signed in through the form, at the dashboard"

    def publish_incident(self):
        d = self.driver
        expect(self.signed_in, "not signed in")
        open_page(d, f"{self.base}/admin/incidents/new")
        form = wait(d).until(EC.presence_of_element_located((By.CSS_SELECTOR, 'form[action="/admin/incidents/new"]')))
        for language in LANGUAGES:
            # Both languages sit side by side in one form.
            form.find_element(By.NAME, f"title.{language}").send_keys(self.title[language])
            form.find_element(By.NAME, f"body.{language}").send_keys(self.message[language])
        Select(form.find_element(By.NAME, "impact")).select_by_value("major")
        bank = None
        for select in form.find_elements(By.CSS_SELECTOR, 'select[name^="component."]'):
            label = form.find_element(By.CSS_SELECTOR, f'label[for="{select.get_attribute("id")}"]').text
            if re.match(r"bank ?sync|banksynk", label.strip().lower()):
                bank = select
        expect(bank is not None, "no component select labelled Bank synchronisation / Banksynkronisering")
        Select(bank).select_by_value("partial_outage")
        form.find_element(By.CSS_SELECTOR, 'button[value="publish"]').click()
        try:
            wait(d).until(lambda drv: re.search(r"/admin/incidents/(\d+)", drv.current_url))
        except TimeoutException:
            raise CheckFailed(f"publishing did not lead to the incident page; at {d.current_url}: {body_text(d)[:400]}")
        self.incident_id = re.search(r"/admin/incidents/(\d+)", d.current_url).group(1)
        return f"published incident {self.incident_id} in Swedish and English"

    def public_pages_show_incident(self):
        d = self.driver
        expect(self.incident_id, "no incident was published")
        for language in LANGUAGES:
            other = "en" if language == "sv" else "sv"
            open_page(d, f"{self.base}/{language}/")
            try:
                wait(d).until(EC.text_to_be_present_in_element((By.TAG_NAME, "main"), self.title[language]))
            except TimeoutException:
                raise CheckFailed(f"/{language}/ does not show the title {self.title[language]!r}")
            expect(self.title[other] not in body_text(d), f"/{language}/ shows the {other} title too")
            expect(d.find_element(By.TAG_NAME, "html").get_attribute("lang") == language, f"/{language}/ is not lang={language}")
            open_page(d, f"{self.base}/{language}/incidents/{self.incident_id}")
            text = body_text(d)
            expect(self.title[language] in text and self.message[language] in text,
                   f"the {language} permalink lacks the title or message")
        return "title on /sv/ and /en/ in its own language; message on both permalinks"

    # -- Accessibility ------------------------------------------------------------------------

    def public_page_addresses(self):
        """Home, an incident permalink, a maintenance permalink and the history, per language."""
        d = self.driver
        open_page(d, f"{self.base}/sv/history")
        maintenance = next((link.get_attribute("href") for link in d.find_elements(By.CSS_SELECTOR, 'a[href*="/maintenance/"]')), None)
        if maintenance is None:
            open_page(d, f"{self.base}/sv/")
            maintenance = next((link.get_attribute("href") for link in d.find_elements(By.CSS_SELECTOR, 'a[href*="/maintenance/"]')), None)
        expect(maintenance, "no maintenance permalink linked from /sv/history or /sv/")
        maintenance_id = re.search(r"/maintenance/(\d+)", maintenance).group(1)
        incident_id = self.incident_id
        if incident_id is None:
            open_page(d, f"{self.base}/sv/history")
            link = d.find_element(By.CSS_SELECTOR, 'a[href*="/incidents/"]').get_attribute("href")
            incident_id = re.search(r"/incidents/(\d+)", link).group(1)
        return [f"/{language}/{path}" for language in LANGUAGES
                for path in ("", f"incidents/{incident_id}", f"maintenance/{maintenance_id}", "history")]

    def accessibility(self):
        d = self.driver
        serious, info = [], []
        pages = self.public_page_addresses()
        version = None
        for path in pages:
            open_page(d, self.base + path)
            axe = Axe(d, script_url=str(AXE_SCRIPT))
            axe.inject()
            results = axe.run()
            version = version or d.execute_script("return axe.version")
            for violation in results.get("violations", []):
                nodes = [" ".join(node.get("target", [])) for node in violation.get("nodes", [])][:3]
                line = f"{path}: {violation.get('impact')} {violation['id']}: {violation.get('help')} at {', '.join(nodes)}"
                (serious if violation.get("impact") in ("serious", "critical") else info).append(line)
        for line in info:
            print(f"      info  axe {line}")
        expect(not serious, "axe found serious/critical violations:\n        " + "\n        ".join(serious))
        return f"axe-core {version}: no serious or critical violation on {len(pages)} pages ({len(info)} lesser)"

    # -- Screenshots --------------------------------------------------------------------------

    def set_viewport(self, width, height):
        # Device metrics, not the window: a desktop window has a minimum width, and "mobile"
        # makes the page's viewport meta count as on a phone.
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})

    def screenshots(self):
        d = self.driver
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        saved = []
        try:
            for language in LANGUAGES:
                for size, (width, height) in SIZES.items():
                    self.set_viewport(width, height)
                    open_page(d, f"{self.base}/{language}/")
                    expect(d.execute_script("return window.innerWidth") == width, f"the viewport is not {width} wide")
                    full = d.execute_script("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")
                    self.set_viewport(width, max(height, min(int(full), 12000)))
                    overflow = d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
                    expect(overflow <= 0, f"/{language}/ at {width}px scrolls sideways by {overflow}px")
                    path = SCREENSHOTS / f"home-{language}-{size}-{width}x{height}.png"
                    expect(d.save_screenshot(str(path)), f"could not save {path}")
                    saved.append(path)
        finally:
            d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        for path in saved:
            print(f"      saved {path}")
        return f"{len(saved)} full-page screenshots, no sideways scrolling"

    @property
    def signed_in(self):
        return self.passed.get("sign_in", False)


def main():
    base = sys.argv[1].rstrip("/")
    passed = failed = 0
    driver = None
    try:
        try:
            driver = make_driver()
        except Exception as error:  # no browser: every check fails, and says why
            print(f"FAIL  start chromium: {error}")
            print("0 passed, 1 failed")
            return 1
        checks = BrowserChecks(base, driver)
        for name, check in (("sign_in", checks.sign_in), ("publish_incident", checks.publish_incident),
                            ("public_pages_show_incident", checks.public_pages_show_incident),
                            ("accessibility", checks.accessibility), ("screenshots", checks.screenshots)):
            try:
                detail = check()
                checks.passed[name] = True
                passed += 1
                print(f"ok    {name}: {detail}")
            except Exception as error:
                failed += 1
                reason = str(error) if isinstance(error, CheckFailed) else traceback.format_exc(limit=3)
                print(f"FAIL  {name}: {reason}")
                try:
                    ARTIFACTS.mkdir(parents=True, exist_ok=True)
                    shot = ARTIFACTS / f"browser-failure-{name}.png"
                    driver.save_screenshot(str(shot))
                    print(f"      at {driver.current_url}, screenshot {shot}")
                except Exception:
                    pass
    finally:
        if driver is not None:
            driver.quit()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
