/* Closing an opportunity (docs/closing.md): which statuses may be closed or reopened, the rules of a
 * closing's reasons, competitor and final price, and how a final price compares with a reference
 * (the list price, the plan's floor). Pure: no database, no I/O. */
#ifndef PARLEY_CLOSING_H
#define PARLEY_CLOSING_H

/* "won", "lost"; NULL-terminated (a form kit choice list). */
extern const char *const closing_outcomes[];

/* An open or on-hold opportunity may be closed; a won or lost one reopened. */
int closing_can_close(const char *status);
int closing_can_reopen(const char *status);

struct closing_input {
	int won;                      /* 1 won, 0 lost */
	long long primary, secondary; /* reason ids; secondary 0: none */
	int primary_competitor;       /* the primary reason is "competitor" */
	int secondary_competitor;     /* the secondary reason is "competitor" */
	long long competitor;         /* the competitor lost to; 0: none */
	long long final_price;        /* minor units; -1: none */
};

/* The problems of a closing, each on one field. */
enum closing_problem {
	CLOSING_SECONDARY_SAME = 1 << 0,       /* secondary_reason: the same as the primary */
	CLOSING_COMPETITOR_ON_WIN = 1 << 1,    /* competitor: a won deal was not lost to anyone */
	CLOSING_COMPETITOR_MISSING = 1 << 2,   /* competitor: lost for the reason "competitor", to whom? */
	CLOSING_PRICE_MISSING = 1 << 3,        /* final_price: a win has a final price */
};

/* The problems of in (an OR of enum closing_problem), 0 when none. */
unsigned closing_check(const struct closing_input *in);
/* The field and language key of one problem. */
const char *closing_problem_field(enum closing_problem p);
const char *closing_problem_key(enum closing_problem p);

/* A final price against a reference price. */
struct price_cmp {
	int known;          /* both prices known and the reference > 0 */
	long long diff;     /* final − reference, minor units */
	long long bp;       /* diff ÷ reference in basis points, rounded toward zero */
	int sign;           /* -1 below, 0 equal, 1 above */
};
void closing_compare(long long final_price, long long reference, struct price_cmp *out);

#endif
