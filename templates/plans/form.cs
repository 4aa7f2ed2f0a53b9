<?cs include:"layout/macros.cs" ?><?cs include:"plans/_macros.cs" ?>
<?cs if:Form.id ?><?cs set:Page.title = Lang.plan.edit ?><?cs else ?><?cs set:Page.title = Lang.plan.new ?><?cs /if ?>
<?cs include:"layout/header.cs" ?>
<link rel="stylesheet" href="/static/record.css">
<script src="/static/record.js" defer></script>
<h1><?cs var:Page.title ?></h1>
<form method="post" action="/plans<?cs if:Form.id ?>/<?cs var:Form.id ?><?cs /if ?>" class="form card" id="plan-form" novalidate data-entry data-autosave="/plans/" data-saving="<?cs var:Lang.rec.saving ?>" data-saved="<?cs var:Lang.rec.saved_at ?>" data-failed="<?cs var:Lang.rec.autosave_failed ?>" data-offline="<?cs var:Lang.rec.autosave_offline ?>" data-conflict="<?cs var:Lang.plan.autosave_conflict ?>">
  <?cs # The form's default button is disabled: Enter in a single-line field never submits (without JavaScript too). ?>
  <button type="submit" disabled hidden aria-hidden="true" tabindex="-1" class="enter-guard"></button>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
  <input type="hidden" name="revision" value="<?cs var:Form.revision ?>">
<?cs if:!Form.id ?>
  <input type="hidden" name="opportunity_id" value="<?cs var:Form.opportunity_id ?>" data-parent>
<?cs /if ?>
  <div class="actions"><button type="submit" class="primary" id="save-top"><?cs var:Lang.common.save ?></button>
    <span class="autosave-status" id="autosave-status" role="status" aria-live="polite"></span></div>
<?cs if:Form.conflict ?>
  <div class="conflict" id="conflict"><p><a href="/plans/<?cs var:Form.id ?>" target="_blank" rel="noopener" id="conflict-view"><?cs var:Lang.plan.view_saved ?></a></p></div>
<?cs /if ?>
  <div class="field"><label><?cs var:Lang.plan.opportunity ?></label>
    <p class="static"><a href="/opportunities/<?cs var:Form.opportunity_id ?>" id="form-opportunity"><?cs var:Form.opportunity_title ?></a>
    · <a href="/customers/<?cs var:Form.customer_id ?>"><?cs var:Form.customer_name ?></a></p></div>
  <?cs call:text_field("topic", Lang.plan.topic, "text", 1) ?>
  <div class="field<?cs if:Form.errors.strategy ?> invalid<?cs /if ?>">
    <label for="f-strategy"><?cs var:Lang.plan.strategy_type ?></label>
    <select id="f-strategy" name="strategy">
<?cs each:c = Choices.strategies ?>      <option value="<?cs var:c.value ?>"<?cs if:c.value == Form.values.strategy ?> selected<?cs /if ?>><?cs var:c.label ?></option>
<?cs /each ?>    </select>
    <?cs call:field_error("strategy") ?>
  </div>
  <?cs call:text_field("meeting_on", Lang.plan.meeting_on, "date", 0) ?>
  <?cs call:text_field("start_time", Lang.plan.start_time, "time", 0) ?>
  <?cs call:text_field("place", Lang.plan.place, "text", 0) ?>
  <?cs call:area_field("must_goals", Lang.plan.must_goals, 3) ?>
  <?cs call:area_field("concedable_goals", Lang.plan.concedable_goals, 3) ?>
  <?cs call:area_field("agenda", Lang.plan.agenda, 3) ?>

  <fieldset id="participants-ours" class="rows">
    <legend><?cs var:Lang.plan.ours ?></legend>
    <?cs call:field_error("ours") ?>
<?cs each:row = Form.rows.ours ?>
    <div class="row-item" data-row="ours.<?cs name:row ?>">
<?cs if:row.error ?>      <p class="field-error"><?cs var:row.error ?></p>
<?cs /if ?>      <label for="f-ours-<?cs name:row ?>-user"><?cs var:Lang.plan.person ?></label>
      <select id="f-ours-<?cs name:row ?>-user" name="ours.<?cs name:row ?>.user_id">
        <option value=""><?cs var:Lang.common.none ?></option>
<?cs each:c = Choices.users ?>        <option value="<?cs var:c.id ?>"<?cs if:c.id == row.user_id ?> selected<?cs /if ?>><?cs var:c.name ?></option>
<?cs /each ?>      </select>
      <label for="f-ours-<?cs name:row ?>-role"><?cs var:Lang.plan.role ?></label>
      <input id="f-ours-<?cs name:row ?>-role" name="ours.<?cs name:row ?>.role" value="<?cs var:row.role ?>">
      <?cs call:row_buttons("ours", name(row)) ?>
    </div>
<?cs /each ?>
    <?cs call:add_button("ours") ?>
  </fieldset>

  <fieldset id="participants-theirs" class="rows">
    <legend><?cs var:Lang.plan.theirs ?></legend>
    <?cs call:field_error("theirs") ?>
<?cs if:!subcount(Choices.contacts) ?>    <p class="hint"><?cs var:Lang.plan.no_contacts ?></p>
<?cs /if ?>
<?cs each:row = Form.rows.theirs ?>
    <div class="row-item" data-row="theirs.<?cs name:row ?>">
