"""The simulated readers of `make loadtest` (loadtest/run.py): browse, search, facts and CSV.

Each user waits 1-3 s between requests, like a reader. What they visit (slugs, years, search
words) comes from the JSON file named by LOADTEST_TARGETS, written by run.py from the archive
under test. With LOADTEST_REQUEST_LOG set, every request is also logged there as a JSON line
(times, name, status, outcome), for the outage report. With LOADTEST_EDITORS set (the
replica run of run.py), editors log in and save records in the admin too, one editor in
LOADTEST_EDITORS users, and check that the record's public page shows what they saved.
"""

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import FastHttpUser, HttpUser, between, events, task

TARGETS = json.loads(Path(os.environ["LOADTEST_TARGETS"]).read_text())
UNAVAILABLE_PAGE = "The archive is temporarily unavailable"  # templates/503.html
SAVING_UNAVAILABLE_PAGE = "Saving is unavailable"  # templates/503_saving.html


class Reader(FastHttpUser):
    wait_time = between(1, 3)

    def visit(self, path: str, name: str, params: dict | None = None) -> None:
        """GET a page; a 503 with the archive's own 503 page is told apart from other errors."""
        with self.client.get(path, params=params, name=name, catch_response=True) as response:
            if response.status_code == 503 and UNAVAILABLE_PAGE in (response.text or ""):
                response.failure("503 page")

    def article_filters(self) -> dict:
        choices = {
            "year": random.choice(TARGETS["years"]),
            "language": random.choice(["en", "fr"]),
            "publisher": random.choice(TARGETS["publishers"]),
            "person": random.choice(TARGETS["people"]),
            "sort": random.choice(["date", "-date", "headline"]),
        }
        return dict(random.sample(sorted(choices.items()), random.randint(1, 3)))

    # Browse

    @task(2)
    def home(self):
        self.visit("/", "/")

    @task(2)
    def article_list(self):
        self.visit("/articles/", "/articles/?page", {"page": random.randint(1, 50)})

    @task(3)
    def article_list_filtered(self):
        self.visit("/articles/", "/articles/?filters", self.article_filters())

    @task(6)
    def article(self):
        self.visit(f"/articles/{random.choice(TARGETS['articles'])}/", "/articles/[slug]/")

    @task(2)
    def person(self):
        self.visit(f"/people/{random.choice(TARGETS['people'])}/", "/people/[slug]/")

    @task(1)
    def initiative(self):
        slug = random.choice(TARGETS["initiatives"])
        self.visit(f"/initiatives/{slug}/", "/initiatives/[slug]/")

    @task(1)
    def timeline(self):
        self.visit("/timeline/", "/timeline/")

    # Search

    def search(self, group: str, **params) -> None:
        query = random.choice(TARGETS["words"][group])
        self.visit("/search/", f"/search/ {group}", {"q": query, **params})

    @task(2)
    def search_common_word(self):
        self.search("common")

    @task(2)
    def search_rare_word(self):
        self.search("rare")

    @task(1)
    def search_phrase(self):
        self.search("phrase")

    @task(1)
    def search_with_filters(self):
        query = random.choice(TARGETS["words"]["common"])
        self.visit("/search/", "/search/ filters", {"q": query, **self.article_filters()})

    @task(1)
    def search_later_page(self):
        self.search("common", page=random.randint(2, 20))

    # Facts

    @task(1)
    def facts(self):
        params = random.choice([{}, {"kind": "consumers"}, {"sort": "-value"}, {"year": 2016}])
        self.visit("/facts/", "/facts/", params)

    @task(1)
    def facts_csv(self):
        self.visit("/facts/export.csv", "/facts/export.csv")


EDITOR_PLACES = itertools.count()


class Editor(HttpUser):
    """Logs in to the admin, saves a place's description, then reads its public page."""

    weight = 1
    fixed_count = int(os.environ.get("LOADTEST_EDITORS", "0"))
    wait_time = between(1, 3)

    def on_start(self):
        places = TARGETS["editable_places"]
        self.place = places[next(EDITOR_PLACES) % len(places)]
        self.saved = 0
        self.logged_in = False

    def log_in(self) -> bool:
        page = self.client.get("/admin/login/", name="editor login page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text or "")
        if not token:
            return False
        credentials = {"username": TARGETS["editor"]["username"]}
        credentials["password"] = TARGETS["editor"]["password"]
        response = self.client.post(
            "/admin/login/?next=/admin/",
            {**credentials, "csrfmiddlewaretoken": token[1]},
            name="editor login",
            allow_redirects=False,
        )
        self.logged_in = response.status_code == 302
        return self.logged_in

    @task
    def save_and_read(self):
        if not self.logged_in and not self.log_in():
            return
        place = self.place
        description = f"Load test edit {self.saved + 1} of {place['slug']}."
        form = {
            "name": place["name"],
            "name_fr": place["name_fr"],
            "slug": place["slug"],
            "kind": place["kind"],
            "parent": place["parent"] or "",
            "description": description,
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
        }
        url = f"/admin/articles/place/{place['pk']}/change/"
        with self.client.post(
            url,
            form,
            name="editor save",
            allow_redirects=False,
            catch_response=True,
            context={"place": place["slug"]},
        ) as response:
            if response.status_code == 302:
                self.saved += 1
                response.success()
            elif response.status_code == 503 and SAVING_UNAVAILABLE_PAGE in response.text:
                response.failure("saving unavailable page")
                return
            else:
                response.failure(f"save answered {response.status_code}")
                return
        with self.client.get(
            f"/places/{place['slug']}/", name="editor reads own change", catch_response=True
        ) as response:
            if response.status_code == 200 and description not in response.text:
                response.failure("stale: own change not shown")


if not Editor.fixed_count:
    del Editor  # locust runs every User class of the file: readers only by default


if os.environ.get("LOADTEST_REQUEST_LOG"):

    @events.request.add_listener
    def log_request(start_time, response_time, response, exception, name="", context=None, **kw):
        record = {
            "name": name,
            "place": (context or {}).get("place"),
            "started": start_time,
            "ended": start_time + response_time / 1000,
            "status": getattr(response, "status_code", 0) or 0,  # 0: no response at all
            "outcome": str(exception)[:80] if exception else "ok",
        }
        with open(os.environ["LOADTEST_REQUEST_LOG"], "a") as log:
            log.write(json.dumps(record) + "\n")
