/* Parses the key=value configuration; unknown keys are an error so typos do not pass silently. */
#include "util/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "util/num.h"

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int set_str(char **slot, const char *v)
{
	free(*slot);
	*slot = (*v) ? strdup(v) : NULL;
	return (*v && !*slot) ? -1 : 0;
}

/* "http://host[:port]" or "https://…" entries, no path, separated by spaces. */
static int origin_syntax_ok(const char *v)
{
	const char *p = v;

	while (*p) {
		size_t n;
		const char *host;
		p += strspn(p, " \t");
		n = strcspn(p, " \t");
		if (!n)
			break;
		if (!strncmp(p, "http://", 7))
			host = p + 7;
		else if (!strncmp(p, "https://", 8))
			host = p + 8;
		else
			return -1;
		if (host >= p + n || memchr(host, '/', (size_t)(p + n - host)) || memchr(host, '@', (size_t)(p + n - host)))
			return -1;
		p += n;
	}
	return 0;
}

int config_origin_https(const struct config *cfg)
{
	return cfg->origin && strstr(cfg->origin, "https://") != NULL;
}

int config_load(const char *path, struct config *cfg)
{
	FILE *f;
	char line[1024];
	int lineno = 0, rc = -1;
	long long n;

	memset(cfg, 0, sizeof *cfg);
	cfg->workers = 4;
	cfg->job_lease_seconds = 30;
	f = fopen(path, "r");
	if (!f) {
		log_err("config %s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		char *k, *v, *eq;
		lineno++;
		k = trim(line);
		if (!*k || *k == '#')
			continue;
		eq = strchr(k, '=');
		if (!eq) {
			log_err("config %s:%d: expected key=value", path, lineno);
			goto out;
		}
		*eq = '\0';
		k = trim(k);
		v = trim(eq + 1);
		if (!strcmp(k, "db_socket")) { if (set_str(&cfg->db_socket, v)) goto out; }
		else if (!strcmp(k, "db_name")) { if (set_str(&cfg->db_name, v)) goto out; }
		else if (!strcmp(k, "db_user")) { if (set_str(&cfg->db_user, v)) goto out; }
		else if (!strcmp(k, "db_password_file")) { if (set_str(&cfg->db_password_file, v)) goto out; }
		else if (!strcmp(k, "secrets_dir")) { if (set_str(&cfg->secrets_dir, v)) goto out; }
		else if (!strcmp(k, "fcgi_socket")) { if (set_str(&cfg->fcgi_socket, v)) goto out; }
		else if (!strcmp(k, "templates_dir")) { if (set_str(&cfg->templates_dir, v)) goto out; }
		else if (!strcmp(k, "pid_file")) { if (set_str(&cfg->pid_file, v)) goto out; }
		else if (!strcmp(k, "clock_offset_file")) { if (set_str(&cfg->clock_offset_file, v)) goto out; }
		else if (!strcmp(k, "origin")) {
			if (origin_syntax_ok(v) < 0) {
				log_err("config %s:%d: origin must be scheme://host[:port], space-separated", path, lineno);
				goto out;
			}
			if (set_str(&cfg->origin, v))
				goto out;
		}
		else if (!strcmp(k, "exports_dir")) { if (set_str(&cfg->exports_dir, v)) goto out; }
		else if (!strcmp(k, "jobs_pid_file")) { if (set_str(&cfg->jobs_pid_file, v)) goto out; }
		else if (!strcmp(k, "job_lease_seconds")) {
			if (parse_int64(v, 2, 3600, &n) < 0) {
				log_err("config %s:%d: job_lease_seconds must be 2..3600", path, lineno);
				goto out;
			}
			cfg->job_lease_seconds = (int)n;
		} else if (!strcmp(k, "workers")) {
			if (parse_int64(v, 0, 256, &n) < 0) {
				log_err("config %s:%d: workers must be 0..256", path, lineno);
				goto out;
			}
			cfg->workers = (int)n;
		} else if (!strcmp(k, "secure_cookies")) {
			if (parse_int64(v, 0, 1, &n) < 0) {
				log_err("config %s:%d: secure_cookies must be 0 or 1", path, lineno);
				goto out;
			}
			cfg->secure_cookies = (int)n;
		} else {
			log_err("config %s:%d: unknown key '%s'", path, lineno, k);
			goto out;
		}
	}
	if (!cfg->db_name || !cfg->db_user || !cfg->secrets_dir || !cfg->templates_dir) {
		log_err("config %s: db_name, db_user, secrets_dir and templates_dir are required", path);
		goto out;
	}
	rc = 0;
out:
	fclose(f);
	if (rc < 0)
		config_free(cfg);
	return rc;
}

void config_free(struct config *cfg)
{
	free(cfg->db_socket);
	free(cfg->db_name);
	free(cfg->db_user);
	free(cfg->db_password_file);
	free(cfg->secrets_dir);
	free(cfg->fcgi_socket);
	free(cfg->templates_dir);
	free(cfg->pid_file);
	free(cfg->clock_offset_file);
	free(cfg->origin);
	free(cfg->exports_dir);
	free(cfg->jobs_pid_file);
	memset(cfg, 0, sizeof *cfg);
}
