/* Helpers shared by the customer-related pages. */
#include "pages/customer_common.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "domain/units.h"
#include "view/view.h"

int customer_load(struct req *rq, long long id, struct dbres **r, struct row_ref *row)
{
	struct vis_scope s;

	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_CUSTOMER_GET, r, VIS_PARAMS(&s), DBI(id)) != DB_OK)
		return -1;
	if ((*r)->nrows != 1) {
		dbres_free(r);
		return 1;
	}
	row->owner_id = dbres_int(*r, 0, CC_OWNER_ID);
	row->team_id = dbres_int(*r, 0, CC_TEAM_ID);
	row->region_id = dbres_int(*r, 0, CC_REGION_ID);
	row->shared = (int)dbres_int(*r, 0, CC_SHARED);
	/* Belt and braces: the C rule must agree with the SQL one. */
	if (!vis_can_see(&rq->user, row)) {
		dbres_free(r);
		return 1;
	}
	return 0;
}

int set_label(struct req *rq, const char *name, const char *prefix, const char *value)
{
	char key[96];

	if (!value || !*value)
		return view_set(rq, name, "");
	snprintf(key, sizeof key, "%s.%s", prefix, value);
	return view_set(rq, name, view_str(rq, key));
}

void user_today(struct req *rq, char out[11])
{
	date_of(rq->now, rq->user.tz[0] ? rq->user.tz : "Asia/Shanghai", 0, out);
}

int set_date(struct req *rq, const char *name, const char *iso)
{
	char buf[32];

	date_format(iso, rq->lang, buf, sizeof buf);
	return view_set(rq, name, buf);
}

