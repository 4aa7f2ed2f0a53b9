<?cs include:"layout/macros.cs" ?>
<?cs set:Page.title = Lang.closing_admin.title ?><?cs include:"layout/header.cs" ?>
<h1><?cs var:Lang.closing_admin.title ?></h1>
<p class="hint"><?cs var:Lang.closing_admin.hint ?></p>
<?cs def:choice_table(id, title, rows) ?>
<section class="card">
  <h2 id="<?cs var:id ?>-title"><?cs var:title ?></h2>
<?cs if:subcount(rows) ?>
  <div class="table-wrap">
  <table class="list" id="<?cs var:id ?>" aria-labelledby="<?cs var:id ?>-title">
    <thead><tr><th><?cs var:Lang.closing_admin.label_zh ?></th><th><?cs var:Lang.closing_admin.label_en ?></th><th><?cs var:Lang.closing_admin.position ?></th><th><?cs var:Lang.closing_admin.active ?></th><th><?cs var:Lang.common.edit ?></th></tr></thead>
    <tbody>
<?cs each:c = rows ?>      <tr data-id="<?cs var:c.id ?>" data-active="<?cs var:c.active ?>"><td lang="zh-CN"><?cs var:c.label_zh ?></td><td lang="en"><?cs var:c.label_en ?></td><td><?cs var:c.position ?></td><td><?cs if:c.active == "1" ?>✓<?cs else ?>—<?cs /if ?></td><td><a href="/admin/closing/<?cs var:c.id ?>/edit"><?cs var:Lang.common.edit ?></a></td></tr>
<?cs /each ?>    </tbody>
  </table>
  </div>
<?cs else ?>
  <p><?cs var:Lang.closing_admin.none ?></p>
<?cs /if ?>
</section>
<?cs /def ?>
<?cs call:choice_table("reasons", Lang.closing_admin.reasons, Lists.reason) ?>
<?cs call:choice_table("competitors", Lang.closing_admin.competitors, Lists.competitor) ?>
<section class="card">
  <h2><?cs var:Lang.closing_admin.add ?></h2>
  <form method="post" action="/admin/closing" class="form" id="closing-choice-form" novalidate>
    <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
    <div class="field<?cs if:Form.errors.list ?> invalid<?cs /if ?>">
      <label for="f-list"><?cs var:Lang.closing_admin.title ?></label>
      <select id="f-list" name="list">
        <option value="reason"<?cs if:Form.values.list == "reason" ?> selected<?cs /if ?>><?cs var:Lang.closing_admin.reasons ?></option>
        <option value="competitor"<?cs if:Form.values.list == "competitor" ?> selected<?cs /if ?>><?cs var:Lang.closing_admin.competitors ?></option>
      </select>
      <?cs call:field_error("list") ?>
    </div>
    <?cs call:text_field("label_zh", Lang.closing_admin.label_zh, "text", 1) ?>
    <?cs call:text_field("label_en", Lang.closing_admin.label_en, "text", 1) ?>
    <?cs call:text_field("position", Lang.closing_admin.position, "text", 0) ?>
    <button type="submit" class="primary" id="add-choice"><?cs var:Lang.closing_admin.add ?></button>
  </form>
</section>
<?cs include:"layout/footer.cs" ?>
