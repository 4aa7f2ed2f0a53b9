<?cs include:"layout/macros.cs" ?>
<?cs set:Page.title = Lang.policy.title ?><?cs include:"layout/header.cs" ?>
<h1><?cs var:Lang.policy.title ?></h1>
<p class="muted"><?cs var:Lang.policy.intro ?></p>
<?cs if:Policy.updated_at ?><p class="muted" id="policy-updated"><?cs var:Lang.policy.updated ?>: <?cs var:Policy.updated_at ?><?cs if:Policy.updated_by ?> · <?cs var:Lang.policy.updated_by ?> <?cs var:Policy.updated_by ?><?cs /if ?></p><?cs /if ?>
<form method="post" action="/admin/approval-policy" class="form card" id="policy-form" novalidate>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
  <?cs # First in the form: Enter in a field saves rather than adding or removing a row. ?>
  <div class="actions"><button type="submit" class="primary" id="save-top"><?cs var:Lang.policy.save ?></button></div>
  <fieldset id="policy-rows" class="rows">
    <legend><?cs var:Lang.policy.rows ?></legend>
    <?cs call:field_error("rows") ?>
    <div class="table-wrap">
    <table class="list" id="policy-table">
      <thead><tr><th><?cs var:Lang.policy.position ?></th><th><?cs var:Lang.policy.max_discount ?></th><th><?cs var:Lang.policy.max_amount ?></th><th><?cs var:Lang.policy.levels ?></th><th></th></tr></thead>
      <tbody>
<?cs each:row = Form.rows.rows ?>
        <tr class="row-item<?cs if:row.error ?> invalid<?cs /if ?>" data-row="rows.<?cs name:row ?>">
          <td><?cs var:row.pos ?><?cs if:row.error ?><p class="field-error" id="err-rows-<?cs name:row ?>"><?cs var:row.error ?></p><?cs /if ?></td>
          <td><input id="f-rows-<?cs name:row ?>-max_discount" name="rows.<?cs name:row ?>.max_discount" value="<?cs var:row.max_discount ?>" inputmode="decimal" placeholder="<?cs var:Lang.policy.no_limit ?>" aria-label="<?cs var:Lang.policy.max_discount ?>"></td>
          <td><input id="f-rows-<?cs name:row ?>-max_amount" name="rows.<?cs name:row ?>.max_amount" value="<?cs var:row.max_amount ?>" inputmode="decimal" placeholder="<?cs var:Lang.policy.no_limit ?>" aria-label="<?cs var:Lang.policy.max_amount ?>"></td>
          <td><select id="f-rows-<?cs name:row ?>-levels" name="rows.<?cs name:row ?>.levels" aria-label="<?cs var:Lang.policy.levels ?>">
            <option value="0"<?cs if:row.levels == "0" ?> selected<?cs /if ?>><?cs var:Lang.policy.levels_0 ?></option>
            <option value="1"<?cs if:row.levels == "1" ?> selected<?cs /if ?>><?cs var:Lang.policy.levels_1 ?></option>
            <option value="2"<?cs if:row.levels == "2" ?> selected<?cs /if ?>><?cs var:Lang.policy.levels_2 ?></option>
            <option value="3"<?cs if:row.levels == "3" ?> selected<?cs /if ?>><?cs var:Lang.policy.levels_3 ?></option>
          </select></td>
          <td><button type="submit" name="remove" value="rows.<?cs name:row ?>" class="link" formnovalidate id="remove-rows-<?cs name:row ?>"><?cs var:Lang.policy.remove_row ?></button></td>
        </tr>
<?cs /each ?>
      </tbody>
    </table>
    </div>
<?cs if:Policy.can_add ?>
    <p><button type="submit" name="add" value="rows" formnovalidate id="add-rows"><?cs var:Lang.policy.add_row ?></button></p>
<?cs /if ?>
  </fieldset>
  <fieldset id="policy-settings">
    <legend><?cs var:Lang.policy.settings ?></legend>
    <?cs call:text_field("payment_days_limit", Lang.policy.payment_days_limit, "number", 1) ?>
    <p class="hint"><?cs var:Lang.policy.payment_days_hint ?></p>
    <div class="field<?cs if:Form.errors.breach_levels ?> invalid<?cs /if ?>">
      <label for="f-breach_levels"><?cs var:Lang.policy.breach_levels ?></label>
      <select id="f-breach_levels" name="breach_levels">
        <option value="1"<?cs if:Form.values.breach_levels == "1" ?> selected<?cs /if ?>><?cs var:Lang.policy.levels_1 ?></option>
        <option value="2"<?cs if:Form.values.breach_levels == "2" ?> selected<?cs /if ?>><?cs var:Lang.policy.levels_2 ?></option>
        <option value="3"<?cs if:Form.values.breach_levels == "3" ?> selected<?cs /if ?>><?cs var:Lang.policy.levels_3 ?></option>
      </select>
      <?cs call:field_error("breach_levels") ?>
    </div>
    <p class="hint"><?cs var:Lang.policy.breach_hint ?></p>
  </fieldset>
  <div class="actions"><button type="submit" class="primary" id="save"><?cs var:Lang.policy.save ?></button></div>
</form>
<?cs include:"layout/footer.cs" ?>
