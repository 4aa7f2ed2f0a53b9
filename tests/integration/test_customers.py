#!/usr/bin/env python3
"""Customers: validation (422, typed values kept, nothing written), follow-up dates proposed from
intent, the follow-up log, overdue lists, keyset pagination across page boundaries with equal sort
keys, contacts with their personality strategy, reassignment, and the audit of every change."""
import html
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import (ParleyTestCase, db_int, db_query, db_value, input_value, main,  # noqa: E402
                        selected_option, sql_str)
from custtest import (client, create_customer, customer_fields, customer_row, edit_form,  # noqa: E402
                      element_text, form_values, lang_value, links_to_customer, next_page_href, org_ids, row_ids,
                      today, token, user_lang, visible_text, zh_date)

# Old enough to sort before anything a data generator makes, so capped lists still show it.
ANCIENT = "2001-02-03"


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


class CustomersTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        cls.o = org_ids()

    def lang(self, who):
        return user_lang(who)

    # ------------------------------------------------------------------ create: owner, audit, rights
    def test_create_sets_owner_team_and_audits(self):
        rep1 = client("rep1")
        n0 = db_int("SELECT COUNT(*) FROM audit_log WHERE action='customer.create'")
        name = "%s 新客户" % token("cre")
        cid = create_customer(rep1, name, industry="制造业", employees="120", annual_revenue="1,234,567.89",
                              source="trade_show", segment="key", intent="high", stage="2",
                              need_summary="需要 ERP", suppliers="A 公司", decision_process="总经理拍板")
        row = customer_row(cid)
        self.assertEqual(int(row["owner_id"]), self.o["rep1"])
        self.assertEqual(int(row["team_id"]), self.o["team1"])
        self.assertEqual(row["annual_revenue"], "123456789")
        self.assertEqual((row["source"], row["segment"], row["intent"], row["stage"]), ("trade_show", "key", "high", "2"))
        self.assertEqual(row["shared_with_team"], "0")
        self.assertEqual(db_int("SELECT created_by FROM customers WHERE id=%d" % cid), self.o["rep1"])
        self.assertEqual(db_int("SELECT COUNT(*) FROM audit_log WHERE action='customer.create'"), n0 + 1)
        self.assertEqual(db_int("SELECT COUNT(*) FROM audit_log WHERE action='customer.create' AND entity_id=%d "
                                "AND actor_id=%d" % (cid, self.o["rep1"])), 1)
        r = rep1.get("/customers/%d" % cid)
        self.assertStatus(r, 200)
        for s in (name, "制造业", "1,234,567.89", "需要 ERP", "A 公司", "总经理拍板"):
            self.assertIn(s, html.unescape(r.body))

    def test_rep_cannot_create_for_someone_else(self):
        rep1 = client("rep1")
        for target in ("rep3", "rep2", "mgr2"):
            with self.subTest(owner=target):
                name = token("own")
                rep1.fetch_csrf("/customers/new")
                r = rep1.post("/customers", customer_fields(name=name, owner_id=str(self.o[target])))
                self.assertIn(r.status, (303, 422))
                for row in db_query("SELECT owner_id, team_id FROM customers WHERE name=%s" % sql_str(name)):
                    self.assertEqual((int(row[0]), int(row[1])), (self.o["rep1"], self.o["team1"]))

    def test_exec_and_admin_cannot_create(self):
        for who, ok in (("exec1", (403, 404)), ("admin", 404)):
            c = client(who)
            with self.subTest(user=who):
                self.assertStatus(c.get("/customers/new"), ok)
                tok = c.fetch_csrf("/")
                name = token("nocreate")
                r = c.post("/customers", customer_fields(name=name, owner_id=str(self.o["rep1"])), csrf=tok)
                self.assertStatus(r, ok)
                self.assertEqual(db_int("SELECT COUNT(*) FROM customers WHERE name=%s" % sql_str(name)), 0)

    def test_director_creates_for_an_owner(self):
        d = client("dir1")
        r = d.get("/customers/new")
        self.assertStatus(r, 200)
        name = token("dircre")
        r = d.post("/customers", customer_fields(name=name))
        self.assertStatus(r, 422, "director creating without an owner")
        self.assertEqual(db_int("SELECT COUNT(*) FROM customers WHERE name=%s" % sql_str(name)), 0)
        r = d.post("/customers", customer_fields(name=name, owner_id=str(self.o["admin"])))
        self.assertStatus(r, 422, "admin as owner")
        cid = create_customer(d, name, owner_id=str(self.o["rep3"]))
        row = customer_row(cid)
        self.assertEqual((int(row["owner_id"]), int(row["team_id"])), (self.o["rep3"], self.o["team2"]))
        self.assertStatus(client("mgr2").get("/customers/%d" % cid), 200)
        self.assertStatus(client("mgr1").get("/customers/%d" % cid), 404)

    def test_update_audit_names_fields_not_values(self):
        rep1 = client("rep1")
        cid = create_customer(rep1, token("aud"), annual_revenue="100", budget_ceiling="5000.00",
                              decision_notes="secret-%s" % token("n"))
        last = lambda: db_query("SELECT detail FROM audit_log WHERE action='customer.update' AND entity_id=%d "  # noqa
                                "ORDER BY id DESC LIMIT 1" % cid)[0][0]
        r, f = edit_form(rep1, cid)
        f["annual_revenue"] = "98765.43"
        f["industry"] = "审计行业"
        self.assertStatus(rep1.post("/customers/%d" % cid, f), 303)
        d = last()
        self.assertIn("industry", d)
        self.assertIn("annual_revenue", d, "changing the annual revenue is not named in the audit detail")
        self.assertNotIn("98765", d)
        self.assertNotIn("审计行业", d)
        r, f = edit_form(rep1, cid)
        f["employees"] = "77"
        self.assertStatus(rep1.post("/customers/%d" % cid, f), 303)
        self.assertIn("employees", last(), "changing employees is not named in the audit detail")
        r, f = edit_form(rep1, cid)
        f["budget_ceiling"] = ""
        self.assertStatus(rep1.post("/customers/%d" % cid, f), 303)
        self.assertEqual(customer_row(cid)["budget_ceiling_enc"], "")
        self.assertIn("budget_ceiling", last(), "clearing the budget is not named in the audit detail")
        self.assertNotIn("5000", last())

    def test_output_escaped(self):
        rep1 = client("rep1")
        tok = token("xss")
        evil = '%s <script>alert(1)</script>"\'&' % tok
        cid = create_customer(rep1, evil, industry="<b>bold</b>", notes="<img src=x onerror=alert(2)>")
        for path in ("/customers/%d" % cid, "/customers?q=%s" % tok, "/customers/%d/edit" % cid):
            r = rep1.get(path)
            self.assertStatus(r, 200)
            self.assertNotIn("<script>alert(1)", r.body, path)
            self.assertNotIn("<b>bold</b>", r.body, path)
            self.assertNotIn("<img src=x", r.body, path)

    # ------------------------------------------------------------------ validation
    def test_validation_errors(self):
        rep1 = client("rep1")
        lang = self.lang("rep1")
        bad_money = lang_value("form.bad_money", lang)
        bad_date = lang_value("form.bad_date", lang)
        negative = lang_value("form.negative", lang)
        cases = [
            ({"name": ""}, "name", None),
            ({"annual_revenue": "1,23"}, "annual_revenue", bad_money),
            ({"annual_revenue": "1.234"}, "annual_revenue", bad_money),
            ({"annual_revenue": "-5"}, "annual_revenue", negative),
            ({"annual_revenue": "abc"}, "annual_revenue", bad_money),
            ({"annual_revenue": "99999999999999999999"}, "annual_revenue", bad_money),
            ({"budget_ceiling": "1,23"}, "budget_ceiling", bad_money),
            ({"next_follow_up": "2026-02-29"}, "next_follow_up", bad_date),
            ({"next_follow_up": "2026/03/01"}, "next_follow_up", bad_date),
            ({"next_follow_up": "tomorrow"}, "next_follow_up", bad_date),
            ({"intent": "urgent"}, "intent", None),
            ({"stage": "7"}, "stage", None),
            ({"source": "tv"}, "source", None),
            ({"segment": "vip"}, "segment", None),
            ({"employees": "many"}, "employees", None),
        ]
        rep1.fetch_csrf("/customers/new")
        for override, field, message in cases:
            with self.subTest(field=field, value=list(override.values())[0]):
                ind = token("val")
                f = customer_fields(name="%s 校验" % ind, industry=ind, notes="备注 %s" % ind,
                                    need_summary="需求 %s" % ind, annual_revenue="1,000.50")
                f.update(override)
                n_audit = db_int("SELECT COUNT(*) FROM audit_log")
                r = rep1.post("/customers", f)
                self.assertStatus(r, 422)
                err = element_text(r.body, "err-%s" % field)
                self.assertTrue(err, "no message id=err-%s:\n%s" % (field, r.describe(3000)))
                if message:
                    self.assertEqual(norm(err), norm(message))
                self.assertEqual(db_int("SELECT COUNT(*) FROM customers WHERE industry=%s" % sql_str(ind)), 0)
                self.assertEqual(db_int("SELECT COUNT(*) FROM audit_log"), n_audit, "a rejected form was audited")
                # What was typed is still there.
                self.assertEqual(input_value(r.body, "industry"), ind)
                self.assertIn("备注 %s" % ind, html.unescape(r.body))
                self.assertIn("需求 %s" % ind, html.unescape(r.body))
                if field not in ("name",) and override.get("name") is None:
                    self.assertEqual(input_value(r.body, "name"), "%s 校验" % ind)
                if field in ("annual_revenue", "budget_ceiling", "next_follow_up", "employees"):
                    self.assertEqual(input_value(r.body, field), override[field])
                if field != "annual_revenue":
                    self.assertEqual(input_value(r.body, "annual_revenue"), "1,000.50")

    def test_update_validation_writes_nothing(self):
        rep1 = client("rep1")
        cid = create_customer(rep1, token("upval"))
        before = customer_row(cid)
        r, f = edit_form(rep1, cid)
        f["name"] = ""
        f["industry"] = "typed-industry"
        r = rep1.post("/customers/%d" % cid, f)
        self.assertStatus(r, 422)
        self.assertTrue(element_text(r.body, "err-name"))
        self.assertEqual(input_value(r.body, "industry"), "typed-industry")
        self.assertEqual(customer_row(cid), before)
        f["name"] = "ok"
        f["next_follow_up"] = "2026-02-29"
        r = rep1.post("/customers/%d" % cid, f)
        self.assertStatus(r, 422)
        self.assertTrue(element_text(r.body, "err-next_follow_up"))
        self.assertEqual(customer_row(cid), before)

    def test_leap_day_accepted(self):
        cid = create_customer(client("rep1"), token("leap"), next_follow_up="2028-02-29")
        self.assertEqual(customer_row(cid)["next_follow_up"], "2028-02-29")

    # ------------------------------------------------------------------ follow-up dates
    def test_followup_proposed_from_intent(self):
        rep1 = client("rep1")
        for intent, days in (("high", 1), ("medium", 7), ("low", 90)):
            with self.subTest(intent=intent):
                before = today(days)
                cid = create_customer(rep1, token("fu" + intent), intent=intent, next_follow_up="")
                after = today(days)
                got = customer_row(cid)["next_follow_up"]
                self.assertIn(got, {before, after}, "intent %s: next follow-up" % intent)
                r = rep1.get("/customers/%d" % cid)
                want = zh_date(got) if self.lang("rep1") == "zh-CN" else got
                self.assertIn(want, r.body)
        cid = create_customer(rep1, token("fuexp"), intent="high", next_follow_up="2031-05-06")
        self.assertEqual(customer_row(cid)["next_follow_up"], "2031-05-06")
        r, f = edit_form(rep1, cid)
        self.assertEqual(f.get("next_follow_up"), "2031-05-06")
        # editing other fields keeps the chosen date
        f["notes"] = "still 2031"
        self.assertStatus(rep1.post("/customers/%d" % cid, f), 303)
        self.assertEqual(customer_row(cid)["next_follow_up"], "2031-05-06")

    def test_followup_log(self):
        rep1 = client("rep1")
        cid = create_customer(rep1, token("log"), intent="medium")
        rep1.fetch_csrf("/customers/%d" % cid)
        summary = "电话沟通 %s" % token("s")
        nxt = today(3)
        r = rep1.post("/customers/%d/follow-ups" % cid,
                      {"happened_on": today(), "channel": "phone", "summary": summary, "next_date": nxt})
        self.assertRedirect(r, "/customers/%d" % cid)
        rows = db_query("SELECT DATE_FORMAT(happened_on,'%%Y-%%m-%%d'), channel, summary, "
                        "IFNULL(DATE_FORMAT(next_date,'%%Y-%%m-%%d'),''), user_id FROM follow_ups "
                        "WHERE customer_id=%d" % cid)
        self.assertEqual(rows, [[today(), "phone", summary, nxt, str(self.o["rep1"])]])
        self.assertEqual(customer_row(cid)["next_follow_up"], nxt)
        page = rep1.get("/customers/%d" % cid)
        self.assertIn(summary, page.body)
        self.assertEqual(db_int("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'followup%%' AND entity_id=%d"
                                % cid), 1)
        # Without a next date, it is proposed from the intent (medium: 7 days).
        r = rep1.post("/customers/%d/follow-ups" % cid,
                      {"happened_on": today(), "channel": "visit", "summary": summary + " 2", "next_date": ""})
        self.assertRedirect(r, "/customers/%d" % cid)
        self.assertIn(customer_row(cid)["next_follow_up"], {today(7)})
        # Invalid entries: 422, nothing written.
        n = db_int("SELECT COUNT(*) FROM follow_ups WHERE customer_id=%d" % cid)
        before = customer_row(cid)
        for bad in ({"summary": ""}, {"channel": "fax"}, {"next_date": "2026-02-29"}, {"happened_on": "2026-13-01"}):
            with self.subTest(bad=bad):
                f = {"happened_on": today(), "channel": "email", "summary": "x", "next_date": today(2)}
                f.update(bad)
                r = rep1.post("/customers/%d/follow-ups" % cid, f)
                self.assertStatus(r, 422)
                self.assertEqual(db_int("SELECT COUNT(*) FROM follow_ups WHERE customer_id=%d" % cid), n)
                self.assertEqual(customer_row(cid), before)
        # Shown again on the customer page: the message on the field, everything typed kept.
        lang = self.lang("rep1")
        typed = "通话记录 %s" % token("kept")
        r = rep1.post("/customers/%d/follow-ups" % cid, {"happened_on": today(1), "channel": "visit",
                                                         "summary": typed, "next_date": "2026-02-30"})
        self.assertStatus(r, 422)
        self.assertEqual(norm(element_text(r.body, "err-happened_on") or ""), norm(lang_value("form.in_future", lang)))
        self.assertEqual(norm(element_text(r.body, "err-next_date") or ""), norm(lang_value("form.bad_date", lang)))
        self.assertIn(typed, html.unescape(r.body))
        self.assertEqual(input_value(r.body, "happened_on"), today(1))
        self.assertEqual(input_value(r.body, "next_date"), "2026-02-30")
        self.assertIn('<option value="visit" selected>', r.body)
        self.assertEqual(db_int("SELECT COUNT(*) FROM follow_ups WHERE customer_id=%d" % cid), n)

    def test_overdue(self):
        rep1 = client("rep1")
        tok = token("due")
        over = create_customer(rep1, "%s over" % tok, next_follow_up=ANCIENT)
        over2 = create_customer(rep1, "%s over2" % tok, next_follow_up=today(-1))
        due = create_customer(rep1, "%s due" % tok, next_follow_up=today())
        future = create_customer(rep1, "%s future" % tok, next_follow_up=today(10))
        shared = create_customer(rep1, "%s shared" % tok, next_follow_up=ANCIENT, shared_with_team="1")

        r = rep1.get("/follow-ups")
        self.assertStatus(r, 200)
        checks = [(over, True), (future, False), (shared, True)]
        # (the page is capped: with a scale data set, today's entry may sit beyond the cap)
        if db_int("SELECT COUNT(*) FROM customers WHERE owner_id=%d AND next_follow_up <= %s"
                  % (self.o["rep1"], sql_str(today()))) < 400:
            checks.append((due, True))
        for cid, want in checks:
            self.assertEqual(links_to_customer(r.body, cid), want, "rep1's /follow-ups, customer %d" % cid)

        r = client("mgr1").get("/follow-ups")
        self.assertStatus(r, 200)
        self.assertTrue(links_to_customer(r.body, over), "mgr1 does not see rep1's overdue follow-up")
        self.assertFalse(links_to_customer(r.body, future))
        self.assertTrue(links_to_customer(client("dir1").get("/follow-ups").body, over))
        for who in ("mgr2", "rep3", "rep2"):
            r = client(who).get("/follow-ups")
            self.assertStatus(r, 200)
            for cid in (over, due, future):
                self.assertFalse(links_to_customer(r.body, cid), "%s sees rep1's follow-up %d" % (who, cid))
        self.assertStatus(client("admin").get("/follow-ups"), 404)

        # The list filter.
        for who, want in (("rep1", {over, over2, shared}), ("mgr1", {over, over2, shared}), ("rep2", {shared}),
                          ("mgr2", set()), ("vp1", {over, over2, shared})):
            r = client(who).get("/customers?q=%s&overdue=1" % tok)
            self.assertStatus(r, 200)
            self.assertEqual(set(row_ids(r.body)), want, "overdue filter as %s" % who)
        r = rep1.get("/customers?q=%s" % tok)
        self.assertEqual(set(row_ids(r.body)), {over, over2, due, future, shared})

    # ------------------------------------------------------------------ keyset pagination
    def walk(self, c, query):
        """Follows id=next-page from /customers?query; returns (ids in order, pages)."""
        path = "/customers?" + query
        ids, pages, seen_paths = [], 0, set()
        while path:
            self.assertNotIn(path, seen_paths, "next-page loops back to %s" % path)
            seen_paths.add(path)
            r = c.get(path)
            self.assertStatus(r, 200, path)
            pages += 1
            got = row_ids(r.body)
            self.assertTrue(got, "empty page %s" % path)
            ids.extend(got)
            href = next_page_href(r.body)
            if href:
                self.assertIn("after=", href)
                u = urllib.parse.urlsplit(href)
                self.assertIn(u.path, ("/customers", ""), href)
                path = "/customers?" + u.query
            else:
                path = None
            self.assertLess(pages, 20)
        return ids, pages

    def expected(self, tok, order, extra=""):
        rows = db_query("SELECT id FROM customers WHERE name LIKE %s %s ORDER BY %s"
                        % (sql_str(tok + "%"), extra, order))
        return [int(x[0]) for x in rows]

    def check_walk(self, c, tok, sort, order, total):
        ids, pages = self.walk(c, "q=%s&sort=%s" % (tok, sort))
        self.assertGreaterEqual(pages, 2, "55 rows fit on one page: nothing to test")
        self.assertEqual(len(ids), len(set(ids)), "a row shows up twice (sort=%s)" % sort)
        self.assertEqual(len(ids), total, "rows missing (sort=%s)" % sort)
        self.assertEqual(ids, self.expected(tok, order), "order (sort=%s)" % sort)

    def test_keyset_pagination(self):
        rep2 = client("rep2")
        tok = token("page")
        names = ["%s a%02d" % (tok, i) for i in range(38)] + ["%s m" % tok] * 14 + ["%s z%d" % (tok, i) for i in range(3)]
        # scatter the insertion order so that id order differs from name order
        order = list(range(len(names)))
        order = order[1::2] + order[0::2]
        ids = {}
        for n, i in enumerate(order):
            nxt = "2030-06-01" if n % 2 else "2030-06-02"
            ids[create_customer(rep2, names[i], next_follow_up=nxt, shared_with_team="1" if n % 3 == 0 else None)] = i
        total = len(names)
        self.assertEqual(len(ids), total)
        # the equal names straddle the first page boundary (50) under sort=name
        by_name = self.expected(tok, "name, id")
        self.assertEqual(len(set(names[ids[x]] for x in by_name[45:55])), 4)

        self.check_walk(rep2, tok, "name", "name, id", total)
        self.check_walk(rep2, tok, "updated", "updated_at DESC, id DESC", total)
        self.check_walk(rep2, tok, "follow", "next_follow_up, id", total)
        self.check_walk(client("mgr1"), tok, "name", "name, id", total)
        self.check_walk(client("vp1"), tok, "updated", "updated_at DESC, id DESC", total)

        # Every row with the same sort key: the order is by id alone, still exactly once each.
        db_query("UPDATE customers SET updated_at='2029-09-09 09:09:09' WHERE name LIKE %s" % sql_str(tok + "%"))
        self.check_walk(rep2, tok, "updated", "updated_at DESC, id DESC", total)
        self.check_walk(client("dir1"), tok, "updated", "updated_at DESC, id DESC", total)

        # rep1 sees only the shared third of rep2's rows, still in order across pages.
        shared = self.expected(tok, "name, id", "AND shared_with_team=1")
        self.assertGreater(len(shared), 10)
        ids1, _ = self.walk(client("rep1"), "q=%s&sort=name" % tok)
        self.assertEqual(ids1, shared)

        # A foreign cursor does not break the list or reveal anything; one that is not an id is refused
        # with a message naming it, not read as the first page.
        for after in ("99999999999", str(max(ids))):
            r = rep2.get("/customers?q=%s&sort=name&after=%s" % (tok, after))
            self.assertStatus(r, 200)
        for after in ("0", "abc", "-5"):
            r = rep2.get("/customers?q=%s&sort=name&after=%s" % (tok, after))
            self.assertStatus(r, 400)
            self.assertIn("after=%s" % after, html.unescape(element_text(r.body, "query-problems") or ""))
            self.assertFalse(row_ids(r.body), "rows shown for a refused cursor")

    def test_list_refuses_unknown_settings(self):
        rep1 = client("rep1")
        lang = self.lang("rep1")
        tok = token("qry")
        cid = create_customer(rep1, "%s 甲" % tok)
        self.assertEqual(row_ids(rep1.get("/customers?q=%s&sort=updated&intent=&owner=" % tok).body), [cid])
        # a filter left blank (white space too) is no filter
        self.assertEqual(row_ids(rep1.get("/customers?q=%s&intent=%%20&segment=&stage=" % tok).body), [cid])
        for query, name, key in (("sort=budget_ceiling", "sort", "form.invalid_choice"),
                                 ("intent=urgent", "intent", "form.invalid_choice"),
                                 ("stage=9", "stage", "form.invalid_choice"),
                                 ("owner=abc", "owner", "form.bad_number"),
                                 ("overdue=yes", "overdue", "form.invalid_choice"),
                                 ("q=" + "x" * 101, "q", "form.too_long"),
                                 ("sort=name&sort=updated", "sort", "form.duplicate")):
            with self.subTest(query=query):
                r = rep1.get("/customers?q=%s&%s" % (tok, query) if not query.startswith("q=") else
                             "/customers?" + query)
                self.assertStatus(r, 400)
                problems = html.unescape(element_text(r.body, "query-problems") or "")
                self.assertIn(name + "=", problems)
                self.assertIn(lang_value(key, lang), problems)
                self.assertEqual(row_ids(r.body), [], "a refused list shows no rows")
                self.assertIn('href="/customers"', r.body, "no way back to the plain list")

    # ------------------------------------------------------------------ contacts
    def test_contact_personality_strategy(self):
        rep1 = client("rep1")
        lang = self.lang("rep1")
        cid = create_customer(rep1, token("con"))
        rep1.fetch_csrf("/customers/%d" % cid)
        cname = "王经理 %s" % token("c")
        n_audit = db_int("SELECT COUNT(*) FROM audit_log")
        r = rep1.post("/customers/%d/contacts" % cid,
                      {"name": cname, "title": "采购总监", "phone": "13800000000", "email": "wang@example.com",
                       "decision_role": "decides", "personality": "hesitant", "notes": "周二下午方便"})
        self.assertStatus(r, 303)
        self.assertTrue((r.location or "").endswith("/customers/%d" % cid), r.location)
        self.assertGreater(db_int("SELECT COUNT(*) FROM audit_log"), n_audit, "adding a contact was not audited")
        row = db_query("SELECT id, decision_role, personality FROM contacts WHERE customer_id=%d AND name=%s"
                       % (cid, sql_str(cname)))
        self.assertEqual([x[1:] for x in row], [["decides", "hesitant"]])
        contact_id = int(row[0][0])

        page = rep1.get("/customers/%d" % cid)
        self.assertStatus(page, 200)
        text = norm(visible_text(page.body))
        self.assertIn(cname, text)
        hesitant = norm(lang_value("personality_strategy.hesitant", lang))
        self.assertTrue(hesitant)
        self.assertIn(hesitant, text, "the hesitant strategy is not on the customer page")
        self.assertIn(norm(lang_value("personality_name.hesitant", lang)), text)
        if lang == "zh-CN":
            self.assertIn("犹豫不决", text)
            self.assertIn("不要给太多选择", text)
        analytical = norm(lang_value("personality_strategy.analytical", lang))
        self.assertNotIn(analytical, text)

        # edit the contact: another type, another strategy
        r = rep1.get("/customers/%d/contacts/%d/edit" % (cid, contact_id))
        self.assertStatus(r, 200)
        f = form_values(r.body, "/customers/%d/contacts/%d" % (cid, contact_id))
        self.assertIsNotNone(f, "no contact form")
        self.assertEqual(f.get("name"), cname)
        self.assertEqual(selected_option(r.body, "personality"), "hesitant")
        f["personality"] = "analytical"
        self.assertStatus(rep1.post("/customers/%d/contacts/%d" % (cid, contact_id), f), 303)
        text = norm(visible_text(rep1.get("/customers/%d" % cid).body))
        self.assertIn(analytical, text)
        self.assertNotIn(hesitant, text)

        # invalid contacts: 422, nothing written
        n = db_int("SELECT COUNT(*) FROM contacts WHERE customer_id=%d" % cid)
        for bad in ({"name": ""}, {"personality": "sneaky"}, {"decision_role": "boss"}):
            with self.subTest(bad=bad):
                f = {"name": "李四", "decision_role": "uses", "personality": "unknown"}
                f.update(bad)
                r = rep1.post("/customers/%d/contacts" % cid, f)
                self.assertStatus(r, 422)
                self.assertEqual(db_int("SELECT COUNT(*) FROM contacts WHERE customer_id=%d" % cid), n)

        # another customer's contact is not reachable through this customer
        other = create_customer(rep1, token("con2"))
        self.assertStatus(rep1.get("/customers/%d/contacts/%d/edit" % (other, contact_id)), 404)
        self.assertStatus(rep1.post("/customers/%d/contacts/%d/delete" % (other, contact_id), {}), 404)
        self.assertEqual(db_int("SELECT COUNT(*) FROM contacts WHERE id=%d" % contact_id), 1)
        # someone who cannot see the customer cannot touch the contact
        rep3 = client("rep3")
        tok3 = rep3.fetch_csrf("/")
        self.assertStatus(rep3.get("/customers/%d/contacts/%d/edit" % (cid, contact_id)), 404)
        self.assertStatus(rep3.post("/customers/%d/contacts/%d/delete" % (cid, contact_id), {}, csrf=tok3), 404)
        self.assertEqual(db_int("SELECT COUNT(*) FROM contacts WHERE id=%d" % contact_id), 1)

        # delete
        r = rep1.post("/customers/%d/contacts/%d/delete" % (cid, contact_id), {})
        self.assertStatus(r, 303)
        self.assertEqual(db_int("SELECT COUNT(*) FROM contacts WHERE id=%d" % contact_id), 0)
        self.assertNotIn(cname, rep1.get("/customers/%d" % cid).body)

    # ------------------------------------------------------------------ reassign
    def test_reassign(self):
        o = self.o
        rep1 = client("rep1")
        name = "%s 转交" % token("re")
        cid = create_customer(rep1, name)
        before = customer_row(cid)

        for who in ("rep1", "rep2", "rep3", "mgr2", "exec1"):
            with self.subTest(denied=who):
                c = client(who)
                tok = c.fetch_csrf("/")
                r = c.post("/customers/%d/reassign" % cid, {"owner_id": str(o["rep2"])}, csrf=tok)
                self.assertStatus(r, (403, 404))
                self.assertEqual(customer_row(cid), before)

        mgr1 = client("mgr1")
        page = mgr1.get("/customers/%d" % cid)
        self.assertStatus(page, 200)
        f = form_values(page.body, "/customers/%d/reassign" % cid)
        self.assertIsNotNone(f, "no reassign form for mgr1")
        # not to someone outside mgr1's reach, nor to a non-sales user
        for target in (o["rep3"], o["admin"], o["exec1"], o["dir1"], 99999999):
            with self.subTest(target=target):
                r = mgr1.post("/customers/%d/reassign" % cid, {"owner_id": str(target)})
                self.assertIn(r.status, (303, 403, 404, 422))
                self.assertEqual(customer_row(cid), before)
        # the refusal is on the customer page, with the message on the owner field
        r = mgr1.post("/customers/%d/reassign" % cid, {"owner_id": str(o["rep3"])})
        self.assertStatus(r, 422)
        self.assertEqual(norm(element_text(r.body, "err-owner_id") or ""),
                         norm(lang_value("form.not_assignable", self.lang("mgr1"))))
        r = mgr1.post("/customers/%d/reassign" % cid, {"owner_id": "abc"})
        self.assertStatus(r, 422)
        self.assertTrue(element_text(r.body, "err-owner_id"))
        self.assertEqual(customer_row(cid), before)
        n_audit = db_int("SELECT COUNT(*) FROM audit_log WHERE action='customer.reassign' AND entity_id=%d" % cid)
        r = mgr1.post("/customers/%d/reassign" % cid, {"owner_id": str(o["rep2"])})
        self.assertRedirect(r, "/customers/%d" % cid)
        row = customer_row(cid)
        self.assertEqual((int(row["owner_id"]), int(row["team_id"])), (o["rep2"], o["team1"]))
        self.assertEqual(db_int("SELECT COUNT(*) FROM audit_log WHERE action='customer.reassign' AND entity_id=%d"
                                % cid), n_audit + 1)
        # rep2 owns it now; rep1 (not shared) no longer sees it
        self.assertStatus(client("rep2").get("/customers/%d/edit" % cid), 200)
        self.assertStatus(rep1.get("/customers/%d" % cid), 404)
        self.assertNotIn(cid, row_ids(rep1.get("/customers?q=%s" % urllib.parse.quote(name)).body))

        # the director moves it to team 2: team and region follow the new owner
        r = client("dir1").post("/customers/%d/reassign" % cid, {"owner_id": str(o["rep3"])},
                                csrf=client("dir1").fetch_csrf("/"))
        self.assertRedirect(r, "/customers/%d" % cid)
        row = customer_row(cid)
        self.assertEqual((int(row["owner_id"]), int(row["team_id"])), (o["rep3"], o["team2"]))
        self.assertEqual(row["region_id"], db_value("SELECT region_id FROM teams WHERE id=%d" % o["team2"]))
        self.assertStatus(client("mgr2").get("/customers/%d" % cid), 200)
        self.assertStatus(mgr1.get("/customers/%d" % cid), 404)
        self.assertStatus(client("rep2").get("/customers/%d" % cid), 404)


if __name__ == "__main__":
    main()
