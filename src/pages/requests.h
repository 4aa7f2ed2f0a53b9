/* Internal requests on other pages (src/pages/requests.c): the boxes on /actions and the home page, and
 * the exchanges on a customer's or an opportunity's page. */
#ifndef PARLEY_PAGES_REQUESTS_H
#define PARLEY_PAGES_REQUESTS_H

#include "http/http.h"

/* The rows of box ("waiting": for my answer, "mine": mine waiting for others, "overdue": overdue at the
 * people who report to me) under prefix.rows.N, and prefix.shown when the user has that box. 0 / -1. */
int ireq_box(struct req *rq, const char *box, long long limit, const char *prefix);
/* The same box's size, capped at 100 rows looked at (0 when the user has no such box); -1 on error. */
long long ireq_box_count(struct req *rq, const char *box);
/* IReqs.N.* (each with its exchange IReqs.N.msgs.K.*) and IReqsInfo.* for a customer (opp_id 0) or an
 * opportunity (customer_id 0) page (templates/requests/_subject.cs). 0 / -1. */
int ireq_for_subject(struct req *rq, long long customer_id, long long opp_id);

#endif
