/* Saving entry forms in the background: the autosave request and its answer, the form's revision. */
#include <string.h>
#include <time.h>

#include "domain/units.h"
#include "pages/entry.h"
#include "util/buf.h"

int entry_is_autosave(struct req *rq)
{
	const char *s = req_form(rq, "autosave");

	return s && strcmp(s, "1") == 0;
}

int entry_revision(struct req *rq, long long *out)
{
	const char *s = req_form(rq, "revision");

	return s && *s && parse_int64(s, 0, 4294967295LL, out) == 0;
}

void entry_local_hhmm(struct req *rq, int add_minutes, char out[6])
{
	const char *tz = rq->user.tz[0] ? rq->user.tz : "Asia/Shanghai";
	time_t t = rq->now + tz_offset(rq->now, tz);
	struct tm tm;
	int m;

	gmtime_r(&t, &tm);
	m = tm.tm_hour * 60 + tm.tm_min + add_minutes;
	if (m > 23 * 60 + 59 || m < 0)
		m = 23 * 60 + 59;
	out[0] = (char)('0' + m / 600);
	out[1] = (char)('0' + m / 60 % 10);
	out[2] = ':';
	out[3] = (char)('0' + m % 60 / 10);
	out[4] = (char)('0' + m % 10);
	out[5] = '\0';
}

void entry_autosave_reply(struct req *rq, struct resp *rs, long long id, long long revision)
{
	char hm[6];

	entry_local_hhmm(rq, 0, hm);
	rs->status = 200;
	rs->content_type = "application/json";
	rs->no_store = 1;
	buf_reset(&rs->body);
	buf_printf(&rs->body, "{\"id\":%lld,\"revision\":%lld,\"saved\":\"%s\"}\n", id, revision, hm);
}
