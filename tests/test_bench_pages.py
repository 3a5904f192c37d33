"""bench/pages.py measures a running site: every page type asked, figures and queries printed."""

import json
import subprocess
import sys

from tests.live import BASE_DIR


def test_bench_pages_measures_a_running_site_against_its_stylesheet(live_site, tmp_path):
    figures = tmp_path / "figures.json"
    result = subprocess.run(
        [
            sys.executable,
            "bench/pages.py",
            f"--url={live_site.url}",
            "--only=HomePage,Protocol,OfrInstrument,NotFound",
            "--duration=0.5",
            "--slice=0.25",
            "--warmup=0",
            "--concurrency=2",
            f"--json={figures}",
        ],
        cwd=BASE_DIR,
        env=live_site.env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    # Progress while it runs: one line per address.
    assert "[2/" in result.stdout and "es HomePage:" in result.stdout

    results = json.loads(figures.read_text())["results"]
    pages = {(row["kind"], row["language"]): row for row in results}
    assert set(pages) == {
        (kind, language)
        for kind in ("HomePage", "Protocol", "OfrInstrument", "NotFound")
        for language in ("es", "en")
    }
    for row in pages.values():
        assert row["requests"] > 0 and row["errors"] == 0, row
        assert row["p95_ms"] >= row["p50_ms"] > 0
        # Stylesheet and page alternate: two page slices, each between two stylesheet slices,
        # and the ratio is the median of the page's rate over its neighbours'.
        assert len(row["slices"]) == 2, row
        (first, page_a, middle), (middle_again, page_b, last) = row["slices"]
        assert middle == middle_again
        assert min(first, middle, last, page_a, page_b) > 0
        expected = sorted([page_a / ((first + middle) / 2), page_b / ((middle + last) / 2)])
        assert abs(row["ratio"] - sum(expected) / 2) < 1e-9
        assert row["static_per_second"] > 0
        # Counted in the bench's own process, on the site's database.
        assert row["queries"] > 0
    # The 404 page is measured as a 404, the rest as 200s.
    assert pages[("NotFound", "es")]["statuses"] == {"404": pages[("NotFound", "es")]["requests"]}
    assert "page types \u2265 0.7\u00d7 the stylesheet" in result.stdout
    assert "lowest ratio to the stylesheet" in result.stdout
    assert "slower than the protocol page" in result.stdout
