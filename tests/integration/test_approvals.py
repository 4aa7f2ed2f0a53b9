#!/usr/bin/env python3
"""The approval chain in action (docs/approvals.md): the inbox (waiting for me, overdue below me,
decided by me, my requests), decisions (approve / reject / return, locking, idempotent double
click, refusals with a clear message and an audit row), separation of duties, delegation (peer or
own manager, date range, revoke), the green channel, escalation after 24 hours with the test clock,
and the header badge.

Requests are inserted as root (the filing pages are tested in test_concessions.py); everything the
approvers do goes through HTTP."""
import html
import os
import re
import sys
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import (Client, ParleyTestCase, audit_count, db_int, db_query, db_value,  # noqa: E402
                        main, reset_clock, set_clock_offset, sql_str, unique_name, user_id)
from custtest import lang_value  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")


def login(username):
    c = Client()
    c.login(username)
    return c


def clock_offset():
    try:
        with open(os.environ["PARLEY_CLOCK_FILE"]) as f:
            return int(f.read().strip() or "0")
    except (OSError, ValueError, KeyError):
        return 0


def app_today(add_days=0):
    now = datetime.fromtimestamp(time.time() + clock_offset(), TZ)
    return (now.date() + timedelta(days=add_days)).isoformat()


def utc_now_sql(shift_seconds=0):
    t = datetime.utcfromtimestamp(time.time() + clock_offset() + shift_seconds)
    return t.strftime("'%Y-%m-%d %H:%M:%S'")


def rep1_opportunity():
    """An opportunity of a customer rep1 owns (team 1: mgr1 → dir1 → vp1 above rep1)."""
    rows = db_query("SELECT o.id, o.customer_id FROM opportunities o JOIN customers c ON c.id = o.customer_id "
                    "WHERE c.owner_id = %d ORDER BY o.id LIMIT 1" % user_id("rep1"))
    return int(rows[0][0]), int(rows[0][1])


def make_request(approvers=("mgr1", "dir1"), requester="rep1", green=False, value=None):
    """Inserts a pending request with its chain (as the filing page would) and returns
    (request id, [step ids in level order])."""
    opp, cust = rep1_opportunity()
    value = value or unique_name("v")
    rid = int(db_query(
        "INSERT INTO concession_requests (opportunity_id, customer_id, requester_id, term, current_value, "
        "requested_value, currency, list_price, amount, discount_bp, cumulative_bp, cumulative_amount, "
        "justification, counter_concession, urgency, levels, state, version, review_after, created_at, updated_at) "
        "VALUES (%d, %d, %d, 'price', '100', '%s', 'CNY', 10000000, 1200000, 1200, 1200, 1200000, 'why', "
        "'longer contract', '%s', %d, 'pending', 1, %d, UTC_TIMESTAMP(), UTC_TIMESTAMP()); SELECT LAST_INSERT_ID()"
        % (opp, cust, user_id(requester), value, "green" if green else "normal", len(approvers),
           1 if green else 0))[0][0])
    roles = {"mgr1": "manager", "mgr2": "manager", "dir1": "director", "vp1": "vp"}
    steps = []
    for level, who in enumerate(approvers, start=1):
        is_open = green or level == 1
        steps.append(int(db_query(
            "INSERT INTO approval_steps (request_id, version, level, approver_id, approver_role, requester_id, "
            "state, pending_since, comment) VALUES (%d, 1, %d, %d, '%s', %d, '%s', %s, ''); SELECT LAST_INSERT_ID()"
            % (rid, level, user_id(who), roles[who], user_id(requester), "pending" if is_open else "waiting",
               utc_now_sql() if is_open else "NULL"))[0][0]))
    return rid, steps


def step_row(step_id):
    r = db_query("SELECT state, IFNULL(decided_by, 0), IFNULL(on_behalf_of, 0), comment, "
                 "IFNULL(pending_since, ''), IFNULL(escalated_at, '') FROM approval_steps WHERE id = %d" % step_id)[0]
    return {"state": r[0], "decided_by": int(r[1]), "on_behalf_of": int(r[2]), "comment": r[3],
            "pending_since": r[4], "escalated_at": r[5]}


def req_state(rid):
    return db_value("SELECT state FROM concession_requests WHERE id = %d" % rid)


def decide(c, step_id, decision, comment="", version=1, on_behalf_of=None):
    c.get("/approvals")   # a fresh csrf token
    f = {"decision": decision, "comment": comment, "version": str(version)}
    if on_behalf_of is not None:
        f["on_behalf_of"] = str(on_behalf_of)
    return c.post("/approvals/%d" % step_id, f)


def lang_html(key, lang="zh-CN"):
    """A language string as it appears in a page (HTML-escaped)."""
    return html.escape(lang_value(key, lang), quote=False)


def kept_comment(body):
    """The decision form's comment textarea content as the browser will read it, or None without the form."""
    m = re.search(r'<textarea id="f-comment"[^>]*>(.*?)</textarea>', body, re.S)
    return html.unescape(m.group(1)) if m else None


