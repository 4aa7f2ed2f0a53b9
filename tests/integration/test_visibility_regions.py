#!/usr/bin/env python3
"""Row visibility with two regions in the data, through the real statements (VIS_SQL in MariaDB) and
the real pages. The administrator creates a second region with its own director, manager and rep over
HTTP; that rep records a whole deal there (customer, contact, follow-up, survey, opportunity, plan,
needs report, negotiation record with an objection and an action, a concession request waiting for
approval, an internal request to the manager). Then, for a rep, a manager and the director of region 1:

- every list, count, filter, report and export they can open is byte for byte what it was before
  region 2 had any data (lists, home figures, header counts, pickers and filter choices included);
- every page of a region-2 id answers 404, and every POST on one answers 404 and changes nothing;
- a customer of region 1 that only the region clause lets the director see (another team's,
  not shared) is seen by dir1 and not by the director of region 2, and region 2's director sees
  region 2's deal — so the test fails whether VIS_SQL's region clause is dropped or widened."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import Client, ParleyTestCase, db_int, db_query, main, reset_clock, unique_name, user_id  # noqa: E402
from custtest import client, create_customer, form_values, today, token  # noqa: E402
from exporttest import export, exports_dir, last_job, read_csv, wait_job  # noqa: E402

PASSWORD = "region-two-pass-2026"
REGION1 = ("rep1", "mgr1", "dir1")     # one user of each tier below the vp

# Lists, counts, filters and reports a user of region 1 opens without naming any id of region 2.
LISTS = ("/", "/customers", "/customers?sort=updated", "/customers?sort=follow", "/customers?intent=high",
         "/negotiations", "/negotiations?late=1", "/plans", "/opportunities", "/opportunities?status=open",
         "/concessions", "/concessions?state=pending", "/approvals", "/actions", "/actions?scope=region",
         "/actions?scope=team", "/actions?state=overdue", "/objections", "/follow-ups", "/reports",
         "/reports?period=year", "/exports", "/negotiations/new", "/plans/new", "/concessions/new",
         "/opportunities/new", "/requests", "/requests?box=waiting", "/requests?box=mine", "/requests?box=overdue")
# Not in LISTS: /approvals/delegations, where a director may choose any active peer (same role, same
# manager) as a stand-in — region 2's director is dir1's peer under vp1 by the delegation rule.


def normalise(body):
    """A page without what changes from one request to the next (tokens, nonces, the clock's minute)."""
    body = re.sub(r'(name="csrf_token" value=")[^"]*"', r'\1"', body)
    body = re.sub(r'(value=")[^"]*(" name="csrf_token")', r'\1\2', body)
    body = re.sub(r'(<meta name="csrf-token" content=")[^"]*"', r'\1"', body)
    body = re.sub(r'nonce="[^"]*"', 'nonce=""', body)
    # time left on a record counts down between the two snapshots
    body = re.sub(r'(剩余|time left)[^<]*', r'\1', body)
    return body


def admin_post(admin, form_path, path, fields):
    admin.fetch_csrf(form_path)
    r = admin.post(path, fields)
    if r.status != 303:
        raise AssertionError("%s failed:\n%s" % (path, r.describe(3000)))
    return r


def new_id(r):
    return int(r.location.split("#")[0].rsplit("/", 1)[1])


class TwoRegionsTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        reset_clock()
        cls.tok = token("rgn")
        # Region 1: a team-2 customer of rep3, not shared: only the region clause shows it to dir1.
        cls.r1_cid = create_customer(client("rep3"), "%s 一区二组" % cls.tok)
        # What region 1 sees before region 2 has anything.
        cls.before = {u: cls.snapshot(u) for u in REGION1}
        cls.make_region2()
        cls.after = {u: cls.snapshot(u) for u in REGION1}

    @classmethod
    def snapshot(cls, who):
        c = Client()
        c.login(who)
        return {p: (r.status, normalise(r.body)) for p in LISTS for r in (c.get(p),)}

    @classmethod
    def make_region2(cls):
        admin = Client()
        admin.login("admin")
        rname = "二区 %s" % cls.tok
        admin_post(admin, "/admin/regions", "/admin/regions", {"name": rname})
        cls.region2 = db_int("SELECT id FROM regions WHERE name = '%s'" % rname)
        tname = "二区一组 %s" % cls.tok
        admin_post(admin, "/admin/teams", "/admin/teams", {"name": tname, "region_id": str(cls.region2)})
        cls.team3 = db_int("SELECT id FROM teams WHERE name = '%s'" % tname)
        cls.users = {}
        for key, role, team, region, mgr in (("dir2", "director", "", str(cls.region2), user_id("vp1")),
                                             ("mgr3", "manager", str(cls.team3), "", None),
                                             ("rep4", "rep", str(cls.team3), "", None)):
            name = unique_name(key)
            manager = mgr if mgr else cls.users["dir2" if key == "mgr3" else "mgr3"][1]
            admin_post(admin, "/admin/users/new", "/admin/users", {
                "username": name, "display_name": "%s %s" % (key, cls.tok), "role": role, "team_id": team,
                "region_id": region, "manager_id": str(manager), "lang": "zh-CN", "password": PASSWORD})
            cls.users[key] = (name, user_id(name))
        rep4 = cls.login_as("rep4")
        cls.ids = ids = {}
        ids["customer"] = create_customer(rep4, "%s 二区客户" % cls.tok, intent="high")
        ids["shared"] = create_customer(rep4, "%s 二区共享" % cls.tok, shared_with_team="1")
        cid = ids["customer"]
        rep4.fetch_csrf("/customers/%d" % cid)
        assert rep4.post("/customers/%d/contacts" % cid, {
            "name": "%s 联系人" % cls.tok, "title": "CFO", "phone": "13800000000", "email": "x@example.com",
            "decision_role": "decides", "personality": "hesitant", "notes": ""}).status == 303
        ids["contact"] = db_int("SELECT MAX(id) FROM contacts WHERE customer_id = %d" % cid)
        rep4.fetch_csrf("/customers/%d" % cid)
        assert rep4.post("/customers/%d/follow-ups" % cid, {
            "happened_on": today(),
            "channel": "phone", "summary": "%s 跟进" % cls.tok, "next_date": ""}).status == 303
        rep4.get("/customers/%d/surveys/new" % cid)
        assert rep4.post("/customers/%d/surveys" % cid, {
            "surveyed_on": today(), "service_quality": "4", "solution_effect": "5", "response_speed": "3",
            "team_cooperation": "4", "overall": "satisfied", "suggestions": "%s 建议" % cls.tok}).status == 303
        rep4.get("/opportunities/new?customer_id=%d" % cid)
        r = rep4.post("/opportunities", {
            "customer_id": str(cid), "title": "%s 商机" % cls.tok, "stage": "3", "currency": "CNY",
            "list_price": "1,000,000", "initial_quote": "", "current_offer": "", "final_price": "",
            "expected_close": "", "status": "open", "lost_reason": ""})
        assert r.status == 303, r.describe()
        ids["opportunity"] = oid = new_id(r)
        rep4.get("/plans/new?opportunity_id=%d" % oid)
        r = rep4.post("/plans", {
            "opportunity_id": str(oid), "topic": "%s 方案" % cls.tok, "strategy": "concession", "meeting_on": "",
            "start_time": "", "place": "", "must_goals": "x", "concedable_goals": "", "agenda": "",
            "counter_proposals": "", "ladder_step": "3", "ladder_asks": "", "batna": "%s BATNA" % cls.tok,
            "min_price": "950,000", "max_discount": "5", "max_payment_days": "60", "walkaway_payment_days": "",
            "min_margin": "", "walkaway_margin": ""})
        assert r.status == 303, r.describe()
        ids["plan"] = new_id(r)
        rep4.get("/opportunities/%d/needs/new" % oid)
        r = rep4.post("/opportunities/%d/needs" % oid, [
            ("researched_on", "2026-11-20"), ("method", "interview"), ("current_situation", "x"),
            ("pains.0.text", "slow"), ("pains.0.priority", "1"), ("expected_goals", "y"),
            ("budget_currency", "CNY"), ("budget_min", "1"), ("budget_max", "900,000"), ("decision_process", "z"),
            ("needs.0.text", "n"), ("needs.0.class", "must"), ("confirmed_on", "")])
        assert r.status == 303, r.describe()
        ids["needs"] = new_id(r)
        rep4.get("/negotiations/new?customer_id=%d" % cid)
        r = rep4.post("/negotiations", [
            ("customer_id", str(cid)), ("opportunity_id", str(oid)), ("plan_id", str(ids["plan"])),
            ("held_on", "2026-11-20"), ("start_time", "09:30"), ("end_time", "11:00"), ("place", ""),
            ("our_participants", "rep4"), ("their_participants", "CFO"), ("type", "price"), ("phase", "middle"),
            ("status", "follow_up"), ("review_strengths", ""), ("review_improve", ""),
            ("review_relationship", ""), ("review_strategy", ""), ("review_moments", ""),
            ("objections.0.quote", "%s 太贵" % cls.tok), ("objections.0.type", "price"),
            ("objections.0.response", ""), ("objections.0.result", ""), ("objections.0.owner", ""),
            ("objections.0.follow_up", ""),
            ("actions.0.what", "%s 行动" % cls.tok), ("actions.0.owner", str(cls.users["rep4"][1])),
            ("actions.0.due", "2026-11-01"), ("actions.0.deliverable", "报价单"),
            ("terms.0.term", "price"), ("terms.0.ours", "a"), ("terms.0.theirs", "b"),
            ("terms.0.price", "900000"), ("terms.0.discount", ""), ("terms.0.payment_days", "")])
        assert r.status == 303, r.describe(3000)
        ids["record"] = nid = new_id(r)
        ids["objection"] = db_int("SELECT MIN(id) FROM objections WHERE negotiation_id = %d" % nid)
        ids["action"] = db_int("SELECT MIN(id) FROM negotiation_actions WHERE negotiation_id = %d" % nid)
        rep4.get("/concessions/new?opportunity_id=%d" % oid)
        r = rep4.post("/concessions", {
            "opportunity_id": str(oid), "term": "price", "current_value": "1000000", "requested_value": "880000",
            "amount": "", "payment_days": "", "justification": "%s 理由" % cls.tok, "counter_concession": "三年合同",
            "urgency": "normal", "plan_id": ""})
        assert r.status == 303, r.describe()
        ids["request"] = rid = new_id(r)
        ids["step"] = db_int("SELECT MIN(id) FROM approval_steps WHERE request_id = %d AND state = 'pending'" % rid)
        rep4.fetch_csrf("/customers/%d/requests/new" % cid)
        r = rep4.post("/customers/%d/requests" % cid, {
            "subject": "%s 内部请求" % cls.tok, "question": "能否六周内交付？", "responder": str(cls.users["mgr3"][1]),
            "opportunity_id": str(oid)})
        assert r.status == 303, r.describe(3000)
        ids["ireq"] = new_id(r)
        assert db_int("SELECT COUNT(*) FROM customers WHERE region_id = %d" % cls.region2) == 2

    @classmethod
    def login_as(cls, key):
        c = Client()
        c.login(cls.users[key][0], PASSWORD)
        return c

    def region2_rows(self):
        """Every row that hangs off region 2's customers, in every table that names one of them."""
        cids = "%d, %d" % (self.ids["customer"], self.ids["shared"])
        out = {"customers": db_query("SELECT * FROM customers WHERE id IN (%s) ORDER BY id" % cids)}
        out["internal_requests"] = db_query("SELECT * FROM internal_requests WHERE id = %d" % self.ids["ireq"])
        keyed = {"customer_id": cids, "opportunity_id": str(self.ids["opportunity"]),
                 "negotiation_id": str(self.ids["record"]), "request_id": str(self.ids["request"]),
                 "plan_id": str(self.ids["plan"])}
        for table, column in db_query("SELECT table_name, column_name FROM information_schema.columns "
                                      "WHERE table_schema = DATABASE() AND column_name IN (%s) ORDER BY 1, 2"
                                      % ", ".join("'%s'" % k for k in keyed)):
            if table.startswith("kpi") or table in ("audit_log", "jobs"):
                continue
            out["%s.%s" % (table, column)] = db_query("SELECT * FROM `%s` WHERE `%s` IN (%s) ORDER BY 1"
                                                      % (table, column, keyed[column]))
        return out

    # ------------------------------------------------------------------ the data is really there
    def test_00_region2_sees_its_own_and_not_region1(self):
        self.assertGreater(db_int("SELECT COUNT(*) FROM negotiations WHERE customer_id = %d" % self.ids["customer"]), 0)
        for key in ("dir2", "mgr3", "rep4"):
            c = self.login_as(key)
            with self.subTest(user=key):
                r = c.get("/customers?q=%s" % self.tok)
                self.assertStatus(r, 200)
                self.assertIn("/customers/%d\"" % self.ids["customer"], r.body)
                self.assertNotIn("/customers/%d\"" % self.r1_cid, r.body, "region 1's customer shown to %s" % key)
                for path in ("/negotiations/%d" % self.ids["record"], "/plans/%d" % self.ids["plan"],
                             "/concessions/%d" % self.ids["request"]):
                    self.assertStatus(c.get(path), 200, path)
                self.assertStatus(c.get("/customers/%d" % self.r1_cid), 404)
        dir2 = self.login_as("dir2")
        r = dir2.get("/objections")
        self.assertIn("%s 太贵" % self.tok, r.body)
        r = self.login_as("mgr3").get("/approvals")
        self.assertIn('data-step-id="%d"' % self.ids["step"], r.body)

    def test_01_region_clause_shows_dir1_its_region(self):
        dir1 = client("dir1")
        r = dir1.get("/customers?q=%s" % self.tok)
        self.assertIn("/customers/%d\"" % self.r1_cid, r.body, "dir1 does not see region 1's customer of team 2")
        self.assertNotIn("/customers/%d\"" % self.ids["customer"], r.body)
        self.assertStatus(dir1.get("/customers/%d" % self.r1_cid), 200)
        # vp1 sees every region (the control: the rows are visible to someone above both)
        r = client("vp1").get("/customers?q=%s" % self.tok)
        for cid in (self.r1_cid, self.ids["customer"], self.ids["shared"]):
            self.assertIn("/customers/%d\"" % cid, r.body)

    # ------------------------------------------------------------------ lists, counts, filters
    def test_lists_counts_and_filters_unchanged(self):
        for who in self.before:
            for path in LISTS:
                with self.subTest(user=who, path=path):
                    b, a = self.before[who][path], self.after[who][path]
                    self.assertEqual(a[0], b[0], "status of %s as %s" % (path, who))
                    self.assertNotIn(self.tok + " 二区", a[1])
                    self.assertNotIn(self.users["rep4"][0], a[1])
                    if a[1] != b[1]:
                        import difflib
                        diff = "\n".join(list(difflib.unified_diff(b[1].splitlines(), a[1].splitlines(),
                                                                   lineterm="", n=1))[:40])
                        self.fail("%s as %s changed once region 2 had data:\n%s" % (path, who, diff))

    def test_filters_naming_region2(self):
        i, u = self.ids, self.users
        paths = ["/customers?q=%s" % self.tok, "/customers?owner=%d" % u["rep4"][1], "/customers?team=%d" % self.team3,
                 "/negotiations?customer=%d" % i["customer"], "/objections?customer=%d" % i["customer"],
                 "/objections?owner=%d" % u["rep4"][1], "/opportunities?customer=%d" % i["customer"],
                 "/actions?customer=%d" % i["customer"], "/actions?owner=%d" % u["rep4"][1],
                 "/concessions?opportunity=%d" % i["opportunity"], "/plans?opportunity=%d" % i["opportunity"],
                 "/reports?scope=region:%d" % self.region2, "/reports?scope=team:%d" % self.team3,
                 "/reports?scope=rep:%d" % u["rep4"][1], "/reports?scope=company",
                 "/reports/records?scope=region:%d" % self.region2, "/reports/records?scope=team:%d" % self.team3]
        for who in REGION1:
            c = client(who)
            for p in paths:
                with self.subTest(user=who, path=p):
                    r = c.get(p)
                    self.assertStatus(r, (200, 404))
                    self.assertNotIn(self.tok + " 二区", r.body)
                    self.assertNotIn("%s 太贵" % self.tok, r.body)
                    self.assertNotIn("%s 行动" % self.tok, r.body)
                    for key in ("customer", "record", "request", "plan", "opportunity"):
                        self.assertNotRegex(r.body, r'/(customers|negotiations|concessions|plans|opportunities)/%d"'
                                            % i[key])

    def test_export_has_nothing_of_region2(self):
        for who in REGION1:
            c = client(who)
            for filters in ({}, {"customer": self.ids["customer"]}):
                with self.subTest(user=who, filters=filters):
                    r = export(c, "records", "csv", **filters)
                    self.assertStatus(r, (200, 303))
                    if r.status == 200:
                        data = r.body_bytes
                    else:  # a large export runs as a job: read the file it wrote
                        j = wait_job(last_job(who)["id"])
                        self.assertEqual(j["state"], "done")
                        with open(os.path.join(exports_dir(), j["path"]), "rb") as fh:
                            data = fh.read()
                    self.assertNotIn(self.tok.encode(), data)
                    ids = {row[0] for row in read_csv(data)[1:] if row}
                    self.assertNotIn(str(self.ids["record"]), ids)
        # the control: region 2's director gets region 2's record in the same export
        r = export(self.login_as("dir2"), "records", "csv", customer=self.ids["customer"])
        self.assertStatus(r, 200)
        self.assertIn(self.tok, r.body)

    # ------------------------------------------------------------------ pages and POSTs by id
    def id_pages(self):
        i = self.ids
        return ["/customers/%d" % i["customer"], "/customers/%d" % i["shared"], "/customers/%d/edit" % i["customer"],
                "/customers/%d/contacts/%d/edit" % (i["customer"], i["contact"]),
                "/customers/%d/surveys/new" % i["customer"], "/opportunities/%d" % i["opportunity"],
                "/opportunities/%d/edit" % i["opportunity"], "/opportunities/%d/needs" % i["opportunity"],
                "/opportunities/%d/needs/new" % i["opportunity"], "/needs/%d" % i["needs"],
                "/needs/%d/edit" % i["needs"], "/plans/%d" % i["plan"], "/plans/%d/edit" % i["plan"],
                "/negotiations/%d" % i["record"], "/negotiations/%d/edit" % i["record"],
                "/negotiations/%d/print" % i["record"], "/concessions/%d" % i["request"],
                "/concessions/%d/edit" % i["request"], "/actions/%d" % i["action"], "/requests/%d" % i["ireq"],
                "/customers/%d/requests/new" % i["customer"], "/opportunities/%d/close" % i["opportunity"]]

    def new_pages(self):
        i = self.ids
        return ["/negotiations/new?customer_id=%d" % i["customer"], "/opportunities/new?customer_id=%d" % i["customer"],
                "/plans/new?opportunity_id=%d" % i["opportunity"], "/concessions/new?opportunity_id=%d" % i["opportunity"],
                "/negotiations/new?customer_id=%d&opportunity_id=%d&plan_id=%d" % (i["customer"], i["opportunity"],
                                                                                  i["plan"])]

    def test_pages_by_id_are_404(self):
        for who in REGION1:
            c = client(who)
            for p in self.id_pages():
                with self.subTest(user=who, path=p):
                    r = c.get(p)
                    self.assertStatus(r, 404)
                    self.assertNotIn(self.tok, r.body)
                    if who == "dir1":
                        self.assertStatus(c.request("HEAD", p), 404)
            for p in self.new_pages():
                with self.subTest(user=who, path=p):
                    r = c.get(p)
                    self.assertStatus(r, (200, 404))
                    self.assertNotIn(self.tok, r.body)
                    self.assertNotRegex(r.body, r'value="%d"' % self.ids["customer"])
                    self.assertNotRegex(r.body, r'value="%d"' % self.ids["opportunity"])

    def test_posts_by_id_are_404_and_change_nothing(self):
        i, u = self.ids, self.users
        posts = [
            ("/customers/%d" % i["customer"], {"name": "taken", "industry": "x", "currency": "CNY", "source": "website",
                                               "segment": "new", "intent": "low", "stage": "1"}),
            ("/customers/%d/reassign" % i["customer"], {"owner_id": str(user_id("rep1"))}),
            ("/customers/%d/contacts" % i["customer"], {"name": "intruder"}),
            ("/customers/%d/contacts/%d" % (i["customer"], i["contact"]), {"name": "intruder"}),
            ("/customers/%d/contacts/%d/delete" % (i["customer"], i["contact"]), {}),
            ("/customers/%d/follow-ups" % i["customer"], {"happened_on": "2026-11-20", "channel": "phone",
                                                           "summary": "intruder"}),
            ("/customers/%d/surveys" % i["customer"], {"surveyed_on": "2026-11-20", "service_quality": "1",
                                                        "solution_effect": "1", "response_speed": "1",
                                                        "team_cooperation": "1", "overall": "dissatisfied"}),
            ("/opportunities/%d" % i["opportunity"], {"title": "intruder", "stage": "6", "status": "lost"}),
            ("/opportunities/%d/needs" % i["opportunity"], {"method": "interview"}),
            ("/opportunities/%d/team" % i["opportunity"], {"user_id": str(user_id("dir1")), "role": "R"}),
            ("/needs/%d" % i["needs"], {"method": "interview"}),
            ("/plans/%d" % i["plan"], {"topic": "intruder", "min_price": "1"}),
            ("/negotiations/%d" % i["record"], {"phase": "final"}),
            ("/negotiations/%d/complete" % i["record"], {}),
            ("/objections/%d" % i["objection"], {"result": "resolved", "response": "intruder"}),
            ("/concessions/%d" % i["request"], {"requested_value": "1"}),
            ("/concessions/%d/review" % i["request"], {"comment": "intruder"}),
            ("/concessions/%d/withdraw" % i["request"], {}),
            ("/approvals/%d" % i["step"], {"decision": "approve", "version": "1", "comment": "intruder"}),
            ("/approvals/%d" % i["step"], {"decision": "approve", "version": "1", "comment": "intruder",
                                           "on_behalf_of": str(u["mgr3"][1])}),
            ("/actions/%d/done" % i["action"], {"result": "intruder"}),
            ("/actions/%d/reassign" % i["action"], {"owner": str(user_id("rep1"))}),
            ("/customers/%d/requests" % i["customer"], {"subject": "intruder", "question": "x",
                                                         "responder": str(u["rep4"][1]), "opportunity_id": ""}),
            ("/requests/%d/answer" % i["ireq"], {"answer": "intruder"}),
            ("/requests/%d/confirm" % i["ireq"], {"note": "intruder"}),
            ("/requests/%d/reopen" % i["ireq"], {"reason": "intruder"}),
            ("/opportunities/%d/close" % i["opportunity"], {"outcome": "lost", "primary_reason": "1"}),
            ("/opportunities/%d/reopen" % i["opportunity"], {"reason": "intruder"}),
            ("/negotiations", {"customer_id": str(i["customer"]), "held_on": "2026-11-20", "type": "price",
                               "phase": "middle", "status": "follow_up"}),
            ("/opportunities", {"customer_id": str(i["customer"]), "title": "intruder", "stage": "1",
                                "currency": "CNY", "status": "open"}),
            ("/plans", {"opportunity_id": str(i["opportunity"]), "topic": "intruder", "strategy": "concession"}),
            ("/concessions", {"opportunity_id": str(i["opportunity"]), "term": "price", "current_value": "10",
                              "requested_value": "9", "justification": "x", "counter_concession": "y",
                              "urgency": "normal"}),
        ]
        before = self.region2_rows()
        for who in REGION1:
            c = client(who)
            c.fetch_csrf("/customers")
            for path, fields in posts:
                with self.subTest(user=who, path=path):
                    r = c.post(path, fields)
                    self.assertStatus(r, 404)
                    self.assertNotIn(self.tok, r.body)
        self.assertEqual(self.region2_rows(), before, "a POST of region 1 changed region 2's rows")


if __name__ == "__main__":
    main()
