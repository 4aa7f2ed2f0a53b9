#!/usr/bin/env python3
"""Satisfaction surveys (SPEC §3.7) and the customer history on the customer page (SPEC §5).

Surveys: created by whoever may edit the customer, shown with the customer (history with averages),
404 for everyone else; an out-of-range score gives 422 with a message, keeps what was typed and
writes nothing; creation is audited.
History: negotiation rows are inserted directly (as root, over the stack's socket) so that the
customer page's history — records in date order, recurring needs, objection types over time,
cumulative concessions against the list price, how needs changed — is checked independently of
the record pages."""
import html
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import ParleyTestCase, audit_count, db_int, db_query, main, sql_str, user_id  # noqa: E402
from custtest import (client, create_customer, element_text, form_values, fresh_client,  # noqa: E402
                      lang_strings, today, token, user_lang)


def survey_fields(**kw):
    f = {"surveyed_on": today(), "service_quality": "4", "solution_effect": "5", "response_speed": "3",
         "team_cooperation": "4", "overall": "satisfied", "suggestions": ""}
    f.update(kw)
    return f


def survey_count(cid):
    return db_int("SELECT COUNT(*) FROM satisfaction_surveys WHERE customer_id=%d" % cid)


def selected(body, name):
    """The selected option's value of <select name=NAME>, or None."""
    m = re.search(r'<select\b[^>]*\bname="%s"[^>]*>(.*?)</select>' % re.escape(name), body, re.S)
    if not m:
        return None
    o = re.search(r'<option value="([^"]*)"[^>]*\bselected', m.group(1))
    return html.unescape(o.group(1)) if o else None


class SurveyTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        cls.rep1 = client("rep1")
        cls.cid = create_customer(cls.rep1, "Survey customer " + token("s"))

    def post_survey(self, c, cid, **kw):
        r = c.get("/customers/%d/surveys/new" % cid)
        self.assertStatus(r, 200, "new survey form")
        self.assertIsNotNone(form_values(r.body, "/customers/%d/surveys" % cid), "the form posts to the customer")
        return c.post("/customers/%d/surveys" % cid, survey_fields(**kw))

    def test_create_and_show_with_averages(self):
        cid = create_customer(self.rep1, "Survey avg " + token("s"))
        r = self.rep1.get("/customers/%d" % cid)
        self.assertStatus(r, 200)
        self.assertIn('id="new-survey"', r.body, "the owner is offered a new survey")
        self.assertIn('id="surveys-none"', r.body)
        before = audit_count("action='survey.create'")
        r = self.post_survey(self.rep1, cid, service_quality="5", solution_effect="4", response_speed="3",
                             team_cooperation="5", overall="satisfied", suggestions="更快的响应 <b>please</b>")
        self.assertRedirect(r, "/customers/%d#surveys" % cid, "create")
        r = self.post_survey(self.rep1, cid, service_quality="4", solution_effect="4", response_speed="2",
                             team_cooperation="5", overall="average", surveyed_on=today(-30))
        self.assertRedirect(r, "/customers/%d#surveys" % cid, "second survey")
        r = self.post_survey(self.rep1, cid, service_quality="4", solution_effect="5", response_speed="3",
                             team_cooperation="4", overall="dissatisfied", surveyed_on=today(-60))
        self.assertRedirect(r, "/customers/%d#surveys" % cid, "third survey")
        self.assertEqual(survey_count(cid), 3)
        rows = db_query("SELECT id, service_quality, overall, created_by, suggestions FROM satisfaction_surveys "
                        "WHERE customer_id=%d ORDER BY surveyed_on DESC" % cid)
        self.assertEqual([r_[1:4] for r_ in rows],
                         [["5", "satisfied", str(user_id("rep1"))], ["4", "average", str(user_id("rep1"))],
                          ["4", "dissatisfied", str(user_id("rep1"))]])
        self.assertEqual(audit_count("action='survey.create'"), before + 3)
        sid = int(rows[0][0])
        self.assertEqual(audit_count("action='survey.create' AND entity='survey' AND entity_id=%d" % sid), 1)
        detail = db_query("SELECT detail FROM audit_log WHERE action='survey.create' AND entity_id=%d" % sid)[0][0]
        self.assertNotIn("please", detail, "the audit detail names fields, never values")

        r = self.rep1.get("/customers/%d" % cid)
        self.assertStatus(r, 200)
        ids = [int(x) for x in re.findall(r'data-survey-id="(\d+)"', r.body)]
        self.assertEqual(ids, [int(x[0]) for x in rows], "surveys newest first")
        # averages: service (5+4+4)/3 = 4.3, solution 13/3 = 4.3, speed 8/3 = 2.7, team 14/3 = 4.7, all 48/12 = 4.0
        self.assertEqual(element_text(r.body, "avg-count"), "3")
        self.assertEqual(element_text(r.body, "avg-service_quality"), "4.3")
        self.assertEqual(element_text(r.body, "avg-solution_effect"), "4.3")
        self.assertEqual(element_text(r.body, "avg-response_speed"), "2.7")
        self.assertEqual(element_text(r.body, "avg-team_cooperation"), "4.7")
        self.assertEqual(element_text(r.body, "avg-all"), "4.0")
        self.assertIn("更快的响应 &lt;b&gt;please&lt;/b&gt;", r.body, "suggestions shown, escaped")
        self.assertNotIn("<b>please</b>", r.body)
        # The team manager sees the history too.
        r = client("mgr1").get("/customers/%d" % cid)
        self.assertStatus(r, 200)
        self.assertEqual(len(re.findall(r'data-survey-id="\d+"', r.body)), 3)

    def test_not_visible_or_not_editable_is_404(self):
        cid = create_customer(self.rep1, "Survey hidden " + token("s"))
        r = self.post_survey(self.rep1, cid)
        self.assertStatus(r, 303)
        tok = self.rep1.csrf
        for name in ("rep3", "mgr2", "admin", "rep2"):
            c = fresh_client(name)
            self.assertStatus(c.get("/customers/%d/surveys/new" % cid), 404, "%s GET new" % name)
            c.fetch_csrf("/")
            r = c.post("/customers/%d/surveys" % cid, survey_fields())
            self.assertStatus(r, 404, "%s POST" % name)
            if name != "admin":
                self.assertStatus(c.get("/customers/%d" % cid), 404, "%s customer page" % name)
        self.assertEqual(survey_count(cid), 1, "nothing written by the others")
        self.assertTrue(tok)
        # A teammate who may see a shared customer but not edit it: survey history yes, new survey no.
        shared = create_customer(self.rep1, "Survey shared " + token("s"), shared_with_team="1")
        self.assertStatus(self.post_survey(self.rep1, shared), 303)
        rep2 = fresh_client("rep2")
        r = rep2.get("/customers/%d" % shared)
        self.assertStatus(r, 200, "shared with the team")
        self.assertEqual(len(re.findall(r'data-survey-id="\d+"', r.body)), 1, "surveys visible with the customer")
        self.assertNotIn('id="new-survey"', r.body)
        self.assertStatus(rep2.get("/customers/%d/surveys/new" % shared), 404)
        rep2.fetch_csrf("/")
        self.assertStatus(rep2.post("/customers/%d/surveys" % shared, survey_fields()), 404)
        self.assertEqual(survey_count(shared), 1)
        self.assertStatus(self.rep1.get("/customers/999999999/surveys/new"), 404)

    def test_out_of_range_score_is_422_and_writes_nothing(self):
        cid = self.cid
        strings = lang_strings(user_lang("rep1"))
        bad_score = strings["form.out_of_range"]
        n0, a0 = survey_count(cid), audit_count("action='survey.create'")
        r = self.post_survey(self.rep1, cid, service_quality="6", solution_effect="2", response_speed="5",
                             team_cooperation="1", overall="average", suggestions="keep this text",
                             surveyed_on=today(-3))
        self.assertStatus(r, 422, "score 6")
        self.assertEqual(html.unescape(element_text(r.body, "err-service_quality") or ""), bad_score)
        self.assertIsNone(element_text(r.body, "err-solution_effect"))
        self.assertIn("keep this text", r.body, "typed values kept")
        self.assertEqual(selected(r.body, "solution_effect"), "2")
        self.assertEqual(selected(r.body, "response_speed"), "5")
        self.assertEqual(selected(r.body, "team_cooperation"), "1")
        self.assertEqual(selected(r.body, "overall"), "average")
        self.assertIn('value="%s"' % today(-3), r.body)
        for bad in ({"team_cooperation": "0"}, {"response_speed": "abc"}, {"solution_effect": "-1"},
                    {"service_quality": ""}, {"overall": "happy"}, {"surveyed_on": today(1)},
                    {"surveyed_on": "2026-02-30"}):
            r = self.post_survey(self.rep1, cid, suggestions="kept " + repr(bad), **bad)
            self.assertStatus(r, 422, repr(bad))
            field = list(bad)[0]
            self.assertIsNotNone(element_text(r.body, "err-" + field), "message for %r" % bad)
            self.assertIn("kept " + repr(bad), html.unescape(r.body), "typed values kept for %r" % bad)
        # A date later than today has the kit's own message.
        r = self.post_survey(self.rep1, cid, surveyed_on=today(1))
        self.assertEqual(html.unescape(element_text(r.body, "err-surveyed_on") or ""), strings["form.in_future"])
        self.assertEqual(survey_count(cid), n0, "nothing written")
        self.assertEqual(audit_count("action='survey.create'"), a0, "nothing audited")


