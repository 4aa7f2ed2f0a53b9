/* What the concession, approval and policy pages share beyond the stored chain
 * (domain/approval_store.h): the approvals badge. Implemented in approval_common.c. */
#ifndef PARLEY_APPROVAL_COMMON_H
#define PARLEY_APPROVAL_COMMON_H

#include <time.h>

#include "domain/approval_store.h"

struct req;

/* The number of steps waiting for this user's decision (their own pending steps and those of people
 * who delegated to them today), for the header badge. -1 on error. */
long long approvals_pending_count(struct req *rq);
/* The layout's figures for a page about to be rendered: the approvals badge (Nav.approvals_pending),
 * steps waiting for the signed-in approver (one indexed query; none for roles that approve nothing).
 * A failure only hides the badge. Installed as app->layout_figures. */
void layout_figures(struct req *rq);

#endif
