/* "New" without its parent: a search of the customers or opportunities the user may start it on. */
#ifndef PARLEY_PICKERS_H
#define PARLEY_PICKERS_H

#include "http/http.h"

enum pick_kind { PICK_CUSTOMER, PICK_OPPORTUNITY };

/* Renders the picker for GET target (e.g. "/negotiations/new"): ?q= searches; each hit links to
 * target?customer_id=N or target?opportunity_id=N. */
int picker_render(struct req *rq, struct resp *rs, enum pick_kind kind, const char *target);

#endif
