<?cs include:"layout/macros.cs" ?>
<?cs if:Form.id ?><?cs set:Page.title = Lang.admin.edit_user ?><?cs else ?><?cs set:Page.title = Lang.admin.new_user ?><?cs /if ?>
<?cs include:"layout/header.cs" ?>
<h1><?cs var:Page.title ?></h1>
<form method="post" action="/admin/users<?cs if:Form.id ?>/<?cs var:Form.id ?><?cs /if ?>" class="form card" id="user-form" novalidate>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
<?cs if:Form.id ?>
  <div class="field"><label><?cs var:Lang.admin.username ?></label><p class="static"><?cs var:Form.values.username ?></p></div>
<?cs else ?>
  <?cs call:text_field("username", Lang.admin.username, "text", 1) ?>
  <p class="hint"><?cs var:Lang.admin.username_hint ?></p>
<?cs /if ?>
  <?cs call:text_field("display_name", Lang.admin.display_name, "text", 1) ?>
  <div class="field<?cs if:Form.errors.role ?> invalid<?cs /if ?>">
    <label for="f-role"><?cs var:Lang.admin.role ?></label>
    <select id="f-role" name="role">
<?cs each:r = Choices.roles ?>      <option value="<?cs var:r.value ?>"<?cs if:r.value == Form.values.role ?> selected<?cs /if ?>><?cs var:r.label ?></option>
<?cs /each ?>    </select>
    <?cs call:field_error("role") ?>
  </div>
  <div class="field<?cs if:Form.errors.team_id ?> invalid<?cs /if ?>">
    <label for="f-team_id"><?cs var:Lang.admin.team ?></label>
    <select id="f-team_id" name="team_id">
      <option value=""><?cs var:Lang.common.none ?></option>
<?cs each:t = Choices.teams ?>      <option value="<?cs var:t.id ?>"<?cs if:t.id == Form.values.team_id ?> selected<?cs /if ?>><?cs var:t.name ?> (<?cs var:t.region ?>)</option>
<?cs /each ?>    </select>
    <p class="hint"><?cs var:Lang.admin.team_hint ?></p>
    <?cs call:field_error("team_id") ?>
  </div>
  <div class="field<?cs if:Form.errors.region_id ?> invalid<?cs /if ?>">
    <label for="f-region_id"><?cs var:Lang.admin.region ?></label>
    <select id="f-region_id" name="region_id">
      <option value=""><?cs var:Lang.common.none ?></option>
<?cs each:g = Choices.regions ?>      <option value="<?cs var:g.id ?>"<?cs if:g.id == Form.values.region_id ?> selected<?cs /if ?>><?cs var:g.name ?></option>
<?cs /each ?>    </select>
    <p class="hint"><?cs var:Lang.admin.region_hint ?></p>
    <?cs call:field_error("region_id") ?>
  </div>
  <div class="field<?cs if:Form.errors.manager_id ?> invalid<?cs /if ?>">
    <label for="f-manager_id"><?cs var:Lang.admin.manager ?></label>
    <select id="f-manager_id" name="manager_id">
      <option value=""><?cs var:Lang.common.none ?></option>
<?cs each:m = Choices.managers ?>      <option value="<?cs var:m.id ?>"<?cs if:m.id == Form.values.manager_id ?> selected<?cs /if ?>><?cs var:m.name ?> · <?cs var:m.role ?></option>
<?cs /each ?>    </select>
    <p class="hint"><?cs var:Lang.admin.manager_hint ?></p>
    <?cs call:field_error("manager_id") ?>
  </div>
  <div class="field<?cs if:Form.errors.lang ?> invalid<?cs /if ?>">
    <label for="f-lang"><?cs var:Lang.admin.lang ?></label>
    <select id="f-lang" name="lang">
      <option value="zh-CN"<?cs if:Form.values.lang == "zh-CN" ?> selected<?cs /if ?>><?cs var:Lang.langname.zh ?></option>
      <option value="en"<?cs if:Form.values.lang == "en" ?> selected<?cs /if ?>><?cs var:Lang.langname.en ?></option>
    </select>
    <?cs call:field_error("lang") ?>
  </div>
<?cs if:!Form.id ?>
  <?cs call:text_field("password", Lang.admin.password, "password", 1) ?>
  <p class="hint"><?cs var:Lang.admin.password_hint ?></p>
<?cs /if ?>
  <div class="actions">
    <button type="submit" class="primary" id="save"><?cs var:Lang.common.save ?></button>
    <a href="/admin/users<?cs if:Form.id ?>/<?cs var:Form.id ?><?cs /if ?>"><?cs var:Lang.common.cancel ?></a>
  </div>
</form>
<?cs include:"layout/footer.cs" ?>
