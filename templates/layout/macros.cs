<?cs def:field_error(name) ?><?cs if:Form.errors[name] ?><p class="field-error" id="err-<?cs var:name ?>"><?cs var:Form.errors[name] ?></p><?cs /if ?><?cs /def ?>
<?cs def:text_field(name, label, type, required) ?>
<div class="field<?cs if:Form.errors[name] ?> invalid<?cs /if ?>">
  <label for="f-<?cs var:name ?>"><?cs var:label ?></label>
  <input id="f-<?cs var:name ?>" name="<?cs var:name ?>" type="<?cs var:type ?>" value="<?cs if:type != "password" ?><?cs var:Form.values[name] ?><?cs /if ?>"<?cs if:required ?> required<?cs /if ?><?cs if:Form.errors[name] ?> aria-invalid="true" aria-describedby="err-<?cs var:name ?>"<?cs /if ?>>
  <?cs call:field_error(name) ?>
</div>
<?cs /def ?>
