"""Saved-page import benchmark: synthetic web pages through the import pipeline, both engines.

    python bench/import_pages.py --pages 10000        (make bench runs it after bench/run.py)

The generator's articles (bench/run.py's Corpus) are wrapped in realistic page furniture
(navigation, share links, related stories, a cookie notice, scripts, a footer; one page in
twenty republishes an earlier story under other furniture) and each goes through the same
pipeline as `import_articles PAGE.html`: extraction (trafilatura, htmldate, cleaning,
checks), the article with its mentions and candidate facts, its search row and vocabulary,
its raw source and near-duplicate keys. Reported: pages/s, the share of the time in
extraction, linking and indexing, and peak memory at a tenth, half and all of the pages.
Results go to bench/results/pages-N.json and .md (pages-ENGINE-N with one --engines).
"""

import argparse
import html
import json
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import RESULTS, Corpus, fresh_database, peak_rss_mb  # noqa: E402

SITES = [
    ("The Harbour Gazette", "harbourgazette.example"),
    ("Prairie Wire", "prairiewire.example"),
    ("Le Courrier du Soir", "courrierdusoir.example"),
    ("Pacific Business Daily", "pacificbusiness.example"),
]
REPUBLISH_EVERY = 20


def page_of(item: dict, *, site: int) -> bytes:
    """An article as a saved page of one of four sites, each with its own furniture."""
    name, host = SITES[site % len(SITES)]
    headline = html.escape(item["headline"])
    lines = item["raw"].split("\n\n")[1:]
    paragraphs = "\n".join(f"<p>{html.escape(p.strip())}</p>" for p in lines if p.strip())
    slug = f"story-{item['number']:06d}"
    date = item["published_on"].isoformat()
    related = "".join(f'<li><a href="/r/{n}">Related story number {n}</a></li>' for n in range(5))
    return f"""<!DOCTYPE html>
<html lang="{item["language"]}"><head><meta charset="utf-8">
<title>{headline} | {html.escape(name)}</title>
<link rel="canonical" href="https://{host}/news/{slug}">
<meta property="og:site_name" content="{html.escape(name)}">
<meta name="author" content="Staff reporter">
<meta property="article:published_time" content="{date}T09:00:00Z">
<style>.ad{{display:block}} .nav li{{display:inline}}</style>
<script>window.analytics = {{"page": "{slug}"}};</script>
</head><body>
<a href="#main">Skip to content</a>
<div class="cookies">We use cookies to improve your experience. <button>Accept</button></div>
<header><a href="/">{html.escape(name)}</a><nav><ul class="nav"><li><a href="/news">News</a></li>
<li><a href="/business">Business</a></li><li><a href="/world">World</a></li>
<li><a href="/subscribe">Subscribe</a></li></ul></nav></header>
<main id="main"><article><h1>{headline}</h1>
<div class="byline">By Staff reporter · <time datetime="{date}">{date}</time></div>
<div class="share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
{paragraphs}
<div class="ad"><iframe src="https://ads.example/{slug}"></iframe>Advertisement</div>
</article><aside><h2>Related stories</h2><ul>{related}</ul></aside></main>
<footer><p>Copyright © {item["published_on"].year} {html.escape(name)}. All rights reserved.</p>
<p><a href="/privacy">Privacy</a> | <a href="/terms">Terms</a></p></footer>
<script>document.querySelectorAll('.share a').forEach(a => {{ a.onclick = share; }});</script>
</body></html>""".encode()


