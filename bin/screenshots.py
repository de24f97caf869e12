"""Screenshot pages as a person sees them: laptop and phone width, one PNG per page.

Usage: .venv/bin/python bin/screenshots.py BASE_URL USER PATH [PATH ...]
Writes screenshots/<user>-<path>-<width>.png. Demo password: accord-demo.
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

base, username, *paths = sys.argv[1:]
out = Path("screenshots")
out.mkdir(exist_ok=True)
with sync_playwright() as p:
    browser = p.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--disable-gpu", "--no-first-run", "--disable-background-networking"],
    )
    for width, height in ((1366, 900), (390, 844)):
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "accord-demo")
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        for path in paths:
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
            target = out / f"{username}-{name}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            print(target)
    browser.close()
