<!DOCTYPE html>
<html lang="<?cs var:Page.lang ?>">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><?cs var:Page.title ?> · <?cs var:Lang.app.name ?></title>
<link rel="stylesheet" href="/static/parley.css">
<script src="/static/parley.js" defer></script>
</head>
<body>
<header class="topbar">
  <a class="brand" href="/"><?cs var:Lang.app.name ?></a>
<?cs if:User.name ?>
  <nav class="mainnav" aria-label="<?cs var:Lang.nav.label ?>">
    <a href="/"><?cs var:Lang.nav.home ?></a>
<?cs if:Nav.sales ?>
    <a href="/customers" id="nav-customers"><?cs var:Lang.nav.customers ?></a>
    <a href="/opportunities" id="nav-opportunities"><?cs var:Lang.nav.opportunities ?></a>
    <a href="/plans" id="nav-plans"><?cs var:Lang.nav.plans ?></a>
    <a href="/negotiations" id="nav-negotiations"><?cs var:Lang.nav.negotiations ?></a>
    <a href="/objections" id="nav-objections"><?cs var:Lang.nav.objections ?></a>
    <a href="/concessions" id="nav-concessions"><?cs var:Lang.nav.concessions ?></a>
    <a href="/actions" id="nav-actions"><?cs var:Lang.nav.actions ?></a>
    <a href="/follow-ups" id="nav-followups"><?cs var:Lang.nav.followups ?></a>
    <a href="/reports" id="nav-reports"><?cs var:Lang.nav.reports ?></a>
    <a href="/reviews" id="nav-reviews"><?cs var:Lang.review.list_title ?></a>
    <a href="/approvals" id="nav-approvals"><?cs var:Lang.appr.nav ?><?cs if:Nav.approvals_pending ?> <span class="badge warn" id="approvals-badge" title="<?cs var:Lang.appr.badge_title ?>"><?cs var:Nav.approvals_pending ?></span><?cs /if ?></a>
    <a href="/exports" id="nav-exports"><?cs var:Lang.exp.nav ?></a>
<?cs /if ?>
<?cs if:Nav.admin ?>
    <a href="/admin/users"><?cs var:Lang.nav.users ?></a>
    <a href="/admin/teams"><?cs var:Lang.nav.teams ?></a>
    <a href="/admin/regions"><?cs var:Lang.nav.regions ?></a>
    <a href="/admin/approval-policy" id="nav-policy"><?cs var:Lang.policy.admin_link ?></a>
    <a href="/admin/closing" id="nav-closing"><?cs var:Lang.closing_admin.title ?></a>
    <a href="/admin/audit"><?cs var:Lang.nav.audit ?></a>
    <a href="/admin/exports" id="nav-admin-exports"><?cs var:Lang.exp.admin_title ?></a>
<?cs /if ?>
  </nav>
  <div class="who">
    <span id="user-name"><?cs var:User.name ?></span>
    <span id="user-role" class="role"><?cs var:User.role_label ?></span>
    <form id="lang-form" class="inline" method="post" action="/account/lang">
      <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
      <input type="hidden" name="next" value="<?cs var:Page.path ?>">
      <button type="submit" name="lang" value="zh-CN" class="link<?cs if:Page.lang == "zh-CN" ?> current<?cs /if ?>"><?cs var:Lang.langname.zh ?></button>
      <button type="submit" name="lang" value="en" class="link<?cs if:Page.lang == "en" ?> current<?cs /if ?>"><?cs var:Lang.langname.en ?></button>
    </form>
    <form id="logout-form" class="inline" method="post" action="/logout">
      <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
      <button type="submit" id="logout" class="link"><?cs var:Lang.nav.logout ?></button>
    </form>
  </div>
<?cs else ?>
  <div class="who">
    <a href="/login?lang=zh-CN" id="lang-zh" class="<?cs if:Page.lang == "zh-CN" ?>current<?cs /if ?>"><?cs var:Lang.langname.zh ?></a>
    <a href="/login?lang=en" id="lang-en" class="<?cs if:Page.lang == "en" ?>current<?cs /if ?>"><?cs var:Lang.langname.en ?></a>
  </div>
<?cs /if ?>
</header>
<main id="main">
<?cs if:Page.flash ?><div class="flash" role="status"><?cs var:Page.flash ?></div><?cs /if ?>
<?cs if:Form.error ?><div class="error" role="alert"><?cs var:Form.error ?><?cs if:Form.message ?> <?cs var:Form.message ?><?cs /if ?></div>
<?cs elif:Form.message ?><div class="error" role="alert"><?cs var:Form.message ?></div><?cs /if ?>