def row_ids(body, table_id, attr="data-step-id"):
    m = re.search(r'<table class="list" id="%s">(.*?)</table>' % re.escape(table_id), body, re.S)
    if not m:
        return []
    return [int(x) for x in re.findall(r'%s="(\d+)"' % attr, m.group(1))]


class ApprovalsTest(ParleyTestCase):
    def setUp(self):
        self.delegations = []

    def tearDown(self):
        if self.delegations:
            db_query("DELETE FROM approval_delegations WHERE id IN (%s)" % ",".join(map(str, self.delegations)))
        # no leftover delegations between these users (tests create some over HTTP)
        db_query("DELETE FROM approval_delegations WHERE delegator_id IN (%d, %d)" % (user_id("mgr1"), user_id("mgr2")))
        reset_clock()

    # ------------------------------------------------------------- the inbox and the badge

    def test_inbox_and_badge(self):
        rid, steps = make_request()
        mgr1, dir1, rep1 = login("mgr1"), login("dir1"), login("rep1")
        r = mgr1.get("/approvals")
        self.assertStatus(r, 200)
        self.assertIn(steps[0], row_ids(r.body, "waiting-for-me"))
        self.assertIn('id="approvals-badge"', r.body, "the header shows the approvals badge")
        n = db_int("SELECT COUNT(*) FROM approval_steps s JOIN concession_requests r ON r.id = s.request_id "
                   "AND r.version = s.version WHERE s.state = 'pending' AND r.state = 'pending' "
                   "AND s.approver_id = %d" % user_id("mgr1"))
        self.assertIn('id="approvals-badge" title="', r.body)
        self.assertRegex(r.body, r'id="approvals-badge"[^>]*>%d<' % n)
        # level 2 waits for level 1: not in dir1's inbox yet
        r = dir1.get("/approvals")
        self.assertNotIn(steps[1], row_ids(r.body, "waiting-for-me"))
        # the requester sees it among their requests, with its state
        r = rep1.get("/approvals")
        self.assertStatus(r, 200)
        self.assertIn(rid, row_ids(r.body, "my-requests", "data-request-id"))
        self.assertNotIn('id="approvals-badge"', r.body, "reps decide nothing: no badge")
        # admin is not a sales role
        self.assertStatus(login("admin").get("/approvals"), (403, 404))

    # ------------------------------------------------------------- decisions

    def test_approve_through_the_chain(self):
        rid, steps = make_request()
        mgr1, dir1 = login("mgr1"), login("dir1")
        audits = audit_count("action = 'approval.decide' AND entity_id = %d" % rid)
        r = decide(mgr1, steps[0], "approve", "ok from me")
        self.assertRedirect(r, "/concessions/%d" % rid)
        s = step_row(steps[0])
        self.assertEqual((s["state"], s["decided_by"], s["on_behalf_of"], s["comment"]),
                         ("approved", user_id("mgr1"), 0, "ok from me"))
        self.assertEqual(req_state(rid), "pending")
        self.assertEqual(step_row(steps[1])["state"], "pending")
        self.assertNotEqual(step_row(steps[1])["pending_since"], "")
        self.assertIn(steps[1], row_ids(dir1.get("/approvals").body, "waiting-for-me"))
        r = decide(dir1, steps[1], "approve")
        self.assertRedirect(r, "/concessions/%d" % rid)
        self.assertEqual(req_state(rid), "approved")
        self.assertEqual(audit_count("action = 'approval.decide' AND entity_id = %d" % rid), audits + 2)
        self.assertIn(steps[1], row_ids(dir1.get("/approvals").body, "decided-by-me"))
        # the double click: the same decision again answers with the request page and changes nothing
        before = db_query("SELECT * FROM approval_steps WHERE request_id = %d ORDER BY id" % rid)
        r = decide(dir1, steps[1], "approve")
        self.assertRedirect(r, "/concessions/%d" % rid)
        self.assertEqual(db_query("SELECT * FROM approval_steps WHERE request_id = %d ORDER BY id" % rid), before)
        self.assertEqual(audit_count("action = 'approval.decide' AND entity_id = %d" % rid), audits + 2)
        # a different decision on a decided request is a conflict
        r = decide(dir1, steps[1], "reject", "changed my mind")
        self.assertStatus(r, 409)
        self.assertIn('id="refused-message"', r.body)
        self.assertEqual(req_state(rid), "approved")

    def test_reject_needs_a_comment_and_ends_the_request(self):
        rid, steps = make_request()
        mgr1 = login("mgr1")
        refused = audit_count("action = 'approval.refused' AND entity_id = %d" % rid)
        r = decide(mgr1, steps[0], "reject", "   ")
        self.assertStatus(r, 422)
        # back on the request page, the decision form again with the error at the comment
        self.assertIn('id="conc-title"', r.body)
        self.assertNotIn('id="refused-message"', r.body)
        self.assertIn('id="decide-form"', r.body)
        self.assertRegex(r.body, r'<p class="field-error" id="err-comment">%s</p>'
                         % re.escape(lang_html("approval.err.comment_required")))
        self.assertEqual(kept_comment(r.body), "   ")
        self.assertEqual(step_row(steps[0])["state"], "pending")
        self.assertEqual(audit_count("action = 'approval.refused' AND entity_id = %d" % rid), refused + 1)
        r = decide(mgr1, steps[0], "reject", "too much")
        self.assertRedirect(r, "/concessions/%d" % rid)
        self.assertEqual(req_state(rid), "rejected")
        self.assertEqual(step_row(steps[0])["state"], "rejected")
        self.assertEqual(step_row(steps[1])["state"], "void")
        # nothing left to decide for dir1
        r = decide(login("dir1"), steps[1], "approve")
        self.assertStatus(r, 409)
        self.assertEqual(req_state(rid), "rejected")

    def test_return_for_changes(self):
        rid, steps = make_request(approvers=("mgr1",))
        r = decide(login("mgr1"), steps[0], "return", "give me the counter-concession in writing")
        self.assertRedirect(r, "/concessions/%d" % rid)
        self.assertEqual(req_state(rid), "returned")
        self.assertEqual(step_row(steps[0])["state"], "returned")

    def test_bad_form(self):
        rid, steps = make_request(approvers=("mgr1",))
        mgr1 = login("mgr1")
        r = decide(mgr1, steps[0], "maybe")
        self.assertStatus(r, 422)
        self.assertIn('id="err-decision"', r.body)
        mgr1.get("/approvals")
        r = mgr1.post("/approvals/%d" % steps[0], {"decision": "approve"})
        self.assertStatus(r, 422)
        # the hidden version is missing: the page says to reload, the form comes back with a fresh one
        self.assertIn(lang_html("appr.err.bad_form"), r.body)
        self.assertIn('name="version" value="1"', r.body)
        self.assertEqual(step_row(steps[0])["state"], "pending")
        # without a csrf token: 403 from the dispatcher, nothing written
        self.assertStatus(mgr1.post("/approvals/%d" % steps[0], {"decision": "approve", "version": "1"},
                                    csrf=False), 403)
        self.assertEqual(step_row(steps[0])["state"], "pending")
        self.assertStatus(decide(mgr1, 999999999, "approve"), 404)

    def test_bad_input_keeps_the_comment(self):
        rid, steps = make_request(approvers=("mgr1",))
        mgr1 = login("mgr1")
        before = db_query("SELECT * FROM approval_steps WHERE request_id = %d ORDER BY id" % rid)
        decided = audit_count("action = 'approval.decide' AND entity_id = %d" % rid)
        refused = audit_count("action = 'approval.refused' AND entity_id = %d" % rid)
        typed = "价格可以再谈 <b>&amp; 但要三年合同</b>\n第二行"
        # an unknown decision: the request page, the error at the buttons, the comment kept (escaped)
        r = decide(mgr1, steps[0], "approve-ish", typed)
        self.assertStatus(r, 422)
        self.assertIn('id="conc-title"', r.body)
        self.assertRegex(r.body, r'<p class="field-error" id="err-decision">%s</p>'
                         % re.escape(lang_html("appr.err.bad_decision")))
        self.assertEqual(kept_comment(r.body), typed)
        self.assertNotIn("<b>&amp;", r.body, "the comment is escaped")
        self.assertIn('name="next" value="/concessions/%d"' % rid, r.body, "the language switch returns to the page")
        # a comment over the limit: the error next to the comment, the text kept
        long_comment = "长" * 5001
        r = decide(mgr1, steps[0], "approve", long_comment)
        self.assertStatus(r, 422)
        self.assertIn('id="err-comment"', r.body)
        self.assertEqual(kept_comment(r.body), long_comment)
        # return without a comment: the same page, in English too
        db_query("UPDATE users SET lang = 'en' WHERE username = 'mgr1'")
        try:
            en = login("mgr1")
            r = decide(en, steps[0], "return", "\n  \n")
            self.assertStatus(r, 422)
            self.assertIn(lang_html("approval.err.comment_required", "en"), r.body)
            self.assertIn('id="decide-form"', r.body)
        finally:
            db_query("UPDATE users SET lang = 'zh-CN' WHERE username = 'mgr1'")
        # nothing written but the audit of the refused empty comment
        self.assertEqual(db_query("SELECT * FROM approval_steps WHERE request_id = %d ORDER BY id" % rid), before)
        self.assertEqual(req_state(rid), "pending")
        self.assertEqual(audit_count("action = 'approval.decide' AND entity_id = %d" % rid), decided)
        self.assertEqual(audit_count("action = 'approval.refused' AND entity_id = %d" % rid), refused + 1)
        # the kept form still decides
        r = decide(mgr1, steps[0], "return", typed)
        self.assertRedirect(r, "/concessions/%d" % rid)
        self.assertEqual(db_value("SELECT comment = %s FROM approval_steps WHERE id = %d"
                                  % (sql_str(typed), steps[0])), "1")

    def test_stale_version(self):
        rid, steps = make_request(approvers=("mgr1",))
        r = decide(login("mgr1"), steps[0], "approve", version=2)
        self.assertStatus(r, 409)
        self.assertRegex(r.body, r'id="refused-message">%s<' % re.escape(lang_html("approval.err.stale_version")))
        self.assertEqual(step_row(steps[0])["state"], "pending")
        self.assertGreaterEqual(audit_count("action = 'approval.refused' AND entity_id = %d "
                                            "AND detail = 'stale_version'" % rid), 1)

    def test_separation_of_duties(self):
        rid, steps = make_request()
        # the requester may see the request but never decide it
        r = decide(login("rep1"), steps[0], "approve")
        self.assertStatus(r, 403)
        self.assertRegex(r.body, r'id="refused-message">%s<' % re.escape(lang_html("approval.err.self_approval")))
        # dir1 does not hold level 1
        r = decide(login("dir1"), steps[0], "approve")
        self.assertStatus(r, 403)
        self.assertEqual(step_row(steps[0])["state"], "pending")
        # a user who cannot see the customer and holds no step: 404
        self.assertStatus(decide(login("rep3"), steps[0], "approve"), 404)
        self.assertStatus(decide(login("mgr2"), steps[0], "approve"), 404)
        self.assertGreaterEqual(audit_count("action = 'approval.refused' AND entity_id = %d" % rid), 2)

    def test_mgr_requester_cannot_approve_own(self):
        # a manager's own request goes to dir1; mgr1 holds no step of it
        rid, steps = make_request(approvers=("dir1",), requester="mgr1")
        r = decide(login("mgr1"), steps[0], "approve")
        self.assertStatus(r, 403)
        self.assertEqual(req_state(rid), "pending")

    # ------------------------------------------------------------- delegation

    def test_delegation_to_a_peer(self):
        rid, steps = make_request()
        mgr1, mgr2 = login("mgr1"), login("mgr2")
        r = mgr1.get("/approvals/delegations")
        self.assertStatus(r, 200)
        self.assertIn('id="delegation-form"', r.body)
        # a rep is neither a peer nor the manager
        r = mgr1.post("/approvals/delegations", {"delegate": str(user_id("rep1")), "starts_on": app_today(),
                                                 "ends_on": app_today()})
        self.assertStatus(r, 422)
        self.assertIn('id="err-delegate"', r.body)
        # dates: not in the past, end not before start
        r = mgr1.post("/approvals/delegations", {"delegate": str(user_id("mgr2")), "starts_on": app_today(-1),
                                                 "ends_on": app_today()})
        self.assertStatus(r, 422)
        r = mgr1.post("/approvals/delegations", {"delegate": str(user_id("mgr2")), "starts_on": app_today(1),
                                                 "ends_on": app_today()})
        self.assertStatus(r, 422)
        self.assertEqual(db_int("SELECT COUNT(*) FROM approval_delegations WHERE delegator_id = %d"
                                % user_id("mgr1")), 0)
        # before the delegation mgr2 sees nothing of rep1's request
        self.assertNotIn(steps[0], row_ids(mgr2.get("/approvals").body, "waiting-for-me"))
        audits = audit_count("action = 'delegation.create'")
        mgr1.get("/approvals/delegations")
        r = mgr1.post("/approvals/delegations", {"delegate": str(user_id("mgr2")), "starts_on": app_today(),
                                                 "ends_on": app_today(2)})
        self.assertRedirect(r, "/approvals/delegations")
        self.assertEqual(audit_count("action = 'delegation.create'"), audits + 1)
        did = db_int("SELECT MAX(id) FROM approval_delegations WHERE delegator_id = %d" % user_id("mgr1"))
        self.delegations.append(did)
        r = mgr2.get("/approvals/delegations")
        self.assertIn(did, row_ids(r.body, "received", "data-delegation-id"))
        r = mgr2.get("/approvals")
        self.assertIn(steps[0], row_ids(r.body, "waiting-for-me"))
        self.assertIn('id="approvals-badge"', r.body)
        # the stand-in decides on mgr1's behalf
        r = decide(mgr2, steps[0], "approve", "for mgr1", on_behalf_of=user_id("mgr1"))
        self.assertRedirect(r, "/concessions/%d" % rid)
        s = step_row(steps[0])
        self.assertEqual((s["state"], s["decided_by"], s["on_behalf_of"]),
                         ("approved", user_id("mgr2"), user_id("mgr1")))
        # mgr1 now finds it decided: a conflict, nothing changes
        r = decide(mgr1, steps[0], "approve")
        self.assertStatus(r, 409)
        self.assertEqual(step_row(steps[0])["decided_by"], user_id("mgr2"))
        # only the delegator revokes
        mgr2.get("/approvals/delegations")
        self.assertStatus(mgr2.post("/approvals/delegations/%d/revoke" % did, {}), 404)
        mgr1.get("/approvals/delegations")
        r = mgr1.post("/approvals/delegations/%d/revoke" % did, {})
        self.assertRedirect(r, "/approvals/delegations")
        self.assertNotEqual(db_value("SELECT IFNULL(revoked_at, '') FROM approval_delegations WHERE id = %d" % did), "")
        self.assertEqual(audit_count("action = 'delegation.revoke' AND entity_id = %d" % did), 1)
        # a revoked delegation gives nothing
        rid2, steps2 = make_request()
        self.assertNotIn(steps2[0], row_ids(mgr2.get("/approvals").body, "waiting-for-me"))
        self.assertStatus(decide(mgr2, steps2[0], "approve"), 404)
        self.assertEqual(step_row(steps2[0])["state"], "pending")

    def test_delegation_to_own_manager_and_rep_cannot_delegate(self):
        mgr1 = login("mgr1")
        mgr1.get("/approvals/delegations")
        r = mgr1.post("/approvals/delegations", {"delegate": str(user_id("dir1")), "starts_on": app_today(),
                                                 "ends_on": app_today()})
        self.assertRedirect(r, "/approvals/delegations")
        rep1 = login("rep1")
        r = rep1.get("/approvals/delegations")
        self.assertStatus(r, 200)
        self.assertNotIn('id="delegation-form"', r.body)
        r = rep1.post("/approvals/delegations", {"delegate": str(user_id("rep2")), "starts_on": app_today(),
                                                 "ends_on": app_today()})
        self.assertStatus(r, 403)
        self.assertEqual(db_int("SELECT COUNT(*) FROM approval_delegations WHERE delegator_id = %d"
                                % user_id("rep1")), 0)

    def test_delegate_of_two_steps_is_refused(self):
        # dir1 holds level 2; mgr1 delegated to dir1 (own manager): dir1 may not decide level 1 too
        rid, steps = make_request()
        mgr1 = login("mgr1")
        mgr1.get("/approvals/delegations")
        self.assertRedirect(mgr1.post("/approvals/delegations", {"delegate": str(user_id("dir1")),
                                                                 "starts_on": app_today(), "ends_on": app_today()}),
                            "/approvals/delegations")
        r = decide(login("dir1"), steps[0], "approve")
        self.assertStatus(r, 403)
        self.assertEqual(step_row(steps[0])["state"], "pending")

    # ------------------------------------------------------------- green channel

    def test_green_channel(self):
        rid, steps = make_request(green=True)
        self.assertEqual([step_row(s)["state"] for s in steps], ["pending", "pending"])
        mgr1, dir1 = login("mgr1"), login("dir1")
        r = dir1.get("/approvals")
        self.assertIn(steps[1], row_ids(r.body, "waiting-for-me"))
        self.assertRegex(r.body, r'data-step-id="%d"[^>]*data-green="1"' % steps[1])
        self.assertIn("review-flag", r.body)
        self.assertRedirect(decide(dir1, steps[1], "approve"), "/concessions/%d" % rid)
        self.assertEqual(req_state(rid), "pending")
        self.assertRedirect(decide(mgr1, steps[0], "approve"), "/concessions/%d" % rid)
        self.assertEqual(req_state(rid), "approved")

    # ------------------------------------------------------------- the after-the-fact review

    def review(self, c, rid):
        c.get("/concessions/%d" % rid)   # a fresh csrf token
        return c.post("/concessions/%d/review" % rid, {})

    def reviewed(self, rid):
        r = db_query("SELECT IFNULL(reviewed_by, 0), IFNULL(reviewed_at, '') FROM concession_requests "
                     "WHERE id = %d" % rid)[0]
        return int(r[0]), r[1]

    def test_review_after_the_fact(self):
        rid, steps = make_request(green=True)
        mgr1, dir1, rep1, rep2, vp1 = login("mgr1"), login("dir1"), login("rep1"), login("rep2"), login("vp1")
        # still pending: nothing to review yet
        self.assertNotIn('id="review-form"', dir1.get("/concessions/%d" % rid).body)
        r = self.review(dir1, rid)
        self.assertStatus(r, 409)
        self.assertIn(lang_html("conc.err.review_not_open"), r.body)
        self.assertEqual(self.reviewed(rid), (0, ""))
        self.assertRedirect(decide(dir1, steps[1], "approve"), "/concessions/%d" % rid)
        self.assertRedirect(decide(mgr1, steps[0], "approve"), "/concessions/%d" % rid)
        self.assertEqual(req_state(rid), "approved")
        page = rep1.get("/concessions/%d" % rid).body
        self.assertIn('id="conc-review-after"', page)
        self.assertNotIn('id="conc-reviewed"', page)
        # refused: the requester, a rep, the manager (not a director or VP); a 404 for who cannot see it
        for c in (rep1, mgr1):
            self.assertNotIn('id="review-form"', c.get("/concessions/%d" % rid).body)
            r = self.review(c, rid)
            self.assertStatus(r, 403)
            self.assertIn(lang_html("conc.err.review_not_allowed"), r.body)
            self.assertIn('id="conc-title"', r.body)
        self.assertStatus(self.review(rep2, rid), (403, 404))
        self.assertStatus(self.review(login("mgr2"), rid), 404)
        self.assertStatus(self.review(login("rep3"), rid), 404)
        self.assertEqual(self.reviewed(rid), (0, ""))
        self.assertGreaterEqual(audit_count("action = 'approval.refused' AND entity_id = %d "
                                            "AND detail = 'review_not_allowed'" % rid), 2)
        self.assertEqual(audit_count("action = 'approval.refused' AND entity_id = %d "
                                     "AND detail = 'review_not_open'" % rid), 1)
        # without a csrf token: refused by the dispatcher
        self.assertStatus(dir1.post("/concessions/%d/review" % rid, {}, csrf=False), 403)
        self.assertEqual(self.reviewed(rid), (0, ""))
        # dir1 (above rep1, an approver of it too) records the review
        page = dir1.get("/concessions/%d" % rid).body
        self.assertIn('id="review-form"', page)
        self.assertIn('id="review-form"', vp1.get("/concessions/%d" % rid).body)
        audits = audit_count("action = 'concession.review' AND entity_id = %d" % rid)
        r = self.review(dir1, rid)
        self.assertRedirect(r, "/concessions/%d" % rid)
        by, at = self.reviewed(rid)
        self.assertEqual(by, user_id("dir1"))
        self.assertNotEqual(at, "")
        self.assertEqual(audit_count("action = 'concession.review' AND entity_id = %d" % rid), audits + 1)
        page = rep1.get("/concessions/%d" % rid).body
        self.assertRegex(page, r'id="conc-reviewed">[^<]*%s' % re.escape(lang_html("conc.reviewed")))
        self.assertIn(db_value("SELECT display_name FROM users WHERE username = 'dir1'"),
                      re.search(r'id="conc-reviewed">([^<]*)<', page).group(1))
        self.assertNotIn('id="conc-review-after"', page)
        self.assertNotIn('id="review-form"', dir1.get("/concessions/%d" % rid).body)
        # the inbox shows it reviewed: the requester's list and the deciders' lists
        r = rep1.get("/approvals")
        self.assertRegex(r.body, r'data-request-id="%d"[^>]*>\s*<td><a[^>]*>#%d</a>\s*'
                                 r'(<span class="badge warn green-flag">[^<]*</span>\s*)?'
                                 r'<span class="badge reviewed-flag">' % (rid, rid))
        r = dir1.get("/approvals")
        self.assertRegex(r.body, r'data-step-id="%d"[^>]*>\s*<td><a[^>]*>#%d</a>\s*'
                                 r'(<span class="badge warn green-flag">[^<]*</span>\s*)?'
                                 r'<span class="badge reviewed-flag">' % (steps[1], rid))
        # a repeat (or another reviewer afterwards) changes nothing
        self.assertRedirect(self.review(dir1, rid), "/concessions/%d" % rid)
        self.assertRedirect(self.review(vp1, rid), "/concessions/%d" % rid)
        self.assertEqual(self.reviewed(rid), (by, at))
        self.assertEqual(audit_count("action = 'concession.review' AND entity_id = %d" % rid), audits + 1)
        # the requester still may not, reviewed or not
        self.assertStatus(self.review(rep1, rid), 403)

    def test_review_of_a_directors_own_request(self):
        # dir1 files; vp1 decides (green); dir1 may not review their own request, vp1 may; rejected counts
        rid, steps = make_request(approvers=("vp1",), requester="dir1", green=True)
        dir1, vp1 = login("dir1"), login("vp1")
        self.assertRedirect(decide(vp1, steps[0], "reject", "not this quarter"), "/concessions/%d" % rid)
        self.assertEqual(req_state(rid), "rejected")
        self.assertNotIn('id="review-form"', dir1.get("/concessions/%d" % rid).body)
        self.assertStatus(self.review(dir1, rid), 403)
        self.assertEqual(self.reviewed(rid), (0, ""))
        self.assertRedirect(self.review(vp1, rid), "/concessions/%d" % rid)
        self.assertEqual(self.reviewed(rid)[0], user_id("vp1"))

    def test_review_only_for_green_requests(self):
        rid, steps = make_request(approvers=("mgr1",))
        self.assertRedirect(decide(login("mgr1"), steps[0], "approve"), "/concessions/%d" % rid)
        dir1 = login("dir1")
        self.assertNotIn('id="review-form"', dir1.get("/concessions/%d" % rid).body)
        r = self.review(dir1, rid)
        self.assertStatus(r, 409)
        self.assertIn(lang_html("conc.err.review_not_open"), r.body)
        self.assertEqual(self.reviewed(rid), (0, ""))
        self.assertEqual(audit_count("action = 'concession.review' AND entity_id = %d" % rid), 0)
        self.assertStatus(self.review(dir1, 999999999), 404)

    # ------------------------------------------------------------- the request page's decision form

    def decide_form(self, body):
        m = re.search(r'<form method="post" action="/approvals/(\d+)" class="card" id="decide-form">(.*?)</form>',
                      body, re.S)
        if not m:
            return None
        hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', m.group(2)))
        return int(m.group(1)), hidden

    def test_decide_form_on_the_request_page(self):
        rid, steps = make_request()
        mgr1, dir1, rep1, mgr2 = login("mgr1"), login("dir1"), login("rep1"), login("mgr2")
        r = mgr1.get("/concessions/%d" % rid)
        self.assertStatus(r, 200)
        form = self.decide_form(r.body)
        self.assertIsNotNone(form, "mgr1 holds the open step:\n" + r.describe())
        self.assertEqual(form[0], steps[0])
        self.assertEqual(form[1]["version"], "1")
        self.assertNotIn("on_behalf_of", form[1])
        # the waiting level and the requester get no form
        self.assertIsNone(self.decide_form(dir1.get("/concessions/%d" % rid).body))
        self.assertIsNone(self.decide_form(rep1.get("/concessions/%d" % rid).body))
        # the stand-in gets the form with on_behalf_of
        mgr1.get("/approvals/delegations")
        self.assertRedirect(mgr1.post("/approvals/delegations", {"delegate": str(user_id("mgr2")),
                                                                 "starts_on": app_today(), "ends_on": app_today()}),
                            "/approvals/delegations")
        r = mgr2.get("/concessions/%d" % rid)
        self.assertStatus(r, 200)
        form = self.decide_form(r.body)
        self.assertIsNotNone(form, r.describe())
        self.assertEqual(form[1].get("on_behalf_of"), str(user_id("mgr1")))
        self.assertIn('id="decide-behalf"', r.body)
        # the stand-in's bad input comes back on the page they see, the form still on mgr1's behalf
        fields = dict(form[1])
        fields.update({"decision": "reject", "comment": " "})
        r = mgr2.post("/approvals/%d" % form[0], fields)
        self.assertStatus(r, 422)
        self.assertIn('id="err-comment"', r.body)
        self.assertEqual(self.decide_form(r.body)[1].get("on_behalf_of"), str(user_id("mgr1")))
        self.assertEqual(step_row(steps[0])["state"], "pending")
        # posting the page's own form decides the step
        fields = dict(form[1])
        fields.update({"decision": "approve", "comment": ""})
        r = mgr2.post("/approvals/%d" % form[0], fields)
        self.assertRedirect(r, "/concessions/%d" % rid)
        self.assertEqual(step_row(steps[0])["decided_by"], user_id("mgr2"))
        form = self.decide_form(dir1.get("/concessions/%d" % rid).body)
        self.assertEqual(form[0], steps[1])
        self.assertIsNone(self.decide_form(mgr1.get("/concessions/%d" % rid).body), "mgr1's step is decided")

    def test_filed_over_http_then_decided(self):
        rep1, mgr1, dir1 = login("rep1"), login("mgr1"), login("dir1")
        opp, _ = rep1_opportunity()
        r = rep1.get("/concessions/new?opportunity_id=%d" % opp)
        self.assertStatus(r, 200)
        lp = int(db_value("SELECT list_price FROM opportunities WHERE id = %d" % opp))
        # 12 % of the list price: manager then director (unless earlier concessions push it higher)
        cur, req = lp // 100, (lp - lp * 12 // 100) // 100
        r = rep1.post("/concessions", {"opportunity_id": str(opp), "term": "price", "current_value": str(cur),
                                        "requested_value": str(req), "amount": "", "payment_days": "",
                                        "justification": "competitor", "counter_concession": "three years",
                                        "urgency": "normal", "plan_id": ""})
        self.assertStatus(r, 303)
        rid = int(r.location.rsplit("/", 1)[1])
        chain = [int(x[0]) for x in db_query("SELECT id FROM approval_steps WHERE request_id = %d ORDER BY level"
                                              % rid)]
        self.assertGreaterEqual(len(chain), 1)
        for i, step in enumerate(chain):
            who = db_value("SELECT u.username FROM approval_steps s JOIN users u ON u.id = s.approver_id "
                           "WHERE s.id = %d" % step)
            c = {"mgr1": mgr1, "dir1": dir1}.get(who) or login(who)
            self.assertIn(step, row_ids(c.get("/approvals").body, "waiting-for-me"))
            form = self.decide_form(c.get("/concessions/%d" % rid).body)
            self.assertIsNotNone(form)
            fields = dict(form[1])
            fields.update({"decision": "approve", "comment": "ok"})
            self.assertRedirect(c.post("/approvals/%d" % form[0], fields), "/concessions/%d" % rid)
        self.assertEqual(req_state(rid), "approved")
        self.assertIn(rid, row_ids(rep1.get("/approvals").body, "my-requests", "data-request-id"))

    # ------------------------------------------------------------- escalation

    def test_escalation_after_24_hours(self):
        rid, steps = make_request()
        dir1, mgr1 = login("dir1"), login("mgr1")
        r = dir1.get("/approvals")
        self.assertNotIn(steps[0], row_ids(r.body, "overdue-below-me"))
        self.assertEqual(step_row(steps[0])["escalated_at"], "")
        try:
            # 23 hours: not yet overdue, not shown above, not stamped
            set_clock_offset(clock_offset() + 23 * 3600)
            dir1, mgr1 = login("dir1"), login("mgr1")
            r = mgr1.get("/approvals")
            self.assertRegex(r.body, r'data-step-id="%d"' % steps[0])
            self.assertNotRegex(r.body, r'data-step-id="%d"[^>]*data-overdue="1"' % steps[0])
            self.assertNotIn(steps[0], row_ids(dir1.get("/approvals").body, "overdue-below-me"))
            self.assertEqual(step_row(steps[0])["escalated_at"], "")
            self.assertEqual(audit_count("action = 'approval.escalate' AND entity_id = %d" % rid), 0)
            reset_clock()
            set_clock_offset(clock_offset() + 25 * 3600)
            dir1, mgr1 = login("dir1"), login("mgr1")   # the sessions have expired meanwhile
            r = mgr1.get("/approvals")
            self.assertRegex(r.body, r'data-step-id="%d"[^>]*data-overdue="1"' % steps[0])
            # shown to the next level up, stamped and audited once
            r = dir1.get("/approvals")
            self.assertIn(steps[0], row_ids(r.body, "overdue-below-me"))
            self.assertNotEqual(step_row(steps[0])["escalated_at"], "")
            self.assertEqual(audit_count("action = 'approval.escalate' AND entity_id = %d" % rid), 1)
            dir1.get("/approvals")
            self.assertEqual(audit_count("action = 'approval.escalate' AND entity_id = %d" % rid), 1)
            # vp1 is above dir1, not above mgr1: not shown there
            self.assertNotIn(steps[0], row_ids(login("vp1").get("/approvals").body, "overdue-below-me"))
        finally:
            reset_clock()

    def test_inactive_approver_is_skipped_upward(self):
        """A manager deactivated by the administrator: a request their rep files over HTTP goes to the
        next active person up the line (dir1, then vp1), and the inactive manager decides nothing."""
        admin = login("admin")
        team1 = int(db_value("SELECT team_id FROM users WHERE username = 'mgr1'"))
        names = {}
        for key, role, mgr in (("mgr", "manager", user_id("dir1")), ("rep", "rep", None)):
            names[key] = unique_name("skip" + key)
            admin.fetch_csrf("/admin/users/new")
            r = admin.post("/admin/users", {
                "username": names[key], "display_name": "Skip %s" % key, "role": role, "team_id": str(team1),
                "region_id": "", "manager_id": str(mgr or user_id(names["mgr"])), "lang": "zh-CN",
                "password": "skip-upward-2026"})
            self.assertStatus(r, 303, "create %s" % key)
        mgr = Client()
        mgr.login(names["mgr"], "skip-upward-2026")
        admin.fetch_csrf("/admin/users/%d" % user_id(names["mgr"]))
        self.assertStatus(admin.post("/admin/users/%d/deactivate" % user_id(names["mgr"]), {}), 303)
        self.assertEqual(int(db_value("SELECT active FROM users WHERE username = %s" % sql_str(names["mgr"]))), 0)
        rep = Client()
        rep.login(names["rep"], "skip-upward-2026")
        tok = rep.fetch_csrf("/customers/new")
        r = rep.post("/customers", {
            "name": "Skip customer " + unique_name("c"), "industry": "制造", "currency": "CNY", "source": "website",
            "segment": "new", "intent": "high", "stage": "3", "need_summary": "", "suppliers": "",
            "decision_process": "", "notes": "", "next_follow_up": ""}, csrf=tok)
        self.assertStatus(r, 303)
        cid = int(r.location.rsplit("/", 1)[1])
        rep.get("/opportunities/new?customer_id=%d" % cid)
        r = rep.post("/opportunities", {
            "customer_id": str(cid), "title": "Skip deal", "stage": "3", "currency": "CNY",
            "list_price": "1,000,000", "initial_quote": "", "current_offer": "", "final_price": "",
            "expected_close": "", "status": "open", "lost_reason": ""})
        self.assertStatus(r, 303)
        oid = int(r.location.rsplit("/", 1)[1])
        rep.get("/concessions/new?opportunity_id=%d" % oid)
        # 12 %: manager then director by the default policy
        r = rep.post("/concessions", {
            "opportunity_id": str(oid), "term": "price", "current_value": "1000000", "requested_value": "880000",
            "amount": "", "payment_days": "", "justification": "竞争对手报价更低", "counter_concession": "三年合同",
            "urgency": "normal", "plan_id": ""})
        self.assertStatus(r, 303, "filing")
        rid = int(r.location.rsplit("/", 1)[1])
        chain = db_query("SELECT s.level, u.username, s.state FROM approval_steps s JOIN users u ON u.id = s.approver_id "
                         "WHERE s.request_id = %d ORDER BY s.level" % rid)
        self.assertEqual(chain, [["1", "dir1", "pending"], ["2", "vp1", "waiting"]])
        # the inactive manager cannot sign in, and nothing waits for them
        self.assertLoggedOut(mgr)
        self.assertEqual(db_int("SELECT COUNT(*) FROM approval_steps WHERE approver_id = %d"
                                % user_id(names["mgr"])), 0)
        dir1 = login("dir1")
        step = int(db_value("SELECT id FROM approval_steps WHERE request_id = %d AND level = 1" % rid))
        self.assertIn(step, row_ids(dir1.get("/approvals").body, "waiting-for-me"))
        self.assertRedirect(decide(dir1, step, "approve", "ok"), "/concessions/%d" % rid)
        vp1 = login("vp1")
        step2 = int(db_value("SELECT id FROM approval_steps WHERE request_id = %d AND level = 2" % rid))
        self.assertRedirect(decide(vp1, step2, "approve", "ok"), "/concessions/%d" % rid)
        self.assertEqual(req_state(rid), "approved")


if __name__ == "__main__":
    main()