# ----------------------------------------------------------------------------- history

def insert_record(cid, owner, held_on, opp=None, phase="initial", ntype="first_contact", status="follow_up",
                  completed=True, needs=(), objections=(), concessions=()):
    """One negotiation row with its needs (topics), objections (types) and concessions
    ((value or None, discount_bp or None)); returns its id."""
    sql = ("INSERT INTO negotiations (customer_id, opportunity_id, plan_id, held_on, start_time, end_time, ended_at, "
           "place, our_participants, their_participants, type, phase, status, review_strengths, review_improve, "
           "review_relationship, review_strategy, review_moments, completed_at, owner_id, created_by, created_at, "
           "updated_at) VALUES (%d, %s, NULL, '%s', '10:00:00', '11:00:00', '%s 03:00:00', '', '', '', '%s', '%s', "
           "'%s', '', '', '', '', '', %s, %d, %d, NOW(), NOW()); SELECT LAST_INSERT_ID();" % (
               cid, "%d" % opp if opp else "NULL", held_on, held_on, ntype, phase, status,
               "'%s 05:00:00'" % held_on if completed else "NULL", owner, owner))
    nid = int(db_query(sql)[0][0])
    stmts = []
    for i, topic in enumerate(needs):
        stmts.append("INSERT INTO negotiation_needs (negotiation_id, position, text, urgency, topic) "
                     "VALUES (%d, %d, %s, 'high', '%s')" % (nid, i, sql_str("need " + topic), topic))
    for i, otype in enumerate(objections):
        stmts.append("INSERT INTO objections (negotiation_id, customer_id, position, quote, type, response, result, "
                     "owner_id, follow_up, updated_at) VALUES (%d, %d, %d, 'too expensive', '%s', '', 'unresolved', "
                     "%d, '', NOW())" % (nid, cid, i, otype, owner))
    for i, (value, bp) in enumerate(concessions):
        stmts.append("INSERT INTO negotiation_concessions (negotiation_id, position, term, from_value, to_value, "
                     "value, discount_bp, payment_days, counter) VALUES (%d, %d, 'price', 'a', 'b', %s, %s, NULL, "
                     "'longer contract')" % (nid, i, "NULL" if value is None else value, "NULL" if bp is None else bp))
    if stmts:
        db_query("; ".join(stmts))
    return nid


class HistoryTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        cls.rep1 = client("rep1")
        cls.cid = create_customer(cls.rep1, "History customer " + token("h"))
        cls.other = create_customer(cls.rep1, "History other " + token("h"))
        owner = user_id("rep1")
        # An opportunity with a list price of 1,000,000.00 (100000000 minor units).
        cls.opp = int(db_query(
            "INSERT INTO opportunities (customer_id, title, stage, currency, list_price, status, lost_reason, "
            "owner_id, created_at, updated_at) VALUES (%d, 'History deal', 3, 'CNY', 100000000, 'open', '', %d, "
            "NOW(), NOW()); SELECT LAST_INSERT_ID();" % (cls.cid, owner))[0][0])
        # Inserted out of date order on purpose. Dates: d1 < d2 < d3 < d4.
        cls.d = ["2026-01-10", "2026-02-12", "2026-03-15", "2026-04-20"]
        cls.r3 = insert_record(cls.cid, owner, cls.d[2], opp=cls.opp, phase="middle", ntype="price",
                               needs=("delivery", "price"), concessions=((2000000, 200), (None, 300), (None, None)))
        cls.r1 = insert_record(cls.cid, owner, cls.d[0], needs=("price", "quality", "price"))
        cls.r4 = insert_record(cls.cid, owner, cls.d[3], phase="final", ntype="final", status="won", completed=False,
                               needs=("delivery", "support"), objections=("decision",),
                               concessions=((100000, None),))
        cls.r2 = insert_record(cls.cid, owner, cls.d[1], opp=cls.opp, phase="middle", ntype="proposal",
                               needs=("delivery",), objections=("price", "price", "trust"))
        # Another customer's record must not show up.
        cls.x = insert_record(cls.other, owner, "2026-03-01", needs=("delivery", "payment"), objections=("function",))

    @classmethod
    def tearDownClass(cls):
        db_query("DELETE FROM negotiations WHERE customer_id IN (%d, %d)" % (cls.cid, cls.other))
        db_query("DELETE FROM opportunities WHERE id=%d" % cls.opp)

    def page(self, username="rep1"):
        r = client(username).get("/customers/%d" % self.cid)
        self.assertStatus(r, 200)
        self.assertIn('id="customer-history"', r.body, "the customer page includes the history partial")
        return r

    def test_records_in_date_order(self):
        r = self.page()
        ids = [int(x) for x in re.findall(r'<tr\b[^>]*\bdata-negotiation-id="(\d+)"', r.body)]
        self.assertEqual(ids, [self.r1, self.r2, self.r3, self.r4], "all records, oldest first")
        self.assertNotIn('data-negotiation-id="%d"' % self.x, r.body)
        for nid in ids:
            self.assertIn('href="/negotiations/%d"' % nid, r.body)
        strings = lang_strings(user_lang("rep1"))
        row = re.search(r'<tr\b[^>]*data-negotiation-id="%d"[^>]*>(.*?)</tr>' % self.r4, r.body, re.S).group(0)
        self.assertIn('data-phase="final"', row)
        self.assertIn('data-status="won"', row)
        self.assertIn(strings["hist_phase.final"], row)
        self.assertIn(strings["hist_type.final"], row)
        self.assertIn(strings["hist_status.won"], row)
        self.assertIn(strings["history.draft"], row, "an incomplete record is marked")

    def test_recurring_needs_and_change(self):
        r = self.page()
        strings = lang_strings(user_lang("rep1"))
        items = re.findall(r'<li data-topic="(\w+)" data-k="(\d+)" data-n="(\d+)">(.*?)</li>', r.body, re.S)
        self.assertEqual([(t, int(k), int(n)) for t, k, n, _ in items], [("delivery", 3, 4), ("price", 2, 4)],
                         "delivery in 3 of the last 4 records, price in 2; once-only topics are not recurring")
        text = html.unescape(re.sub(r"<[^>]+>", "", items[0][3]))
        self.assertIn(strings["hist_topic.delivery"], text)
        self.assertIn(strings["history.recur_fmt"].replace("{k}", "3").replace("{n}", "4"), text)
        # first record (price, quality) → latest (delivery, support)
        added = re.findall(r'data-topic="(\w+)"', element_html(r.body, "needs-added"))
        dropped = re.findall(r'data-topic="(\w+)"', element_html(r.body, "needs-dropped"))
        kept = re.findall(r'data-topic="(\w+)"', element_html(r.body, "needs-kept"))
        self.assertEqual(added, ["delivery", "support"])
        self.assertEqual(dropped, ["price", "quality"])
        self.assertEqual(kept, [])

    def test_objection_types_over_time(self):
        r = self.page()
        table = element_html(r.body, "objection-trend")
        rows = re.findall(r'<tr data-date="([\d-]+)">(.*?)</tr>', table, re.S)
        self.assertEqual([d for d, _ in rows], [self.d[1], self.d[3]], "one point per record date, in order")
        counts = dict(re.findall(r'data-type="(\w+)">(\d+)<', rows[0][1]))
        self.assertEqual(counts, {"price": "2", "function": "0", "trust": "1", "decision": "0"})
        counts = dict(re.findall(r'data-type="(\w+)">(\d+)<', rows[1][1]))
        self.assertEqual(counts, {"price": "0", "function": "0", "trust": "0", "decision": "1"})
        totals = dict(re.findall(r'data-type="(\w+)">(\d+)<', element_html(r.body, "objection-totals")))
        self.assertEqual(totals, {"price": "2", "function": "0", "trust": "1", "decision": "1"},
                         "the other customer's function objection is not counted")

    def test_cumulative_concessions(self):
        r = self.page()
        table = element_html(r.body, "history-concessions")
        rows = re.findall(r'<tr data-opportunity-id="(\d+)"([^>]*)>(.*?)</tr>', table, re.S)
        self.assertEqual([int(x[0]) for x in rows], [0, self.opp], "records without an opportunity, then the deal")
        # 20,000.00 given + a 3% step valued at 30,000.00 = 50,000.00 of 1,000,000.00 = 5%
        self.assertIn('data-cumulative-bp="500"', rows[1][1])
        self.assertIn("5%", rows[1][2])
        self.assertIn("50,000.00", rows[1][2])
        self.assertIn("1,000,000.00", rows[1][2])
        self.assertIn('href="/opportunities/%d"' % self.opp, rows[1][2])
        # Without a list price: the value is summed, no cumulative percentage.
        self.assertNotIn("data-cumulative-bp", rows[0][1])
        self.assertIn("1,000.00", rows[0][2])
        self.assertIn(lang_strings(user_lang("rep1"))["history.no_list_price"], rows[0][2])

    def test_history_follows_customer_visibility(self):
        for name in ("rep3", "mgr2"):
            self.assertStatus(client(name).get("/customers/%d" % self.cid), 404, name)
        r = self.page("mgr1")
        ids = [int(x) for x in re.findall(r'<tr\b[^>]*\bdata-negotiation-id="(\d+)"', r.body)]
        self.assertEqual(ids, [self.r1, self.r2, self.r3, self.r4])

    def test_customer_without_records(self):
        r = client("rep1").get("/customers/%d" % create_customer(self.rep1, "History empty " + token("h")))
        self.assertStatus(r, 200)
        self.assertIn('id="history-no-records"', r.body)
        self.assertNotIn("data-negotiation-id", r.body)


def element_html(body, elem_id):
    """Inner HTML of the element with id=elem_id (nested tags of other names allowed)."""
    m = re.search(r'<(\w+)[^>]*\bid="%s"[^>]*>(.*?)</\1>' % re.escape(elem_id), body, re.S)
    if not m:
        raise AssertionError("no element id=%s" % elem_id)
    return m.group(2)


if __name__ == "__main__":
    main()
