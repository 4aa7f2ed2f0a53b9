<?cs def:area_field(name, label, rows) ?>
<div class="field wide<?cs if:Form.errors[name] ?> invalid<?cs /if ?>">
  <label for="f-<?cs var:name ?>"><?cs var:label ?></label>
  <textarea id="f-<?cs var:name ?>" name="<?cs var:name ?>" rows="<?cs var:rows ?>"<?cs if:Form.errors[name] ?> aria-invalid="true" aria-describedby="err-<?cs var:name ?>"<?cs /if ?>><?cs var:Form.values[name] ?></textarea>
  <?cs call:field_error(name) ?>
</div>
<?cs /def ?>
<?cs def:row_buttons(list, n) ?>
    <button type="submit" name="remove" value="<?cs var:list ?>.<?cs var:n ?>" class="link" formnovalidate id="remove-<?cs var:list ?>-<?cs var:n ?>"><?cs var:Lang.plan.remove_row ?></button>
<?cs /def ?>
<?cs def:add_button(list) ?>
  <p><button type="submit" name="add" value="<?cs var:list ?>" formnovalidate id="add-<?cs var:list ?>"><?cs var:Lang.plan.add_row ?></button></p>
<?cs /def ?>
