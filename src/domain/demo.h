/* Demo data: the organisation and users of docs/roles.md (password parley-demo-2026). */
#ifndef PARLEY_DEMO_H
#define PARLEY_DEMO_H

#include <time.h>

struct app;

#define DEMO_PASSWORD "parley-demo-2026"

/* Idempotent: does nothing when the demo users exist. 0 ok, -1 error. */
int demo_seed(struct app *app);
/* Plans, negotiation records and surveys for a few demo customers (called by demo_seed). */
int demo_negotiations(struct app *app, time_t now);
/* Concession requests in every state of the chain for the same customers (called by demo_seed). */
int demo_concessions(struct app *app, time_t now);
/* Six months of closed deals, records and surveys for the KPI reports (called by demo_seed). */
int demo_kpi(struct app *app, time_t now);
/* A deal team with RACI and an overdue next action (called by demo_seed). */
int demo_team(struct app *app, time_t now);

#endif
