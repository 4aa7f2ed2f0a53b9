#!/usr/bin/env python3
"""The command line of a real deployment: `parley admin create-user` for the first administrator
(password on stdin, policy enforced, audited) and `parley audit verify` on a live chain."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import Client, ParleyTestCase, db_int, main, run_parley, sql_str, unique_name  # noqa: E402


class CreateUserTest(ParleyTestCase):
    def test_first_admin_from_the_command_line(self):
        name = unique_name("cli")
        password = "a-long-cli-password-42"
        before = db_int("SELECT COUNT(*) FROM audit_log WHERE action='user.create' AND source_ip='cli'")
        p = run_parley("admin", "create-user", "--username", name, "--role", "admin",
                       "--display-name", "命令行管理员", stdin=password + "\n")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn(name, p.stdout)
        self.assertEqual(db_int("SELECT COUNT(*) FROM users WHERE username=%s AND role='admin'" % sql_str(name)), 1)
        after = db_int("SELECT COUNT(*) FROM audit_log WHERE action='user.create' AND source_ip='cli'")
        self.assertEqual(after, before + 1)
        self.assertEqual(db_int("SELECT COUNT(*) FROM audit_log WHERE detail LIKE %s" % sql_str("%" + password + "%")), 0)
        c = Client()
        c.login(name, password)
        self.assertStatus(c.get("/admin/users"), 200)

    def test_refusals_write_nothing(self):
        name = unique_name("cli")
        count = db_int("SELECT COUNT(*) FROM users")
        p = run_parley("admin", "create-user", "--username", name, "--role", "admin",
                       "--display-name", "x", stdin="short\n")
        self.assertEqual(p.returncode, 2, "an 11-character password must be refused")
        p = run_parley("admin", "create-user", "--username", name, "--role", "pope",
                       "--display-name", "x", stdin="a-long-cli-password-42\n")
        self.assertEqual(p.returncode, 2, "an unknown role must be refused")
        p = run_parley("admin", "create-user", "--username", "admin", "--role", "admin",
                       "--display-name", "x", stdin="a-long-cli-password-42\n")
        self.assertEqual(p.returncode, 1, "a taken username must be refused")
        self.assertEqual(db_int("SELECT COUNT(*) FROM users"), count)

    def test_audit_verify_on_the_live_chain(self):
        p = run_parley("audit", "verify")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("intact", p.stdout)


if __name__ == "__main__":
    main()
