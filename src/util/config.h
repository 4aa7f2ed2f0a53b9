/* The application's configuration file (key=value), see conf/parley.conf.example. */
#ifndef PARLEY_CONFIG_H
#define PARLEY_CONFIG_H

struct config {
	char *db_socket;
	char *db_name;
	char *db_user;
	char *db_password_file;
	char *secrets_dir;
	char *fcgi_socket;
	char *templates_dir;
	char *pid_file;
	char *clock_offset_file;  /* tests only; NULL in production */
	char *exports_dir;        /* export files, outside the web root; served by nginx's internal location */
	char *jobs_pid_file;      /* `parley jobs` writes its pid here */
	int workers;
	int secure_cookies;
	char *origin;             /* the site's origin(s) as browsers name them, space-separated; NULL: from Host */
	int job_lease_seconds;    /* a running job not renewed within this is taken over by another runner */
};
/* 1 when the configured origin is https (cookies are then Secure). */
int config_origin_https(const struct config *cfg);

int config_load(const char *path, struct config *cfg);
void config_free(struct config *cfg);

#endif
