<?cs # The form kit's fields (src/form/kit.h): values from Form.values.<name>, messages from
   Form.errors.<name>; rows "<list>.<n>.<field>" from Form.rows.<list>.<n>, their messages under .err. ?><?cs def:field_error(name) ?><?cs if:Form.errors[name] ?><p class="field-error" id="err-<?cs var:name ?>"><?cs var:Form.errors[name] ?></p><?cs /if ?><?cs /def ?>
<?cs def:text_field(name, label, type, required) ?>
<div class="field<?cs if:Form.errors[name] ?> invalid<?cs /if ?>">
  <label for="f-<?cs var:name ?>"><?cs var:label ?></label>
  <input id="f-<?cs var:name ?>" name="<?cs var:name ?>" type="<?cs var:type ?>" value="<?cs if:type != "password" ?><?cs var:Form.values[name] ?><?cs /if ?>"<?cs if:required ?> required<?cs /if ?><?cs if:Form.errors[name] ?> aria-invalid="true" aria-describedby="err-<?cs var:name ?>"<?cs /if ?>>
  <?cs call:field_error(name) ?>
</div>
<?cs /def ?><?cs def:textarea_field(name, label, rows) ?>
<div class="field wide<?cs if:Form.errors[name] ?> invalid<?cs /if ?>">
  <label for="f-<?cs var:name ?>"><?cs var:label ?></label>
  <textarea id="f-<?cs var:name ?>" name="<?cs var:name ?>" rows="<?cs var:rows ?>"><?cs var:Form.values[name] ?></textarea>
  <?cs call:field_error(name) ?>
</div>
<?cs /def ?><?cs def:select_field(name, label, prefix, opts) ?>
<div class="field<?cs if:Form.errors[name] ?> invalid<?cs /if ?>">
  <label for="f-<?cs var:name ?>"><?cs var:label ?></label>
  <select id="f-<?cs var:name ?>" name="<?cs var:name ?>">
<?cs each:o = opts ?>    <option value="<?cs var:o ?>"<?cs if:o == Form.values[name] ?> selected<?cs /if ?>><?cs var:Lang[prefix][o] ?></option>
<?cs /each ?>  </select>
  <?cs call:field_error(name) ?>
</div>
<?cs /def ?><?cs def:choice_field(name, label, choices, blank) ?>
<div class="field<?cs if:Form.errors[name] ?> invalid<?cs /if ?>">
  <label for="f-<?cs var:name ?>"><?cs var:label ?></label>
  <select id="f-<?cs var:name ?>" name="<?cs var:name ?>"<?cs if:Form.errors[name] ?> aria-invalid="true" aria-describedby="err-<?cs var:name ?>"<?cs /if ?>>
<?cs if:blank ?>    <option value=""<?cs if:!Form.values[name] ?> selected<?cs /if ?>><?cs var:blank ?></option>
<?cs /if ?><?cs each:c = choices ?>    <option value="<?cs var:c.value ?>"<?cs if:c.value == Form.values[name] ?> selected<?cs /if ?>><?cs var:c.label ?></option>
<?cs /each ?>  </select>
  <?cs call:field_error(name) ?>
</div>
<?cs /def ?><?cs def:check_field(name, label) ?>
<div class="field check"><label><input type="checkbox" id="f-<?cs var:name ?>" name="<?cs var:name ?>" value="1"<?cs if:Form.values[name] == "1" ?> checked<?cs /if ?>> <?cs var:label ?></label><?cs call:field_error(name) ?></div>
<?cs /def ?><?cs # Cells of a repeatable row, one <td> each. ?><?cs def:row_err(row, f) ?><?cs if:row.err[f] ?><p class="field-error"><?cs var:row.err[f] ?></p><?cs /if ?><?cs /def ?><?cs def:row_input(list, row, f, label, type, mode) ?><td class="<?cs if:row.err[f] ?>invalid<?cs /if ?>"><input type="<?cs var:type ?>"<?cs if:mode ?> inputmode="<?cs var:mode ?>"<?cs /if ?> name="<?cs var:list ?>.<?cs name:row ?>.<?cs var:f ?>" id="f-<?cs var:list ?>-<?cs name:row ?>-<?cs var:f ?>" value="<?cs var:row[f] ?>" aria-label="<?cs var:label ?>"<?cs if:row.err[f] ?> aria-invalid="true"<?cs /if ?>><?cs call:row_err(row, f) ?></td><?cs /def ?><?cs def:row_area(list, row, f, label) ?><td class="<?cs if:row.err[f] ?>invalid<?cs /if ?>"><textarea rows="2" name="<?cs var:list ?>.<?cs name:row ?>.<?cs var:f ?>" id="f-<?cs var:list ?>-<?cs name:row ?>-<?cs var:f ?>" aria-label="<?cs var:label ?>"<?cs if:row.err[f] ?> aria-invalid="true"<?cs /if ?>><?cs var:row[f] ?></textarea><?cs call:row_err(row, f) ?></td><?cs /def ?><?cs def:row_select(list, row, f, label, choices) ?><td class="<?cs if:row.err[f] ?>invalid<?cs /if ?>"><select name="<?cs var:list ?>.<?cs name:row ?>.<?cs var:f ?>" id="f-<?cs var:list ?>-<?cs name:row ?>-<?cs var:f ?>" aria-label="<?cs var:label ?>"<?cs if:row.err[f] ?> aria-invalid="true"<?cs /if ?>><option value=""><?cs var:Lang.form.choose ?></option><?cs each:c = choices ?><option value="<?cs var:c.value ?>"<?cs if:c.value == row[f] ?> selected<?cs /if ?>><?cs var:c.label ?></option><?cs /each ?></select><?cs call:row_err(row, f) ?></td><?cs /def ?><?cs def:row_check(list, row, f, label) ?><td><input type="checkbox" value="1" name="<?cs var:list ?>.<?cs name:row ?>.<?cs var:f ?>" id="f-<?cs var:list ?>-<?cs name:row ?>-<?cs var:f ?>" aria-label="<?cs var:label ?>"<?cs if:row[f] == "1" ?> checked<?cs /if ?>></td><?cs /def ?><?cs def:row_remove(list, row) ?><td><button type="submit" class="link remove-row" name="remove" value="<?cs var:list ?>.<?cs name:row ?>" formnovalidate id="remove-<?cs var:list ?>-<?cs name:row ?>"><?cs var:Lang.form.remove_row ?></button></td><?cs /def ?><?cs def:row_add(list) ?><p><button type="submit" class="add-row" name="add" value="<?cs var:list ?>" formnovalidate id="add-<?cs var:list ?>"><?cs var:Lang.form.add_row ?></button></p><?cs /def ?>
