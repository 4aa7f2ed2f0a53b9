<?cs include:"layout/macros.cs" ?>
<?cs set:Page.title = Shown.display_name ?><?cs include:"layout/header.cs" ?>
<div class="titlebar">
  <h1 id="shown-name"><?cs var:Shown.display_name ?></h1>
  <a class="button" href="/admin/users/<?cs var:Shown.id ?>/edit" id="edit-user"><?cs var:Lang.common.edit ?></a>
</div>
<dl class="card facts">
  <dt><?cs var:Lang.admin.username ?></dt><dd id="shown-username"><?cs var:Shown.username ?></dd>
  <dt><?cs var:Lang.admin.role ?></dt><dd id="shown-role"><?cs var:Shown.role_label ?></dd>
  <dt><?cs var:Lang.admin.manager ?></dt><dd><?cs var:Shown.manager ?></dd>
  <dt><?cs var:Lang.dt.function_label ?></dt><dd><a href="/admin/users/<?cs var:Shown.id ?>/function" id="edit-function"><?cs var:Lang.common.edit ?></a></dd>
  <dt><?cs var:Lang.admin.lang ?></dt><dd><?cs if:Shown.lang == "en" ?><?cs var:Lang.langname.en ?><?cs else ?><?cs var:Lang.langname.zh ?><?cs /if ?></dd>
  <dt><?cs var:Lang.admin.status ?></dt><dd id="shown-status"><?cs if:Shown.active == "1" ?><?cs var:Lang.admin.active ?><?cs else ?><?cs var:Lang.admin.inactive ?><?cs /if ?></dd>
</dl>
<section class="card">
  <h2><?cs var:Lang.admin.reset_password ?></h2>
  <form method="post" action="/admin/users/<?cs var:Shown.id ?>/password" class="form" id="password-form">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
    <?cs call:text_field("new_password", Lang.admin.new_password, "password", 1) ?>
    <p class="hint"><?cs var:Lang.admin.password_hint ?></p>
    <button type="submit"><?cs var:Lang.admin.reset_password ?></button>
  </form>
</section>
<?cs if:!Shown.is_self ?>
<section class="card">
<?cs if:Shown.active == "1" ?>
  <form method="post" action="/admin/users/<?cs var:Shown.id ?>/deactivate" id="deactivate-form">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
    <p><?cs var:Lang.admin.deactivate_text ?></p>
    <button type="submit" class="danger"><?cs var:Lang.admin.deactivate ?></button>
  </form>
<?cs else ?>
  <form method="post" action="/admin/users/<?cs var:Shown.id ?>/activate" id="activate-form">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
    <button type="submit"><?cs var:Lang.admin.activate ?></button>
  </form>
<?cs /if ?>
</section>
<?cs /if ?>
<p><a href="/admin/users"><?cs var:Lang.admin.back_to_users ?></a></p>
<?cs include:"layout/footer.cs" ?>