class Clock:
    """Seconds spent in each stage, by wrapping the functions that do them."""

    def __init__(self):
        self.seconds = {}

    @contextmanager
    def stage(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start

    def wrap(self, module, attribute: str, name: str) -> None:
        function = getattr(module, attribute)

        def timed(*args, **kwargs):
            with self.stage(name):
                return function(*args, **kwargs)

        setattr(module, attribute, timed)


def worker(engine: str, pages: int) -> dict:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    django.setup()
    from django.core.management import call_command

    import articles.importing.files as files
    import articles.importing.ingest as ingest
    from articles.importing import NameIndex, entities_load, seed_paths, yaml_read
    from articles.importing.sources import Source
    from articles.models import Article, PossibleDuplicate

    call_command("migrate", verbosity=0)
    _, annotations_path = seed_paths()
    entities_load(data=yaml_read(annotations_path), source=annotations_path)
    index = NameIndex.build()
    corpus = Corpus(sorted({n for n, case, _ in index.names if not case}))

    clock = Clock()
    import articles.importing.articles as creating

    for attribute, stage in (
        ("mentions_new", "linking"),
        ("candidates_build", "linking"),
        ("articles_index", "indexing"),
        ("vocabulary_add_many", "indexing"),
    ):
        clock.wrap(creating, attribute, stage)
    clock.wrap(files, "near_duplicates_flag", "near-duplicates")
    clock.wrap(files, "raw_source_keep", "raw source")

    memory, checkpoints, started = [], {pages // 10, pages // 2, pages}, time.perf_counter()
    made, items = 0.0, {}
    for number in range(pages):
        start = time.perf_counter()
        if number % REPUBLISH_EVERY == REPUBLISH_EVERY - 1:
            item, site = items[number - REPUBLISH_EVERY // 2], number  # another site's copy
        else:
            item, site = corpus.article(number), number
            items[number] = item
        items.pop(number - REPUBLISH_EVERY, None)
        data = page_of(item, site=site)
        made += time.perf_counter() - start
        with clock.stage("extraction"):
            draft = ingest.source_draft(
                Source(name=f"page-{number:06d}.html", data=data, kind="html")
            )
        with clock.stage("import"):
            files.draft_import(draft, index=index)
        if number + 1 in checkpoints:
            memory.append({"pages": number + 1, "peak_rss_mb": round(peak_rss_mb(), 1)})
    total = time.perf_counter() - started - made
    inner = {k: v for k, v in clock.seconds.items() if k not in ("extraction", "import")}
    shares = {
        "extraction": clock.seconds["extraction"],
        **inner,
        "other writing": clock.seconds["import"] - sum(inner.values()),
    }
    return {
        "engine": engine,
        "pages": pages,
        "articles": Article.objects.count(),
        "possible_duplicates": PossibleDuplicate.objects.count(),
        "republished": pages // REPUBLISH_EVERY,
        "seconds": round(total, 1),
        "pages_per_second": round(pages / total, 1),
        "share": {k: round(v / total, 3) for k, v in shares.items()},
        "peak_rss_mb": memory,
        "load_average": os.getloadavg(),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip(),
    }


def markdown(results: list[dict]) -> str:
    lines = [
        "# Saved-page import (bench/import_pages.py)",
        "",
        "| engine | pages | pages/s | extraction | linking | indexing | near-duplicates | "
        "raw source | other writing | flagged / republished | peak RSS MB at 10 %, 50 %, 100 % |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        s = r["share"]
        memory = ", ".join(str(m["peak_rss_mb"]) for m in r["peak_rss_mb"])
        lines.append(
            f"| {r['engine']} | {r['pages']:,} | {r['pages_per_second']} | "
            + " | ".join(
                f"{s.get(k, 0):.0%}"
                for k in ("extraction", "linking", "indexing", "near-duplicates", "raw source")
            )
            + f" | {s['other writing']:.0%} | {r['possible_duplicates']} / {r['republished']} "
            f"| {memory} |"
        )
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.pages)))
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    results = []
    for engine in args.engines:
        print(f"{engine}, {args.pages:,} pages ...", flush=True)
        env = {
            **os.environ,
            "DATABASE_URL": fresh_database(engine, f"pages_{args.pages}"),
            "DJANGO_SETTINGS_MODULE": "bench.settings",
        }
        command = [sys.executable, __file__, "--worker", engine, "--pages", str(args.pages)]
        out = subprocess.run(command, env=env, capture_output=True, text=True)
        if out.returncode:
            print(out.stderr[-3000:], file=sys.stderr)
            sys.exit(out.returncode)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    name = "pages" if len(args.engines) > 1 else f"pages-{args.engines[0]}"
    (RESULTS / f"{name}-{args.pages}.json").write_text(json.dumps(results, indent=2))
    (RESULTS / f"{name}-{args.pages}.md").write_text(markdown(results))
    print(markdown(results))


if __name__ == "__main__":
    main()
