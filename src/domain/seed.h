/* The scale generator for tests and benchmarks: parley -c CONF seed --customers N.
 * N customers (1..1,000,000) spread over the demo owners (rep1, rep2, rep3, mgr1, mgr2; team and
 * region follow the owner), one contact each, an opportunity (with its stage history) for about
 * a third of them; about 10% carry a budget ceiling and a third of the opportunities cost and
 * margin, encrypted through secret_seal() like the pages do. Rows go in with multi-row INSERTs,
 * about 1000 customers per transaction. Needs the demo users (seed-demo). */
#ifndef PARLEY_SEED_H
#define PARLEY_SEED_H

#include <stdio.h>

struct app;

#define SEED_MAX_CUSTOMERS 1000000LL
#define SEED_MAX_NEGOTIATIONS 2000000LL

/* 0 / -1; progress and the rate on out. */
int seed_customers(struct app *app, long long n, FILE *out);

/* N negotiation records (src/domain/seed_negotiations.c) on the customers already in the database,
 * each with needs, objections, a proposal, key terms, a concession, outcomes and next actions
 * (5-11 child rows, 8 on average); every 50th record is a full one with 20 child rows. Owner = the customer's
 * owner. Prints the address of a full record of rep1's for the benchmark. 0 / -1. */
int seed_negotiations(struct app *app, long long n, FILE *out);

/* parley seed [--customers N] [--negotiations M]; returns the process exit code. */
int seed_cli(struct app *app, int argc, char **argv);

#endif
