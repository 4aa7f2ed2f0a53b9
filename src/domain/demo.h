/* Demo data: the organisation and users of SPEC §8 (password parley-demo-2026). */
#ifndef PARLEY_DEMO_H
#define PARLEY_DEMO_H

struct app;

#define DEMO_PASSWORD "parley-demo-2026"

/* Idempotent: does nothing when the demo users exist. 0 ok, -1 error. */
int demo_seed(struct app *app);

#endif
