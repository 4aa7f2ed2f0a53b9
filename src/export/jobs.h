/* Export jobs (sql/006_jobs.sql): created by the web workers, run either at once in the worker (small
 * exports) or by `parley jobs`, the runner — a process of its own that claims one job at a time with
 * a lease, writes its progress and renews the lease after every batch, and hands the job back when
 * stopped. A crashed runner's job is taken over when its lease runs out and started again from the
 * beginning. The runner also does the periodic work: deleting export files past the retention
 * period, and the approval chain's overdue stamps (which otherwise wait for a page to be opened). */
#ifndef PARLEY_EXPORT_JOBS_H
#define PARLEY_EXPORT_JOBS_H

#include "export/export.h"

struct app;

#define JOB_MAX_ATTEMPTS 5

/* Records a job for rq's user. run_now: it is leased to this process (token filled in) and must be
 * run with job_run_now(); otherwise it is queued for the runner. 0 / -1. */
int job_create(struct req *rq, enum export_kind k, enum export_format f, const char *params, long long total,
               int run_now, long long *id, char token[33]);
/* Runs a job leased to this process by job_create(). 0 done, -1 failed. */
int job_run_now(struct req *rq, long long id, const char token[33]);
/* The runner: claims and runs jobs until SIGTERM/SIGINT. 0 on a clean stop. */
int jobs_main(struct app *app);

#endif
