<?cs set:Page.title = Lang.home.title ?><?cs include:"layout/header.cs" ?>
<h1><?cs var:Lang.home.welcome ?> <?cs var:User.name ?></h1>
<p class="muted"><?cs var:Lang.home.role_is ?> <?cs var:User.role_label ?></p>
<?cs if:Nav.admin ?>
<section class="card">
  <h2><?cs var:Lang.home.admin_title ?></h2>
  <p><?cs var:Lang.home.admin_text ?></p>
  <p><a class="button" href="/admin/users"><?cs var:Lang.nav.users ?></a> <a class="button" href="/admin/teams"><?cs var:Lang.nav.teams ?></a> <a class="button" href="/admin/approval-policy" id="home-policy"><?cs var:Lang.policy.admin_link ?></a></p>
</section>
<?cs else ?>
<section class="card">
  <h2><?cs var:Lang.home.sales_title ?></h2>
  <p><?cs var:Lang.home.sales_text ?></p>
</section>
<?cs /if ?>
<?cs include:"layout/footer.cs" ?>
