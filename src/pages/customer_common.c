/* Helpers shared by the customer-related pages. */
#include "pages/customer_common.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "domain/units.h"
#include "view/view.h"

int customer_load(struct req *rq, long long id, struct dbres **r, struct row_ref *row)
{
	int rc = vis_fetch_ref(rq, ST_CUSTOMER_GET, id, CC_OWNER_ID, r, row);

	if (rc)
		return rc;
	/* Belt and braces: the C rule must agree with the SQL one. */
	rc = vis_can_see_db(rq->app->db, &rq->user, row, id);
	if (rc != 1) {
		dbres_free(r);
		return rc < 0 ? -1 : 1;
	}
	return 0;
}

int customer_load_editable(struct req *rq, struct resp *rs, long long id, struct dbres **r, struct row_ref *row)
{
	struct dbres *mine = NULL;
	int rc = require_editable(rq, rs, customer_load(rq, id, &mine, row), &mine, row);

	if (rc)
		return rc;
	if (r)
		*r = mine;
	else
		dbres_free(&mine);
	return 0;
}

int require_editable(struct req *rq, struct resp *rs, int rc, struct dbres **r, const struct row_ref *ref)
{
	if (rc < 0)
		return -1;
	if (rc || !vis_can_edit(&rq->user, ref)) {
		dbres_free(r);
		resp_error(rs, rq, 404);
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

int set_when(struct req *rq, const char *name, const char *utc)
{
	char out[64];

	datetime_format(utc, rq->user.tz, rq->lang, out, sizeof out);
	return view_set(rq, name, out);
}

void set_choice_list(struct req *rq, const char *base, const char *const *choices, const char *prefix)
{
	char name[96];
	size_t i;

	for (i = 0; choices[i]; i++) {
		view_setf(rq, choices[i], "%s.%zu.value", base, i);
		snprintf(name, sizeof name, "%s.%zu.label", base, i);
		set_label(rq, name, prefix, choices[i]);
	}
}
