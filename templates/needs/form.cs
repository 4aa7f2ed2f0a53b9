<?cs include:"layout/macros.cs" ?><?cs include:"plans/_macros.cs" ?>
<?cs if:Form.id ?><?cs set:Page.title = Lang.needs.edit ?><?cs else ?><?cs set:Page.title = Lang.needs.new ?><?cs /if ?>
<?cs include:"layout/header.cs" ?>
<link rel="stylesheet" href="/static/record.css">
<script src="/static/record.js" defer></script>
<h1><?cs var:Page.title ?></h1>
<form method="post" action="<?cs if:Form.id ?>/needs/<?cs var:Form.id ?><?cs else ?>/opportunities/<?cs var:Form.opportunity_id ?>/needs<?cs /if ?>" class="form card" id="needs-form" novalidate data-entry data-autosave="/needs/" data-saving="<?cs var:Lang.rec.saving ?>" data-saved="<?cs var:Lang.rec.saved_at ?>" data-failed="<?cs var:Lang.rec.autosave_failed ?>" data-offline="<?cs var:Lang.rec.autosave_offline ?>" data-conflict="<?cs var:Lang.needs.autosave_conflict ?>">
  <?cs # The form's default button is disabled: Enter in a single-line field never submits (without JavaScript too). ?>
  <button type="submit" disabled hidden aria-hidden="true" tabindex="-1" class="enter-guard"></button>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
  <input type="hidden" name="revision" value="<?cs var:Form.revision ?>">
  <div class="actions"><button type="submit" class="primary" id="save-top"><?cs var:Lang.common.save ?></button>
    <span class="autosave-status" id="autosave-status" role="status" aria-live="polite"></span></div>
<?cs if:Form.conflict ?>
  <div class="conflict" id="conflict"><p><a href="/needs/<?cs var:Form.id ?>" target="_blank" rel="noopener" id="conflict-view"><?cs var:Lang.needs.view_saved ?></a></p></div>
<?cs /if ?>
  <div class="field"><label><?cs var:Lang.plan.opportunity ?></label>
    <p class="static"><a href="/opportunities/<?cs var:Form.opportunity_id ?>" id="form-opportunity"><?cs var:Form.opportunity_title ?></a>
    · <a href="/customers/<?cs var:Form.customer_id ?>"><?cs var:Form.customer_name ?></a></p></div>
  <?cs call:text_field("researched_on", Lang.needs.researched_on, "date", 1) ?>
  <div class="field<?cs if:Form.errors.method ?> invalid<?cs /if ?>">
    <label for="f-method"><?cs var:Lang.needs.method_label ?></label>
    <select id="f-method" name="method">
<?cs each:c = Choices.methods ?>      <option value="<?cs var:c.value ?>"<?cs if:c.value == Form.values.method ?> selected<?cs /if ?>><?cs var:c.label ?></option>
<?cs /each ?>    </select>
    <?cs call:field_error("method") ?>
  </div>
  <?cs call:area_field("current_situation", Lang.needs.current_situation, 3) ?>

  <fieldset id="pains" class="rows">
    <legend><?cs var:Lang.needs.pains ?></legend>
    <p class="hint"><?cs var:Lang.needs.pains_hint ?></p>
    <?cs call:field_error("pains") ?>
<?cs each:row = Form.rows.pains ?>
    <div class="row-item" data-row="pains.<?cs name:row ?>">
<?cs if:row.error ?>      <p class="field-error"><?cs var:row.error ?></p>
<?cs /if ?>      <label for="f-pains-<?cs name:row ?>-text"><?cs var:Lang.needs.pain ?></label>
      <input id="f-pains-<?cs name:row ?>-text" name="pains.<?cs name:row ?>.text" value="<?cs var:row.text ?>">
      <label for="f-pains-<?cs name:row ?>-priority"><?cs var:Lang.needs.priority ?></label>
      <input id="f-pains-<?cs name:row ?>-priority" name="pains.<?cs name:row ?>.priority" value="<?cs var:row.priority ?>" size="3" inputmode="numeric">
      <?cs call:row_buttons("pains", name(row)) ?>
    </div>
<?cs /each ?>
    <?cs call:add_button("pains") ?>
  </fieldset>

  <?cs call:area_field("expected_goals", Lang.needs.expected_goals, 3) ?>
<?cs if:Form.conf ?>
  <fieldset id="needs-budget-fields">
    <legend><?cs var:Lang.needs.budget_title ?></legend>
    <p class="hint"><?cs var:Lang.needs.budget_hint ?></p>
<?cs if:Form.broken.budget ?>    <p class="field-error"><?cs var:Lang.plan.unavailable ?></p>
<?cs /if ?>    <div class="field<?cs if:Form.errors.budget_currency ?> invalid<?cs /if ?>">
      <label for="f-budget_currency"><?cs var:Lang.needs.currency ?></label>
      <select id="f-budget_currency" name="budget_currency">
<?cs each:c = Choices.currencies ?>        <option value="<?cs var:c ?>"<?cs if:c == Form.values.budget_currency ?> selected<?cs /if ?>><?cs var:c ?></option>
<?cs /each ?>      </select>
      <?cs call:field_error("budget_currency") ?>
    </div>
    <?cs call:text_field("budget_min", Lang.needs.budget_min, "text", 0) ?>
    <?cs call:text_field("budget_max", Lang.needs.budget_max, "text", 0) ?>
  </fieldset>
<?cs /if ?>
  <?cs call:area_field("decision_process", Lang.needs.decision_process, 3) ?>

  <fieldset id="needs" class="rows">
    <legend><?cs var:Lang.needs.needs ?></legend>
    <p class="hint"><?cs var:Lang.needs.needs_hint ?></p>
    <?cs call:field_error("needs") ?>
<?cs each:row = Form.rows.needs ?>
    <div class="row-item" data-row="needs.<?cs name:row ?>">
<?cs if:row.error ?>      <p class="field-error"><?cs var:row.error ?></p>
<?cs /if ?>      <label for="f-needs-<?cs name:row ?>-text"><?cs var:Lang.needs.need ?></label>
      <input id="f-needs-<?cs name:row ?>-text" name="needs.<?cs name:row ?>.text" value="<?cs var:row.text ?>">
      <label for="f-needs-<?cs name:row ?>-class"><?cs var:Lang.needs.class_label ?></label>
      <select id="f-needs-<?cs name:row ?>-class" name="needs.<?cs name:row ?>.class">
<?cs each:c = Choices.classes ?>        <option value="<?cs var:c.value ?>"<?cs if:c.value == row.class ?> selected<?cs /if ?>><?cs var:c.label ?></option>
<?cs /each ?>      </select>
      <?cs call:row_buttons("needs", name(row)) ?>
    </div>
<?cs /each ?>
    <?cs call:add_button("needs") ?>
  </fieldset>
  <?cs call:text_field("confirmed_on", Lang.needs.confirmed_on, "date", 0) ?>
  <div class="actions">
    <button type="submit" class="primary" id="save"><?cs var:Lang.common.save ?></button>
    <a href="<?cs if:Form.id ?>/needs/<?cs var:Form.id ?><?cs else ?>/opportunities/<?cs var:Form.opportunity_id ?><?cs /if ?>"><?cs var:Lang.common.cancel ?></a>
  </div>
</form>
<?cs include:"layout/footer.cs" ?>
