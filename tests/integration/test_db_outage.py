#!/usr/bin/env python3
"""The database goes away and comes back: the app answers 503 while it is down (never a
crash or a 500), and afterwards reconnects and re-prepares its statements by itself."""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import Client, ParleyTestCase, env, main  # noqa: E402


def teststack(cmd):
    script = os.path.join(env("PARLEY_ROOT"), "scripts", "teststack")
    subprocess.run([script, cmd, env("PARLEY_VAR")], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


class DatabaseOutageTest(ParleyTestCase):
    def test_503_while_down_then_recovers(self):
        signed_in = Client()
        signed_in.login("rep1")
        self.assertStatus(signed_in.get("/"), 200)
        teststack("db-stop")
        try:
            # Every worker notices on its own; ask several times so each one is hit.
            for _ in range(6):
                r = Client().get("/healthz")
                self.assertStatus(r, 503, "healthz with the database down")
            r = signed_in.get("/")
            self.assertStatus(r, 503, "signed-in page with the database down")
            self.assertNotIn("Traceback", r.body)
            r = Client().get("/login")
            self.assertIn(r.status, (200, 503))
            r = Client().get("/livez")
            self.assertStatus(r, 200, "liveness does not depend on the database")
        finally:
            teststack("db-start")
        deadline = time.time() + 20
        while True:
            r = Client().get("/healthz")
            if r.status == 200 or time.time() > deadline:
                break
            time.sleep(0.2)
        self.assertStatus(r, 200, "healthz after the database came back")
        for _ in range(6):
            self.assertStatus(signed_in.get("/"), 200, "the old session works again")
        fresh = Client()
        fresh.login("rep2")
        self.assertStatus(fresh.get("/"), 200)


if __name__ == "__main__":
    main()
