"""The users of bench/load.py, for locust (headless, loopback only). Not run by itself:
bench/load.py builds the data, starts gunicorn and runs locust with this file, naming the
user classes of each phase; the people (session cookies, ids) come in the JSON file named
by LOAD_PEOPLE.

- `BareUser`: the bare Django view (`/bench/bare/`), the baseline;
- the daily mix, as the three roles use the product: `BranchStaff` (the entry page, posting
  an entry, the leaderboard), `Franchisee` (their territory's dashboard), `Manager` (the
  rollout board, the leaderboard).
Every user sends requests back to back (no think time): the figure is the server's rate.
"""

import itertools
import json
import os
import uuid
from urllib.parse import urlencode

from locust import FastHttpUser, constant, task

PEOPLE = json.loads(open(os.environ["LOAD_PEOPLE"]).read())  # noqa: SIM115
SLUG = PEOPLE["slug"]
# Behind the TLS-terminating proxy: it says the request came over HTTPS.
PROXY = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}


def _cycle(key):
    return itertools.cycle(PEOPLE[key])


STAFF, FRANCHISEES, MANAGERS = _cycle("staff"), _cycle("franchisees"), _cycle("managers")


class _Person(FastHttpUser):
    abstract = True
    wait_time = constant(0)
    pool = None

    def on_start(self):
        self.me = next(self.pool)
        self.headers = {
            **PROXY,
            "Cookie": f"sessionid={self.me['session']}; csrftoken={self.me['csrf']}",
        }

    def get(self, path, name):
        self.client.get(path, headers=self.headers, name=name)


class BareUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def bare(self):
        self.client.get("/bench/bare/", headers=PROXY, name="bare view")


class BranchStaff(_Person):
    weight = 6
    pool = STAFF

    @task(4)
    def entry_page(self):
        self.get(f"/{SLUG}/contests/{PEOPLE['contest']}/entry/", "staff: entry page")

    @task(2)
    def post_entry(self):
        number = uuid.uuid4().hex[:16]
        data = {
            "agent": self.me["agent"],
            "number": f"L-{number}",
            "premium": "3000",
            "issued_on": PEOPLE["day"],
            "product": "鸿禧",
            "card_number": f"C-{number}",
        }
        headers = {
            **self.headers,
            "X-CSRFToken": self.me["csrf"],
            "Origin": "https://127.0.0.1",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        with self.client.post(
            f"/{SLUG}/contests/{PEOPLE['contest']}/entry/",
            data=urlencode(data),
            headers=headers,
            name="staff: post an entry",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"status {response.status_code}: {response.text[:200]}")

    @task(3)
    def leaderboard(self):
        self.get(f"/{SLUG}/contests/{PEOPLE['contest']}/", "leaderboard")


class Franchisee(_Person):
    weight = 3
    pool = FRANCHISEES

    @task
    def dashboard(self):
        self.get(f"/{SLUG}/franchise/territories/{self.me['territory']}/", "franchisee: dashboard")


class Manager(_Person):
    weight = 1
    pool = MANAGERS

    @task(2)
    def board(self):
        self.get(f"/{SLUG}/franchise/", "manager: rollout board")

    @task(1)
    def leaderboard(self):
        self.get(f"/{SLUG}/contests/{PEOPLE['contest']}/", "leaderboard")
