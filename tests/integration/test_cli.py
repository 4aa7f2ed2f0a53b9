#!/usr/bin/env python3
"""The command line of a real deployment: `parley admin create-user` for the first administrator
(password on stdin, policy enforced, audited) and `parley audit verify` on a live chain."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import (Client, ParleyTestCase, db_int, main, run_parley, sanitizer_report,  # noqa: E402
                        sql_str, unique_name)


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


class SanitizerScanTest(ParleyTestCase):
    """Command-line runs are scanned for sanitizer reports like the server's log."""

    def test_reports_are_recognised(self):
        asan = ("==4242==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010\n"
                "READ of size 1 at 0x602000000010 thread T0\n")
        ubsan = "src/domain/keys.c:120:9: runtime error: signed integer overflow\n"
        lsan = "==7==ERROR: LeakSanitizer: detected memory leaks\n\nSUMMARY: AddressSanitizer: 64 byte(s) leaked\n"
        self.assertIn("heap-use-after-free", sanitizer_report("audit verify: 1 bad\n" + asan))
        self.assertIn("signed integer overflow", sanitizer_report(ubsan))
        self.assertIn("LeakSanitizer", sanitizer_report(lsan))
        self.assertIsNone(sanitizer_report("audit verify: chain broken at id 12\n"))
        self.assertIsNone(sanitizer_report(""))

    def test_failing_commands_are_clean(self):
        # Expected exit 1 paths of each command family, run through the scanner.
        for args in (("admin", "create-user", "--username", "", "--role", "rep"),
                     ("keys", "no-such-step"), ("seed", "--customers", "x"), ("audit", "no-such")):
            with self.subTest(args=args):
                p = run_parley(*args, stdin="")
                self.assertNotEqual(p.returncode, 0, p.stdout + p.stderr)


if __name__ == "__main__":
    main()
