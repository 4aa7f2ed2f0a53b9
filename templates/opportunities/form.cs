<?cs include:"layout/macros.cs" ?>
<?cs if:Form.id ?><?cs set:Page.title = Lang.opp.edit ?><?cs else ?><?cs set:Page.title = Lang.opp.new ?><?cs /if ?>
<?cs include:"layout/header.cs" ?>
<h1><?cs var:Page.title ?></h1>
<form method="post" action="/opportunities<?cs if:Form.id ?>/<?cs var:Form.id ?><?cs /if ?>" class="form card" id="opportunity-form" novalidate>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
<?cs if:!Form.id ?>
  <input type="hidden" name="customer_id" value="<?cs var:Form.customer_id ?>">
<?cs /if ?>
  <div class="field"><label><?cs var:Lang.opp.customer ?></label>
    <p class="static"><a href="/customers/<?cs var:Form.customer_id ?>" id="form-customer"><?cs var:Form.customer_name ?></a></p></div>
  <?cs call:text_field("title", Lang.opp.name, "text", 1) ?>
  <div class="field<?cs if:Form.errors.stage ?> invalid<?cs /if ?>">
    <label for="f-stage"><?cs var:Lang.opp.stage ?></label>
    <select id="f-stage" name="stage">
<?cs each:c = Choices.stages ?>      <option value="<?cs var:c.value ?>"<?cs if:c.value == Form.values.stage ?> selected<?cs /if ?>><?cs var:c.value ?>. <?cs var:c.label ?></option>
<?cs /each ?>    </select>
    <?cs call:field_error("stage") ?>
  </div>
<?cs if:Form.closed_status ?>
  <div class="field"><label><?cs var:Lang.opp.status ?></label>
    <p class="static" id="form-status"><?cs var:Form.closed_status_label ?> · <a href="/opportunities/<?cs var:Form.id ?>/reopen"><?cs var:Lang.closing.reopen ?></a></p>
    <input type="hidden" name="status" value="<?cs var:Form.closed_status ?>"></div>
<?cs else ?>
  <div class="field<?cs if:Form.errors.status ?> invalid<?cs /if ?>">
    <label for="f-status"><?cs var:Lang.opp.status ?></label>
    <select id="f-status" name="status"<?cs if:Form.errors.status ?> aria-invalid="true" aria-describedby="err-status"<?cs /if ?>>
<?cs each:c = Choices.statuses ?><?cs if:c.value == "open" || c.value == "on_hold" ?>      <option value="<?cs var:c.value ?>"<?cs if:c.value == Form.values.status ?> selected<?cs /if ?>><?cs var:c.label ?></option>
<?cs /if ?><?cs /each ?>    </select>
    <?cs call:field_error("status") ?>
  </div>
  <p class="hint"><?cs var:Lang.closing.status_hint ?></p>
<?cs /if ?>
  <div class="field<?cs if:Form.errors.currency ?> invalid<?cs /if ?>">
    <label for="f-currency"><?cs var:Lang.opp.currency ?></label>
    <select id="f-currency" name="currency">
<?cs each:c = Choices.currencies ?>      <option value="<?cs var:c ?>"<?cs if:c == Form.values.currency ?> selected<?cs /if ?>><?cs var:c ?></option>
<?cs /each ?>    </select>
    <?cs call:field_error("currency") ?>
  </div>
  <?cs call:text_field("list_price", Lang.opp.list_price, "text", 0) ?>
  <?cs call:text_field("initial_quote", Lang.opp.initial_quote, "text", 0) ?>
  <?cs call:text_field("current_offer", Lang.opp.current_offer, "text", 0) ?>
  <?cs call:text_field("final_price", Lang.opp.final_price, "text", 0) ?>
  <p class="hint"><?cs var:Lang.opp.money_hint ?></p>
  <?cs call:text_field("expected_close", Lang.opp.expected_close, "date", 0) ?>
<?cs if:Form.restricted ?>
  <fieldset id="opp-restricted">
    <legend><?cs var:Lang.opp.restricted_title ?></legend>
    <p class="hint"><?cs var:Lang.opp.restricted_hint ?></p>
    <?cs call:text_field("cost", Lang.opp.cost, "text", 0) ?>
<?cs if:Form.broken.cost ?>    <p class="field-error"><?cs var:Lang.opp.unavailable ?></p>
<?cs /if ?>    <p class="hint"><?cs var:Lang.opp.money_hint ?></p>
    <?cs call:text_field("margin", Lang.opp.margin, "text", 0) ?>
<?cs if:Form.broken.margin ?>    <p class="field-error"><?cs var:Lang.opp.unavailable ?></p>
<?cs /if ?>    <p class="hint"><?cs var:Lang.opp.margin_hint ?> · <?cs var:Lang.opp.clear_hint ?></p>
  </fieldset>
<?cs /if ?>
  <div class="actions">
    <button type="submit" class="primary" id="save"><?cs var:Lang.common.save ?></button>
    <a href="<?cs if:Form.id ?>/opportunities/<?cs var:Form.id ?><?cs else ?>/customers/<?cs var:Form.customer_id ?><?cs /if ?>"><?cs var:Lang.common.cancel ?></a>
  </div>
</form>
<?cs include:"layout/footer.cs" ?>
