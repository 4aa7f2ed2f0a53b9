<?cs include:"layout/macros.cs" ?>
<?cs set:Page.title = Lang.closing_admin.title ?><?cs include:"layout/header.cs" ?>
<h1><?cs var:Lang.closing_admin.title ?>: <?cs if:Form.list == "competitor" ?><?cs var:Lang.closing_admin.competitors ?><?cs else ?><?cs var:Lang.closing_admin.reasons ?><?cs /if ?></h1>
<form method="post" action="/admin/closing/<?cs var:Form.id ?>" class="form card" id="closing-choice-edit" novalidate>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
  <?cs call:text_field("label_zh", Lang.closing_admin.label_zh, "text", 1) ?>
  <?cs call:text_field("label_en", Lang.closing_admin.label_en, "text", 1) ?>
  <?cs call:text_field("position", Lang.closing_admin.position, "text", 0) ?>
  <?cs call:check_field("active", Lang.closing_admin.active) ?>
  <div class="actions">
    <button type="submit" class="primary" id="save"><?cs var:Lang.closing_admin.save ?></button>
    <a href="/admin/closing"><?cs var:Lang.common.cancel ?></a>
  </div>
</form>
<?cs include:"layout/footer.cs" ?>