<?cs if:row.error ?>      <p class="field-error"><?cs var:row.error ?></p>
<?cs /if ?>      <label for="f-theirs-<?cs name:row ?>-contact"><?cs var:Lang.plan.person ?></label>
      <select id="f-theirs-<?cs name:row ?>-contact" name="theirs.<?cs name:row ?>.contact_id">
        <option value=""><?cs var:Lang.common.none ?></option>
<?cs each:c = Choices.contacts ?>        <option value="<?cs var:c.id ?>"<?cs if:c.id == row.contact_id ?> selected<?cs /if ?>><?cs var:c.name ?><?cs if:c.title ?> (<?cs var:c.title ?>)<?cs /if ?></option>
<?cs /each ?>      </select>
      <label for="f-theirs-<?cs name:row ?>-role"><?cs var:Lang.plan.role ?></label>
      <input id="f-theirs-<?cs name:row ?>-role" name="theirs.<?cs name:row ?>.role" value="<?cs var:row.role ?>">
      <?cs call:row_buttons("theirs", name(row)) ?>
    </div>
<?cs /each ?>
    <?cs call:add_button("theirs") ?>
  </fieldset>

  <fieldset id="offers" class="rows">
    <legend><?cs var:Lang.plan.offers ?></legend>
    <p class="hint"><?cs var:Lang.plan.offers_hint ?></p>
    <?cs call:field_error("offers") ?>
<?cs each:row = Form.rows.offers ?>
    <div class="row-item" data-row="offers.<?cs name:row ?>">
<?cs if:row.error ?>      <p class="field-error"><?cs var:row.error ?></p>
<?cs /if ?>      <label for="f-offers-<?cs name:row ?>-label"><?cs var:Lang.plan.offer_label ?></label>
      <input id="f-offers-<?cs name:row ?>-label" name="offers.<?cs name:row ?>.label" value="<?cs var:row.label ?>">
      <label for="f-offers-<?cs name:row ?>-description"><?cs var:Lang.plan.offer_description ?></label>
      <textarea id="f-offers-<?cs name:row ?>-description" name="offers.<?cs name:row ?>.description" rows="2"><?cs var:row.description ?></textarea>
      <label for="f-offers-<?cs name:row ?>-pros"><?cs var:Lang.plan.offer_pros ?></label>
      <textarea id="f-offers-<?cs name:row ?>-pros" name="offers.<?cs name:row ?>.pros" rows="2"><?cs var:row.pros ?></textarea>
      <label for="f-offers-<?cs name:row ?>-cons"><?cs var:Lang.plan.offer_cons ?></label>
      <textarea id="f-offers-<?cs name:row ?>-cons" name="offers.<?cs name:row ?>.cons" rows="2"><?cs var:row.cons ?></textarea>
      <label for="f-offers-<?cs name:row ?>-price"><?cs var:Lang.plan.offer_price ?></label>
      <input id="f-offers-<?cs name:row ?>-price" name="offers.<?cs name:row ?>.price" value="<?cs var:row.price ?>">
      <?cs call:row_buttons("offers", name(row)) ?>
    </div>
<?cs /each ?>
    <?cs call:add_button("offers") ?>
  </fieldset>

  <?cs call:area_field("counter_proposals", Lang.plan.counter_proposals, 3) ?>
  <?cs call:text_field("ladder_step", Lang.plan.ladder_step, "text", 1) ?>
  <p class="hint"><?cs var:Lang.plan.ladder_hint ?></p>
  <?cs call:area_field("ladder_asks", Lang.plan.ladder_asks, 3) ?>

<?cs if:Form.conf ?>
  <fieldset id="plan-confidential">
    <legend><?cs var:Lang.plan.conf_title ?></legend>
    <p class="hint"><?cs var:Lang.plan.conf_hint ?></p>
<?cs if:Form.broken.conf ?>    <p class="field-error"><?cs var:Lang.plan.unavailable ?></p>
<?cs /if ?>    <?cs call:area_field("batna", Lang.plan.batna, 3) ?>
    <?cs call:text_field("min_price", Lang.plan.min_price, "text", 0) ?>
    <?cs call:text_field("max_discount", Lang.plan.max_discount, "text", 0) ?>
    <?cs call:text_field("max_payment_days", Lang.plan.max_payment_days, "text", 0) ?>
    <?cs call:text_field("walkaway_payment_days", Lang.plan.walkaway_payment_days, "text", 0) ?>
    <p class="hint"><?cs var:Lang.plan.percent_hint ?></p>
  </fieldset>
<?cs /if ?>
<?cs if:Form.restr ?>
  <fieldset id="plan-restricted">
    <legend><?cs var:Lang.plan.restr_title ?></legend>
    <p class="hint"><?cs var:Lang.plan.restr_hint ?></p>
<?cs if:Form.broken.restr ?>    <p class="field-error"><?cs var:Lang.plan.unavailable ?></p>
<?cs /if ?>    <?cs call:text_field("min_margin", Lang.plan.min_margin, "text", 0) ?>
    <?cs call:text_field("walkaway_margin", Lang.plan.walkaway_margin, "text", 0) ?>
  </fieldset>
<?cs /if ?>
  <div class="actions">
    <button type="submit" class="primary" id="save"><?cs var:Lang.common.save ?></button>
    <a href="<?cs if:Form.id ?>/plans/<?cs var:Form.id ?><?cs else ?>/opportunities/<?cs var:Form.opportunity_id ?><?cs /if ?>"><?cs var:Lang.common.cancel ?></a>
  </div>
</form>
<?cs include:"layout/footer.cs" ?>
