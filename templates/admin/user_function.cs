<?cs include:"layout/macros.cs" ?><?cs set:Page.title = Lang.dt.function_label ?><?cs include:"layout/header.cs" ?>
<h1><?cs var:Shown.display_name ?> · <?cs var:Lang.dt.function_label ?></h1>
<?cs if:Form.error ?><p class="error" role="alert" id="form-error"><?cs var:Form.error ?></p><?cs /if ?>
<form method="post" action="/admin/users/<?cs var:Shown.id ?>/function" class="form card" id="function-form">
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
  <div class="field<?cs if:Form.errors.function ?> invalid<?cs /if ?>">
    <label for="f-function"><?cs var:Lang.dt.function_label ?></label>
    <select id="f-function" name="function">
<?cs each:c = Choices.functions ?>      <option value="<?cs var:c.value ?>"<?cs if:c.value == Form.values.function ?> selected<?cs /if ?>><?cs var:c.label ?></option>
<?cs /each ?>    </select>
    <?cs call:field_error("function") ?>
  </div>
  <button type="submit" class="primary" id="save-function"><?cs var:Lang.common.save ?></button>
</form>
<p><a href="/admin/users/<?cs var:Shown.id ?>"><?cs var:Lang.admin.back_to_users ?></a></p>
<?cs include:"layout/footer.cs" ?>
