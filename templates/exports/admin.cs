<?cs include:"layout/macros.cs" ?>
<?cs set:Page.title = Lang.exp.admin_title ?><?cs include:"layout/header.cs" ?>
<h1><?cs var:Lang.exp.admin_title ?></h1>
<form method="post" action="/admin/exports" class="form card" id="retention-form" novalidate>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
  <label for="f-retention_days"><?cs var:Lang.exp.retention_days ?></label>
  <input id="f-retention_days" name="retention_days" value="<?cs var:Form.values.retention_days ?>" inputmode="numeric"<?cs if:Form.errors.retention_days ?> aria-invalid="true" aria-describedby="err-retention_days"<?cs /if ?>>
  <?cs if:Form.errors.retention_days ?><p class="field-error" id="err-retention_days"><?cs var:Form.errors.retention_days ?></p><?cs /if ?>
  <p class="hint"><?cs var:Lang.exp.retention_hint ?></p>
  <div class="actions"><button type="submit" class="primary" id="save"><?cs var:Lang.exp.save ?></button></div>
</form>
<?cs include:"layout/footer.cs" ?>
